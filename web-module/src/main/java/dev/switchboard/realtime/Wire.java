package dev.switchboard.realtime;

import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where one socket's frames go. A frame is encoded once (JSON, UTF-8, WebSocket header) however
 * many sockets it goes to, and its bytes are put straight on each socket's TCP connection:
 * Grizzly's write queue, where Tyrus' own frames end too. Through the standard API every socket's
 * send encodes the text again, a character at a time (22 % of the sending instance's CPU at 1,000
 * msg/s); through Tyrus' raw-frame writer every frame still crossed Tyrus' servlet writer,
 * Catalina's and Grizzly's output buffers (a copy per socket) and the HTTP filter chain (a
 * broadcast profile: a third of the writer thread's time, beside the system call itself). The
 * connection is reached by reflection ({@link Upgraded}), at the first write, long before the
 * socket closes; where it cannot be (another container, or an extension that must transform each
 * frame) the socket gets its text through the API.
 *
 * <p>Only the socket writer's thread uses a wire.
 */
abstract sealed class Wire {

  private static final Logger LOG = Logger.getLogger(Wire.class.getName());

  /** Logged once, when the first socket is written to this way. */
  static final String DIRECT = "frames go to sockets encoded once, straight to their connections";

  /** Writes the frame (or queues it behind what the client has not read yet). */
  abstract void write(Connection.Outgoing out);

  /** Bytes written to the socket that its client has not taken yet. */
  abstract long unwritten();

  /**
   * Ends the TCP connection at once, dropping what is queued for it: closing a socket is graceful,
   * and a client that does not read would keep the connection and its queue for good. Nothing where
   * the connection is out of reach.
   */
  abstract void terminate();

  /** RFC 6455, 5.2: one final text frame, unmasked (a server never masks). */
  static byte[] textFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[header + length];
    frame[0] = (byte) 0x81; // FIN, text
    if (length < 126) {
      frame[1] = (byte) length;
    } else if (length <= 0xFFFF) {
      frame[1] = 126;
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, frame, header, length);
    return frame;
  }

  /** The session's wire: its TCP connection where it can be reached, else the API. */
  static Wire of(Session session) {
    if (unreachable || !session.getNegotiatedExtensions().isEmpty()) {
      return new Api(session);
    }
    try {
      Object connection = Upgraded.connectionOf(session);
      Grizzly grizzly = Grizzly.handles;
      if (grizzly == null) {
        grizzly = Grizzly.find(connection.getClass().getClassLoader());
        Grizzly.handles = grizzly;
        LOG.info(DIRECT);
      }
      return new Tcp(grizzly, connection);
    } catch (Throwable e) {
      if (Grizzly.handles != null) {
        // The way is there: this socket was closing (its request already recycled).
        LOG.log(
            Level.FINE,
            "socket {0} written through the API: {1}",
            new Object[] {session.getId(), e});
      } else {
        unreachable = true;
        LOG.log(
            Level.WARNING,
            "frames are encoded for each socket and slow readers keep their connections:"
                + " the sockets' connections are not reachable",
            e);
      }
      return new Api(session);
    }
  }

  private static volatile boolean unreachable;

  /** Grizzly's public methods that a wire calls, found once. */
  private record Grizzly(
      Method transport,
      Method writer,
      Method memory,
      Method queue,
      MethodHandle wrap,
      MethodHandle write,
      MethodHandle queued,
      MethodHandle terminate) {

    static volatile Grizzly handles;

    static Grizzly find(ClassLoader loader) throws ReflectiveOperationException {
      Class<?> connection = Class.forName("org.glassfish.grizzly.Connection", false, loader);
      Class<?> transport = Class.forName("org.glassfish.grizzly.Transport", false, loader);
      Class<?> writer = Class.forName("org.glassfish.grizzly.Writer", false, loader);
      Class<?> message =
          Class.forName("org.glassfish.grizzly.asyncqueue.WritableMessage", false, loader);
      Class<?> done = Class.forName("org.glassfish.grizzly.CompletionHandler", false, loader);
      Class<?> memory = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
      Class<?> buffers = Class.forName("org.glassfish.grizzly.memory.Buffers", false, loader);
      Class<?> nio = Class.forName("org.glassfish.grizzly.nio.NIOConnection", false, loader);
      Class<?> queue = Class.forName("org.glassfish.grizzly.asyncqueue.TaskQueue", false, loader);
      var lookup = MethodHandles.publicLookup();
      return new Grizzly(
          connection.getMethod("getTransport"),
          transport.getMethod("getWriter", connection),
          connection.getMethod("getMemoryManager"),
          nio.getMethod("getAsyncWriteQueue"),
          generic(lookup.unreflect(buffers.getMethod("wrap", memory, byte[].class))),
          generic(lookup.unreflect(writer.getMethod("write", connection, message, done))),
          generic(lookup.unreflect(queue.getMethod("spaceInBytes"))),
          generic(lookup.unreflect(connection.getMethod("terminateSilently"))));
    }

    /** Callable with {@code Object}s: the classes are Grizzly's, out of this module's sight. */
    private static MethodHandle generic(MethodHandle handle) {
      return handle.asType(handle.type().generic());
    }
  }

  /** Frames straight to the socket's TCP connection. */
  private static final class Tcp extends Wire {
    private final Grizzly grizzly;
    private final Object connection;
    private final Object writer;
    private final Object memory;
    private final Object queue;

    Tcp(Grizzly grizzly, Object connection) throws ReflectiveOperationException {
      this.grizzly = grizzly;
      this.connection = connection;
      this.writer = grizzly.writer().invoke(grizzly.transport().invoke(connection), connection);
      this.memory = grizzly.memory().invoke(connection);
      this.queue = grizzly.queue().invoke(connection);
    }

    @Override
    void write(Connection.Outgoing out) {
      try {
        // A wrapper of the shared bytes, never disposed into Grizzly's pools; no completion
        // handler: what is left to write is read off the queue (unwritten).
        Object buffer = grizzly.wrap().invoke(memory, out.wire());
        grizzly.write().invoke(writer, connection, buffer, null);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    long unwritten() {
      try {
        return (int) grizzly.queued().invoke(queue);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    void terminate() {
      try {
        grizzly.terminate().invoke(connection);
      } catch (Throwable e) {
        LOG.log(Level.WARNING, "a connection could not be ended: {0}", e.toString());
      }
    }
  }

  /** Text through the standard API; what is unwritten is told by the sends' futures. */
  private static final class Api extends Wire {
    private final Session session;

    /** A frame handed to the container that it has not written yet. */
    private record Pending(Future<?> written, int bytes) {}

    // Oldest first, and their bytes: what a slow reader holds on the heap.
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long pendingBytes;

    Api(Session session) {
      this.session = session;
    }

    @Override
    void write(Connection.Outgoing out) {
      Future<?> written = session.getAsyncRemote().sendText(out.json());
      if (!written.isDone()) {
        pending.add(new Pending(written, out.wire().length));
        pendingBytes += out.wire().length;
      }
    }

    @Override
    long unwritten() {
      while (!pending.isEmpty() && pending.peekFirst().written().isDone()) {
        pendingBytes -= pending.pollFirst().bytes();
      }
      return pendingBytes;
    }

    @Override
    void terminate() {
      pending.clear();
      pendingBytes = 0;
    }
  }
}
