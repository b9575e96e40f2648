package dev.switchboard.realtime;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.websocket.Session;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's objects under a Tyrus session on Payara: Tyrus' upgrade handler, and Grizzly's
 * HTTP request that the servlet upgrade keeps for the socket's life. Reached by reflection (Tyrus
 * 2.1 and Grizzly 4, as Payara 6 ships them), like the idle-timeout scheduler ({@link
 * IdleTimeoutScheduler}); callers fall back to the standard API where they cannot be.
 */
final class Upgraded {

  private static final Logger LOG = Logger.getLogger(Upgraded.class.getName());

  /** Logged once, when the first socket's handshake leftovers are released. */
  static final String RELEASED = "sockets keep no leftovers of their handshakes";

  private static volatile boolean released;

  /** Logged once, when the first socket is upgraded without the container's injection. */
  static final String PLAIN = "sockets are upgraded without a CDI managed object each";

  private static volatile boolean plain;

  private static final Map<Class<?>, Map<String, Optional<Field>>> FIELDS =
      new ConcurrentHashMap<>();
  private static final Map<Class<?>, Map<String, Optional<Method>>> METHODS =
      new ConcurrentHashMap<>();

  /** Tyrus' upgrade handler (the one behind its proxy). */
  final Object handler;

  /** Grizzly's request: the handshake's, kept until the socket closes. */
  final Object request;

  private Upgraded(Object handler, Object request) {
    this.handler = handler;
    this.request = request;
  }

  /**
   * The session's socket, its servlet writer, the upgrade handler, its {@code WebConnection},
   * Catalina's request and Grizzly's. Not after the socket closed (which recycles the request).
   */
  static Upgraded of(Session session) throws ReflectiveOperationException {
    Object socket = field(session.getAsyncRemote(), "webSocket");
    Object writer = field(field(socket, "protocolHandler"), "writer");
    Object upgrade = field(writer, "tyrusHttpUpgradeHandler");
    Object webConnection = call(upgrade, "getWebConnection");
    if (webConnection instanceof FirstReadAfterInit.Guarded guarded) {
      webConnection = guarded.container;
    }
    Object catalina = field(webConnection, "request");
    Object request = call(catalina, "getCoyoteRequest");
    Object handler = fieldOrNull(upgrade, "handler"); // TyrusServletUpgrade's proxy
    return new Upgraded(handler == null ? upgrade : handler, request);
  }

  /** Grizzly's TCP connection. */
  Object connection() throws ReflectiveOperationException {
    return call(request, "getConnection");
  }

  /**
   * Drops what the handshake left on the heap that the socket never reads again, about a third of
   * an idle socket's heap (bench/results/README.md, a heap dump's dominators and class histograms):
   * Tyrus' upgrade info (the handshake's request and response as Tyrus copied them; used only to
   * open the socket), the two 1,024-character buffers of Grizzly's query-string parser (every
   * request has them; a recycled request makes them again when it parses) and the header fields of
   * Grizzly's request and of its 101 response (Tyrus read the request's before, the 101 has gone
   * out). The rest is the upgraded request itself, which the container needs at the close. Called
   * on the thread reading the socket's first frame, while the socket is open: Grizzly reads one
   * event of a connection's at a time, and its HTTP/2 filter reads the request's {@code Connection}
   * header again for each (in {@code @OnOpen} the release raced with the first frame's read on
   * another thread, since Tyrus listens for reads before it opens the session: the filter met a
   * header being cleared, failed, and the connection was dropped). Anything not found stays.
   */
  static void releaseHandshake(Session session) {
    try {
      Upgraded upgraded = of(session);
      set(upgraded.handler, "upgradeInfo", null);
      Object parameters = call(upgraded.request, "getParameters");
      for (String name : new String[] {"tmpNameC", "tmpValueC"}) {
        Object chunk = field(parameters, name);
        invoke(chunk, "reset");
      }
      Object response = call(upgraded.request, "getResponse");
      dropHeaderFields(call(upgraded.request, "getRequest"));
      dropHeaderFields(call(response, "getResponse"));
      if (!released) {
        released = true;
        LOG.info(RELEASED);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(
          Level.FINE,
          "socket {0} keeps its handshake's leftovers: {1}",
          new Object[] {session.getId(), e});
    }
  }

  /**
   * The servlet upgrade as Catalina's {@code Request.upgrade} does it, with the handler made by its
   * constructor: Payara makes it a CDI managed object, a Weld injection target built and {@code
   * ProcessInjectionTarget} fired for every socket (7.7 % of an instance's CPU in a reconnect
   * storm's resumes), for Tyrus' handler, which has nothing to inject; and the container gets it
   * wrapped so that a frame sent with the handshake does not deadlock its {@code init} ({@link
   * FirstReadAfterInit}). {@code request} is the one the container handed the filters (its facade);
   * where it is not Catalina's, nothing is changed and this throws.
   */
  static <T extends HttpUpgradeHandler> T upgrade(Object request, Class<T> handlerClass)
      throws ReflectiveOperationException {
    Object catalina = field(request, "request");
    Field upgrade = fieldOf(catalina, "upgrade");
    Field upgradeHandler = fieldOf(catalina, "httpUpgradeHandler");
    Object response = call(call(catalina, "getCoyoteRequest"), "getResponse");
    T handler = handlerClass.getConstructor().newInstance();
    upgrade.set(catalina, true);
    upgradeHandler.set(catalina, new FirstReadAfterInit(handler));
    invoke(response, "suspend");
    if (!plain) {
      plain = true;
      LOG.info(PLAIN);
    }
    return handler;
  }

  /**
   * Empties a Grizzly request's or response's headers and lets their fields go: each keeps the name
   * and value it held (about 560 bytes of byte, char and buffer chunks a header), kept for the next
   * request the packet would serve; one that serves another makes them again as it needs them
   * ({@code MimeHeaders.createHeader} fills empty places).
   */
  private static void dropHeaderFields(Object packet) throws ReflectiveOperationException {
    Object headers = call(packet, "getHeaders");
    invoke(headers, "clear");
    Object fields = field(headers, "headers");
    set(
        headers,
        "headers",
        Array.newInstance(fields.getClass().getComponentType(), Array.getLength(fields)));
  }

  /** What a method without parameters (package-private ones too) answers; never null. */
  static Object call(Object owner, String name) throws ReflectiveOperationException {
    Object value = invoke(owner, name);
    if (value == null) {
      throw new NoSuchFieldException(owner.getClass().getName() + "." + name + "() is null");
    }
    return value;
  }

  /** Calls a method without parameters (package-private ones too); what it answers, or null. */
  private static Object invoke(Object owner, String name) throws ReflectiveOperationException {
    return METHODS
        .computeIfAbsent(owner.getClass(), c -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, n -> find(owner.getClass(), n, Class::getDeclaredMethods))
        .orElseThrow(
            () -> new NoSuchMethodException(owner.getClass().getName() + "." + name + "()"))
        .invoke(owner);
  }

  /** A field's value (private ones too), looked for up the class hierarchy; never null. */
  static Object field(Object owner, String name) throws ReflectiveOperationException {
    Object value = fieldOf(owner, name).get(owner);
    if (value == null) {
      throw new NoSuchFieldException(owner.getClass().getName() + "." + name + " is null");
    }
    return value;
  }

  private static Object fieldOrNull(Object owner, String name) throws ReflectiveOperationException {
    Optional<Field> field = fieldIn(owner.getClass(), name);
    return field.isPresent() ? field.get().get(owner) : null;
  }

  private static void set(Object owner, String name, Object value)
      throws ReflectiveOperationException {
    fieldOf(owner, name).set(owner, value);
  }

  private static Field fieldOf(Object owner, String name) throws NoSuchFieldException {
    return fieldIn(owner.getClass(), name)
        .orElseThrow(() -> new NoSuchFieldException(owner.getClass().getName() + "." + name));
  }

  private static Optional<Field> fieldIn(Class<?> type, String name) {
    return FIELDS
        .computeIfAbsent(type, c -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, n -> find(type, n, Class::getDeclaredFields));
  }

  /**
   * The first member named so (a method: without parameters) up the class hierarchy, made
   * accessible. Found once per class and name: every socket asks the same, and a member looked for
   * with {@code getDeclaredField} throws an exception for each class it is not in.
   */
  private static <M extends AccessibleObject & Member> Optional<M> find(
      Class<?> type, String name, Function<Class<?>, M[]> members) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (M member : members.apply(c)) {
        if (member.getName().equals(name)
            && (!(member instanceof Method m) || m.getParameterCount() == 0)) {
          member.setAccessible(true);
          return Optional.of(member);
        }
      }
    }
    return Optional.empty();
  }
}
