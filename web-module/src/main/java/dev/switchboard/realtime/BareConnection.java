package dev.switchboard.realtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An open socket's TCP connection taken out of Grizzly's HTTP stack. The servlet upgrade keeps the
 * handshake's HTTP request and response (Grizzly's and Catalina's, with their buffers and header
 * structures) for the socket's whole life, and passes each read through the listener's HTTP filters
 * and Catalina's read listener: about 16 KB of an idle socket's heap, and a fifth of the reading
 * instance's CPU per message (bench/results/README.md). Once a socket is open, its connection gets
 * a filter chain of its own: the listener's filters up to its HTTP codec (the transport's and the
 * idle timeout's) and one that hands each read to the socket ({@link Reader}); the HTTP state is
 * dropped from the connection, and with it the request and response. Writes go to the connection's
 * write queue, where the application's frames already go ({@link Wire}).
 *
 * <p>Grizzly 4 as Payara 6 ships it, reached by reflection (the filter is a proxy of Grizzly's
 * interface); where the listener's chain is not the plain HTTP one (TLS, port unification) or
 * Grizzly is not there, the socket stays on the container ({@link #detach} answers null).
 */
final class BareConnection {

  private static final Logger LOG = Logger.getLogger(BareConnection.class.getName());

  /** Logged once, when the first socket leaves the HTTP stack. */
  static final String BARE = "open sockets leave the HTTP stack: their reads go straight to Tyrus";

  /** Where a bare connection's reads go; called on the thread reading the connection. */
  interface Reader {
    void read(ByteBuffer bytes);

    /** The connection has closed. */
    void closed();
  }

  private static volatile Grizzly grizzly;
  private static volatile boolean unavailable;

  private final Object connection;

  private BareConnection(Object connection) {
    this.connection = connection;
  }

  /**
   * Takes {@code connection} (Grizzly's) out of the HTTP stack, its reads to {@code reader} from
   * its next on; null where it cannot be, and then nothing is changed. Called on the thread reading
   * the connection, at the end of a read that left nothing unread: Grizzly reads one event of a
   * connection's at a time, so the next read meets the new chain.
   */
  static BareConnection detach(Object connection, Reader reader) {
    if (unavailable) {
      return null;
    }
    try {
      Grizzly g = grizzly != null ? grizzly : found(connection);
      Object bare = g.bareChain(g.processor.invoke(connection));
      if (bare == null) {
        return null;
      }
      g.attributeSet.invoke(g.reader, connection, reader);
      g.dropHttpState(connection);
      g.setProcessor.invoke(connection, bare);
      // Grizzly reads an upgraded request's next data once its listener has asked for it (an
      // answer of not ready): the socket asked nothing; its next read goes to the new chain.
      g.enableIoEvent.invoke(connection, g.read);
      return new BareConnection(connection);
    } catch (Throwable e) {
      if (grizzly == null) {
        unavailable = true;
        LOG.log(Level.WARNING, "open sockets stay on the HTTP stack: Grizzly is not reachable", e);
      } else {
        LOG.log(Level.FINE, "a socket stays on the HTTP stack: {0}", e.toString());
      }
      return null;
    }
  }

  private static synchronized Grizzly found(Object connection) throws ReflectiveOperationException {
    if (grizzly == null) {
      grizzly = Grizzly.find(connection.getClass().getClassLoader());
      LOG.info(BARE);
    }
    return grizzly;
  }

  /** Queues {@code bytes} (not copied: the caller gives them up) for the connection. */
  void write(byte[] bytes) {
    try {
      Grizzly g = grizzly;
      g.write.invoke(connection, g.wrap.invoke(g.memory.invoke(connection), bytes), null);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends the connection at once, dropping what is queued for it. */
  void terminate() {
    try {
      grizzly.terminateSilently.invoke(connection);
    } catch (Throwable e) {
      LOG.log(Level.FINE, "terminate failed: {0}", e.toString());
    }
  }

  /** Closes the connection once what is queued for it has gone. */
  void close() {
    try {
      grizzly.closeSilently.invoke(connection);
    } catch (Throwable e) {
      LOG.log(Level.FINE, "close failed: {0}", e.toString());
    }
  }

  /** Grizzly's members that bare connections use, found once. */
  private record Grizzly(
      ClassLoader loader,
      Class<?> filter,
      MethodHandle processor,
      MethodHandle setProcessor,
      MethodHandle attributes,
      MethodHandle accessor,
      MethodHandle indexedValue,
      MethodHandle removeIndexed,
      List<?> allAttributes,
      Object reader,
      MethodHandle attributeGet,
      MethodHandle attributeSet,
      Field closeListeners,
      MethodHandle removeCloseListener,
      MethodHandle context,
      MethodHandle message,
      MethodHandle invokeAction,
      MethodHandle stopAction,
      MethodHandle toByteBuffer,
      MethodHandle dispose,
      MethodHandle memory,
      MethodHandle wrap,
      MethodHandle write,
      MethodHandle closeSilently,
      MethodHandle terminateSilently,
      MethodHandle enableIoEvent,
      Object read,
      Map<Object, BareChain> bareChains) {

    /** A listener chain's bare counterpart, or none where its shape is not the plain HTTP one. */
    private record BareChain(Object chain) {}

    static Grizzly find(ClassLoader loader) throws ReflectiveOperationException {
      Class<?> connection = type(loader, "org.glassfish.grizzly.Connection");
      Class<?> holder = type(loader, "org.glassfish.grizzly.attributes.AttributeHolder");
      Class<?> attribute = type(loader, "org.glassfish.grizzly.attributes.Attribute");
      Class<?> storage = type(loader, "org.glassfish.grizzly.attributes.AttributeStorage");
      Class<?> builder = type(loader, "org.glassfish.grizzly.attributes.AttributeBuilder");
      Class<?> processor = type(loader, "org.glassfish.grizzly.Processor");
      Class<?> context = type(loader, "org.glassfish.grizzly.filterchain.FilterChainContext");
      Class<?> buffer = type(loader, "org.glassfish.grizzly.Buffer");
      Class<?> memory = type(loader, "org.glassfish.grizzly.memory.MemoryManager");
      Class<?> buffers = type(loader, "org.glassfish.grizzly.memory.Buffers");
      Class<?> closeListener = type(loader, "org.glassfish.grizzly.CloseListener");
      Class<?> done = type(loader, "org.glassfish.grizzly.CompletionHandler");
      Class<?> nio = type(loader, "org.glassfish.grizzly.nio.NIOConnection");
      Class<?> ioEvent = type(loader, "org.glassfish.grizzly.IOEvent");
      Object attributeBuilder =
          type(loader, "org.glassfish.grizzly.Grizzly")
              .getField("DEFAULT_ATTRIBUTE_BUILDER")
              .get(null);
      Object reader =
          builder
              .getMethod("createAttribute", String.class)
              .invoke(attributeBuilder, BareConnection.class.getName());
      Class<?> indexed = type(loader, "org.glassfish.grizzly.attributes.IndexedAttributeAccessor");
      // Every attribute made so far, by index (the holder's list of names is wrong for some).
      Field made =
          type(loader, "org.glassfish.grizzly.attributes.DefaultAttributeBuilder")
              .getDeclaredField("attributes");
      made.setAccessible(true);
      List<?> all = (List<?>) made.get(attributeBuilder);
      Field listeners = nio.getDeclaredField("closeListeners");
      listeners.setAccessible(true);
      var lookup = MethodHandles.publicLookup();
      return new Grizzly(
          loader,
          type(loader, "org.glassfish.grizzly.filterchain.Filter"),
          generic(lookup.unreflect(connection.getMethod("getProcessor"))),
          generic(lookup.unreflect(connection.getMethod("setProcessor", processor))),
          generic(lookup.unreflect(storage.getMethod("getAttributes"))),
          generic(lookup.unreflect(holder.getMethod("getIndexedAttributeAccessor"))),
          generic(lookup.unreflect(indexed.getMethod("getAttribute", int.class))),
          generic(lookup.unreflect(indexed.getMethod("removeAttribute", int.class))),
          all,
          reader,
          generic(lookup.unreflect(attribute.getMethod("get", storage))),
          generic(lookup.unreflect(attribute.getMethod("set", storage, Object.class))),
          listeners,
          generic(lookup.unreflect(connection.getMethod("removeCloseListener", closeListener))),
          generic(lookup.unreflect(context.getMethod("getConnection"))),
          generic(lookup.unreflect(context.getMethod("getMessage"))),
          generic(lookup.unreflect(context.getMethod("getInvokeAction"))),
          generic(lookup.unreflect(context.getMethod("getStopAction"))),
          generic(lookup.unreflect(buffer.getMethod("toByteBuffer"))),
          generic(lookup.unreflect(buffer.getMethod("tryDispose"))),
          generic(lookup.unreflect(connection.getMethod("getMemoryManager"))),
          generic(lookup.unreflect(buffers.getMethod("wrap", memory, byte[].class))),
          generic(lookup.unreflect(connection.getMethod("write", Object.class, done))),
          generic(lookup.unreflect(connection.getMethod("closeSilently"))),
          generic(lookup.unreflect(connection.getMethod("terminateSilently"))),
          generic(lookup.unreflect(connection.getMethod("enableIOEvent", ioEvent))),
          ioEvent.getField("READ").get(null),
          new ConcurrentHashMap<>());
    }

    private static Class<?> type(ClassLoader loader, String name) throws ClassNotFoundException {
      return Class.forName(name, false, loader);
    }

    /** Callable with {@code Object}s: the classes are Grizzly's, out of this module's sight. */
    private static MethodHandle generic(MethodHandle handle) {
      return handle.asType(handle.type().generic());
    }

    /**
     * The listener's filters before its HTTP codec, then the bare reads; null unless those are only
     * the transport's and the idle timeout's (an SSL filter, say, would need more care).
     */
    Object bareChain(Object chain) {
      return bareChains.computeIfAbsent(chain, c -> new BareChain(build(c))).chain();
    }

    private Object build(Object chain) {
      if (!(chain instanceof List<?> filters)) {
        return null;
      }
      var kept = new ArrayList<Object>();
      for (Object f : filters) {
        if (isA(f.getClass(), "org.glassfish.grizzly.http.HttpCodecFilter")) {
          kept.add(Proxy.newProxyInstance(loader, new Class<?>[] {filter}, new Reads(this)));
          try {
            return type(loader, "org.glassfish.grizzly.filterchain.DefaultFilterChain")
                .getConstructor(Collection.class)
                .newInstance(kept);
          } catch (ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "open sockets stay on the HTTP stack", e);
            return null;
          }
        }
        String name = f.getClass().getName();
        if (!name.equals("org.glassfish.grizzly.filterchain.TransportFilter")
            && !name.equals("org.glassfish.grizzly.utils.IdleTimeoutFilter")) {
          LOG.log(Level.INFO, "open sockets stay on the HTTP stack: its chain has {0}", name);
          return null;
        }
        kept.add(f);
      }
      return null;
    }

    private static boolean isA(Class<?> type, String name) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(name)) {
          return true;
        }
      }
      return false;
    }

    /**
     * Drops what the HTTP filters keep on the connection: their attributes (the request in
     * progress, Grizzly's and its server's, and the keep-alive state) and the suspended response's
     * close listener; the idle timeout's record stays, and with it the connection's place in the
     * idle timeout's queue until it closes.
     */
    void dropHttpState(Object connection) throws Throwable {
      Object values = accessor.invoke(attributes.invoke(connection));
      int count = allAttributes.size(); // only grows; one made since is none of HTTP's here
      for (int i = 0; i < count; i++) {
        Object value = indexedValue.invoke(values, i);
        if (value != null && value.getClass().getName().startsWith("org.glassfish.grizzly.http.")) {
          removeIndexed.invoke(values, i);
        }
      }
      Collection<?> listeners = (Collection<?>) closeListeners.get(connection);
      List<?> copy;
      synchronized (listeners) {
        copy = List.copyOf(listeners);
      }
      for (Object listener : copy) {
        if (listener
            .getClass()
            .getName()
            .startsWith("org.glassfish.grizzly.http.server.Response$")) {
          removeCloseListener.invoke(connection, listener);
        }
      }
    }
  }

  /** The bare chain's last filter: each read to the connection's {@link Reader}, then disposed. */
  private static final class Reads implements InvocationHandler {
    private final Grizzly g;

    Reads(Grizzly g) {
      this.g = g;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      return switch (method.getName()) {
        case "handleRead" -> read(args[0]);
        case "handleClose" -> {
          Object reader = g.attributeGet.invoke(g.reader, g.context.invoke(args[0]));
          if (reader != null) {
            ((Reader) reader).closed();
          }
          yield g.invokeAction.invoke(args[0]);
        }
        case "handleWrite", "handleConnect", "handleAccept", "handleEvent" ->
            g.invokeAction.invoke(args[0]);
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        case "toString" -> "switchboard bare sockets";
        default -> null; // onAdded, onRemoved, onFilterChainChanged, exceptionOccurred
      };
    }

    private Object read(Object context) throws Throwable {
      Object message = g.message.invoke(context);
      Object reader = g.attributeGet.invoke(g.reader, g.context.invoke(context));
      if (message == null || reader == null) {
        return g.stopAction.invoke(context); // nothing read, or not a bare socket's
      }
      try {
        ((Reader) reader).read((ByteBuffer) g.toByteBuffer.invoke(message));
      } finally {
        // The reader has copied what it took (Tyrus' read copies into its own buffer).
        g.dispose.invoke(message);
      }
      return g.stopAction.invoke(context);
    }
  }
}
