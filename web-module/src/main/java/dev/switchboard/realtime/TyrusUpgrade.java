package dev.switchboard.realtime;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tyrus' upgrade handler as the container sees it, and the connection Tyrus reads and writes
 * through ({@link Link}): the container's until the socket's first read has been handled, then its
 * TCP connection itself ({@link BareConnection}), so that an open socket keeps none of the
 * container's HTTP request and response. Tyrus sees the Servlet API all along.
 *
 * <p>Also: a socket whose client sent a frame with its handshake (in one packet) must not take a
 * worker thread for good. Tyrus' {@code init} sets its read listener and only then opens the
 * session, and its {@code onDataAvailable} waits until {@code init} has finished; Catalina calls
 * the listener from {@code setReadListener} itself when data is already there, on the same thread:
 * it waited for itself, forever (two hundred such sockets took every worker of an instance). Here a
 * read announced on the thread running {@code init}, while it runs, is handed to Tyrus once {@code
 * init} has returned; any other goes straight through.
 */
final class TyrusUpgrade implements HttpUpgradeHandler {

  private static final Logger LOG = Logger.getLogger(TyrusUpgrade.class.getName());

  private final HttpUpgradeHandler handler;

  TyrusUpgrade(HttpUpgradeHandler handler) {
    this.handler = handler;
  }

  @Override
  public void init(WebConnection container) {
    var link = new Link(container, handler, Thread.currentThread());
    try {
      handler.init(link);
    } finally {
      link.initialised();
    }
  }

  @Override
  public void destroy() {
    handler.destroy();
  }

  /** The connection as Tyrus sees it ({@link Upgraded#connectionOf} finds the TCP one here). */
  static final class Link implements WebConnection, BareConnection.Reader {
    /** The container's connection; null once the socket has left it. */
    private volatile WebConnection container;

    /** Grizzly's TCP connection under it; null where the container is not Payara's. */
    final Object tcp;

    private final HttpUpgradeHandler tyrus;
    private boolean left; // touched under the input's lock
    private volatile AppScope scope; // found when the socket leaves the container

    private final Input input;
    private final Output output = new Output();
    private volatile Thread initialising;
    private boolean deferred; // a read announced during init; only the initialising thread
    private volatile BareConnection bare;

    Link(WebConnection container, HttpUpgradeHandler tyrus, Thread initialising) {
      this.container = container;
      this.tyrus = tyrus;
      this.initialising = initialising;
      this.tcp = tcpOf(container);
      try {
        this.input = new Input(container.getInputStream());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Object tcpOf(WebConnection container) {
      try {
        return Upgraded.call(
            Upgraded.call(Upgraded.field(container, "request"), "getCoyoteRequest"),
            "getConnection");
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(Level.FINE, "no TCP connection under {0}: {1}", new Object[] {container, e});
        return null;
      }
    }

    void initialised() {
      initialising = null;
      if (deferred) {
        deferred = false;
        input.fromContainer(input.in);
      }
    }

    /**
     * After the socket's first read of the container's, which Tyrus has taken all of (its read loop
     * ends when the input has nothing more): the socket leaves the container, unless a frame of
     * Tyrus' waits for the container's output (then at a later read), and what is left of its
     * handshake goes.
     */
    private void leaveContainer() {
      if (left || output.waited) {
        return;
      }
      left = true;
      scope = AppScope.of(container);
      BareConnection detached =
          tcp == null || scope == null ? null : BareConnection.detach(tcp, this);
      if (detached != null) {
        bare = detached;
        output.bare(detached);
        input.in = null;
        container = null;
      }
      Upgraded.releaseHandshake(tyrus, container);
    }

    @Override
    public void read(ByteBuffer bytes) {
      if (!scope.available()) {
        // The application is stopping (its pool may be closed already): the client resumes
        // elsewhere, and sends it was not answered for are sent again.
        bare.terminate();
        return;
      }
      ClassLoader outside = scope.enter(input.listener);
      try {
        input.fromBare(bytes);
      } finally {
        scope.exit(input.listener, outside);
      }
    }

    @Override
    public void closed() {
      ClassLoader outside = scope.enter(input.listener);
      try {
        input.closed();
      } finally {
        scope.exit(input.listener, outside);
      }
    }

    @Override
    public ServletInputStream getInputStream() {
      return input;
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return output;
    }

    @Override
    public void close() throws Exception {
      WebConnection onContainer = container; // null only once bare is set
      if (onContainer != null && bare == null) {
        onContainer.close();
      } else {
        bare.close();
      }
    }

    /**
     * What Tyrus reads: in each call of its listener, the data of one read, either the container's
     * input (a read that came through the container, also one that raced with the socket's leaving
     * it: Grizzly lets the next read of an upgraded request begin while the last one's listener
     * still runs) or the bytes of a read of the TCP connection. One at a time, in the order they
     * take the lock: Tyrus' reading is not thread-safe.
     */
    final class Input extends ServletInputStream {
      private volatile ServletInputStream in; // the container's, until the socket leaves it
      private ReadListener listener;
      private ServletInputStream from; // the container's, while Tyrus takes a read of it
      private ByteBuffer bytes; // a bare read's, while Tyrus takes it
      private boolean quiet; // isReady asks the container what it has, registering nothing
      private volatile boolean finished;

      Input(ServletInputStream in) {
        this.in = in;
      }

      /** Tyrus takes a read of the container's input. */
      synchronized void fromContainer(ServletInputStream container) {
        take(container, null);
      }

      /** Tyrus takes a read of the TCP connection's, once the socket is bare. */
      synchronized void fromBare(ByteBuffer read) {
        take(null, read);
      }

      private void take(ServletInputStream container, ByteBuffer read) {
        from = container;
        bytes = read;
        try {
          listener.onDataAvailable();
        } catch (IOException | RuntimeException e) {
          listener.onError(e);
        } finally {
          from = null;
          bytes = null;
        }
      }

      synchronized void closed() {
        finished = true;
        listener.onError(new Closed());
      }

      /** The container's input Tyrus is reading now, if any. */
      private ServletInputStream container() {
        return from != null ? from : bytes != null ? null : in;
      }

      @Override
      public void setReadListener(ReadListener tyrus) {
        listener = tyrus;
        ServletInputStream container = in;
        container.setReadListener(
            new ReadListener() {
              @Override
              public void onDataAvailable() {
                if (initialising == Thread.currentThread()) {
                  deferred = true;
                } else {
                  synchronized (Input.this) {
                    if (left) {
                      fromContainer(container);
                      return;
                    }
                    // Tyrus asks isReady at the end of its read, and Catalina's answer, when
                    // false, also lets Grizzly read the next data at once, on another thread:
                    // here it is asked only once the socket has stayed.
                    quiet = true;
                    try {
                      fromContainer(container);
                    } finally {
                      quiet = false;
                    }
                    leaveContainer();
                    while (bare == null && container.isReady()) {
                      fromContainer(container);
                    }
                  }
                }
              }

              @Override
              public void onAllDataRead() throws IOException {
                tyrus.onAllDataRead();
              }

              @Override
              public void onError(Throwable t) {
                tyrus.onError(t);
              }
            });
      }

      @Override
      public boolean isFinished() {
        ServletInputStream container = container();
        return container != null ? container.isFinished() : finished;
      }

      @Override
      public boolean isReady() {
        ServletInputStream container = container();
        if (container == null) {
          return bytes != null && bytes.hasRemaining();
        }
        if (quiet) {
          try {
            return container.available() > 0;
          } catch (IOException e) {
            return false;
          }
        }
        return container.isReady();
      }

      @Override
      public int read() throws IOException {
        ServletInputStream container = container();
        if (container != null) {
          return container.read();
        }
        return bytes != null && bytes.hasRemaining() ? bytes.get() & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        ServletInputStream container = container();
        if (container != null) {
          return container.read(b, off, len);
        }
        if (bytes == null || !bytes.hasRemaining()) {
          return finished ? -1 : 0;
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
      }

      @Override
      public int available() throws IOException {
        ServletInputStream container = container();
        if (container != null) {
          return container.available();
        }
        return bytes == null ? 0 : bytes.remaining();
      }

      @Override
      public void close() throws IOException {
        ServletInputStream container = container();
        if (container != null) {
          container.close();
        }
      }
    }

    /**
     * The container's output until the socket leaves it; then the TCP connection's write queue
     * (where the application's frames go, {@link Wire}), which takes every frame at once.
     */
    final class Output extends ServletOutputStream {
      private ServletOutputStream out; // the container's, taken at the first use
      private volatile BareConnection bare;

      /** Tyrus was once told to wait for the container's output: the socket stays on it. */
      volatile boolean waited;

      void bare(BareConnection connection) {
        bare = connection;
      }

      /** The container's output; null once the socket has left it. */
      private synchronized ServletOutputStream container() throws IOException {
        WebConnection connection = container; // null only after bare is set
        if (connection == null || bare != null) {
          out = null;
          return null;
        }
        if (out == null) {
          out = connection.getOutputStream();
        }
        return out;
      }

      @Override
      public boolean isReady() {
        ServletOutputStream container;
        try {
          container = container();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        if (container == null) {
          return true;
        }
        boolean ready = container.isReady();
        if (!ready) {
          waited = true;
        }
        return ready;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        ServletOutputStream container;
        try {
          container = container();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        if (container != null) {
          container.setWriteListener(listener);
        }
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ServletOutputStream container = container();
        if (container != null) {
          container.write(b, off, len);
        } else {
          bare.write(Arrays.copyOfRange(b, off, off + len));
        }
      }

      @Override
      public void flush() throws IOException {
        ServletOutputStream container = container();
        if (container != null) {
          container.flush();
        }
      }

      @Override
      public void close() throws IOException {
        ServletOutputStream container = container();
        if (container != null) {
          container.close();
        }
      }
    }
  }

  /**
   * The application's scope around a bare socket's read, as Catalina sets it around a read
   * listener's call: the web application's class loader as the thread's, and the container events
   * before and after, with which Payara enters the application's component (its JNDI names, the
   * beans' injection). Found by reflection from the handshake's Catalina request; none where it is
   * not Catalina's.
   */
  record AppScope(
      ClassLoader loader, Object context, MethodHandle fire, MethodHandle availability) {
    private static final String BEFORE = "beforeReadListenerOnDataAvailable";
    private static final String AFTER = "afterReadListenerOnDataAvailable";
    private static final Map<Object, AppScope> SCOPES = new ConcurrentHashMap<>();

    static AppScope of(WebConnection container) {
      try {
        Object context = Upgraded.call(Upgraded.field(container, "request"), "getContext");
        return SCOPES.computeIfAbsent(context, AppScope::find);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(Level.FINE, "no application scope for {0}: {1}", new Object[] {container, e});
        return null;
      }
    }

    private static AppScope find(Object context) {
      try {
        Class<?> type =
            Class.forName(
                "org.apache.catalina.Context", false, context.getClass().getClassLoader());
        var lookup = MethodHandles.publicLookup();
        MethodHandle fire =
            lookup.unreflect(type.getMethod("fireContainerEvent", String.class, Object.class));
        MethodHandle available = lookup.unreflect(type.getMethod("getAvailable"));
        ClassLoader loader =
            (ClassLoader) Upgraded.call(Upgraded.call(context, "getLoader"), "getClassLoader");
        return new AppScope(
            loader,
            context,
            fire.asType(fire.type().generic()),
            available.asType(available.type().generic()));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Whether the application takes requests: not once it has begun to stop. */
    boolean available() {
      try {
        return (Boolean) availability.invoke(context);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    /** Enters the application's scope; answers the thread's class loader before it. */
    ClassLoader enter(ReadListener listener) {
      Thread thread = Thread.currentThread();
      ClassLoader outside = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      event(BEFORE, listener);
      return outside;
    }

    void exit(ReadListener listener, ClassLoader outside) {
      try {
        event(AFTER, listener);
      } finally {
        Thread.currentThread().setContextClassLoader(outside);
      }
    }

    private void event(String type, ReadListener listener) {
      try {
        fire.invoke(context, type, listener);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The end of a socket's connection, as Tyrus' read learns it: without a stack trace, which nobody
   * reads and which every closing socket paid for (0.8 % of an instance's CPU while a reconnect
   * storm's rehearsals opened and closed sockets).
   */
  private static final class Closed extends EOFException {
    Closed() {
      super("the connection closed");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
