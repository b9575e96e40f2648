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

  private Upgraded() {}

  /**
   * Grizzly's TCP connection under the session: the session's socket, its servlet writer, the
   * upgrade handler and its {@code WebConnection} ({@link TyrusUpgrade.Link}, or Catalina's where
   * the container made the upgrade). Not after the socket closed.
   */
  static Object connectionOf(Session session) throws ReflectiveOperationException {
    Object socket = field(session.getAsyncRemote(), "webSocket");
    Object writer = field(field(socket, "protocolHandler"), "writer");
    Object webConnection = call(field(writer, "tyrusHttpUpgradeHandler"), "getWebConnection");
    if (webConnection instanceof TyrusUpgrade.Link link) {
      if (link.tcp == null) {
        throw new NoSuchFieldException("no TCP connection under " + webConnection);
      }
      return link.tcp;
    }
    return call(call(field(webConnection, "request"), "getCoyoteRequest"), "getConnection");
  }

  /**
   * Drops what the handshake left on the heap that the socket never reads again: Tyrus' upgrade
   * info (the handshake's request and response as Tyrus copied them, 3.7 KB; used only to open the
   * socket) and, where the socket has stayed on the container ({@code container} not null), the two
   * 1,024-character buffers of Grizzly's query-string parser (a recycled request makes them again
   * when it parses) and the header fields of Grizzly's request and of its 101 response (Tyrus read
   * the request's before, the 101 has gone out). Called on the thread of the socket's first read,
   * once Tyrus has handled it: Grizzly reads one event of a connection's at a time, and its HTTP/2
   * filter reads the request's {@code Connection} header again for each (in {@code @OnOpen} the
   * release raced with the first frame's read on another thread, since Tyrus listens for reads
   * before it opens the session: the filter met a header being cleared, failed, and the connection
   * was dropped). Anything not found stays.
   */
  static void releaseHandshake(Object tyrusHandler, Object container) {
    try {
      set(tyrusHandler, "upgradeInfo", null);
      if (container != null) {
        Object request = call(field(container, "request"), "getCoyoteRequest");
        Object parameters = call(request, "getParameters");
        for (String name : new String[] {"tmpNameC", "tmpValueC"}) {
          invoke(field(parameters, name), "reset");
        }
        dropHeaderFields(call(request, "getRequest"));
        dropHeaderFields(call(call(request, "getResponse"), "getResponse"));
      }
      if (!released) {
        released = true;
        LOG.info(RELEASED);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "a socket keeps its handshake's leftovers: {0}", e.toString());
    }
  }

  /**
   * The servlet upgrade as Catalina's {@code Request.upgrade} does it, with the handler made by its
   * constructor: Payara makes it a CDI managed object, a Weld injection target built and {@code
   * ProcessInjectionTarget} fired for every socket (7.7 % of an instance's CPU in a reconnect
   * storm's resumes), for Tyrus' handler, which has nothing to inject; and the container gets it
   * wrapped so that a frame sent with the handshake does not deadlock its {@code init} ({@link
   * TyrusUpgrade}). {@code request} is the one the container handed the filters (its facade); where
   * it is not Catalina's, nothing is changed and this throws.
   */
  static <T extends HttpUpgradeHandler> T upgrade(Object request, Class<T> handlerClass)
      throws ReflectiveOperationException {
    Object catalina = field(request, "request");
    Field upgrade = fieldOf(catalina, "upgrade");
    Field upgradeHandler = fieldOf(catalina, "httpUpgradeHandler");
    Object response = call(call(catalina, "getCoyoteRequest"), "getResponse");
    T handler = handlerClass.getConstructor().newInstance();
    upgrade.set(catalina, true);
    upgradeHandler.set(catalina, new TyrusUpgrade(handler));
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
