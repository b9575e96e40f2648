package dev.switchboard.realtime;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;

/**
 * Tyrus' upgrade handler as the container sees it, so that a socket whose client sent a frame with
 * its handshake (in one packet) does not take a worker thread for good. Tyrus' {@code init} sets
 * its read listener and only then opens the session, and its {@code onDataAvailable} waits until
 * {@code init} has finished; Catalina calls the listener from {@code setReadListener} itself when
 * data is already there, on the same thread: it waited for itself, forever (two hundred such
 * sockets took every worker of an instance). Here a read announced on the thread running {@code
 * init}, while it runs, is handed to Tyrus once {@code init} has returned; any other goes straight
 * through.
 */
final class FirstReadAfterInit implements HttpUpgradeHandler {

  private final HttpUpgradeHandler handler;

  FirstReadAfterInit(HttpUpgradeHandler handler) {
    this.handler = handler;
  }

  @Override
  public void init(WebConnection container) {
    var wrapped = new Guarded(container, Thread.currentThread());
    try {
      handler.init(wrapped);
    } finally {
      wrapped.initialised();
    }
  }

  @Override
  public void destroy() {
    handler.destroy();
  }

  /** The container's connection, as Tyrus sees it ({@link Upgraded#of} unwraps it). */
  static final class Guarded implements WebConnection {
    final WebConnection container;
    private final Input input;
    private volatile Thread initialising;
    private ReadListener deferred; // only the initialising thread touches it

    Guarded(WebConnection container, Thread initialising) {
      this.container = container;
      this.initialising = initialising;
      try {
        this.input = new Input(container.getInputStream());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    void initialised() {
      initialising = null;
      ReadListener listener = deferred;
      deferred = null;
      if (listener != null) {
        try {
          listener.onDataAvailable();
        } catch (IOException | RuntimeException e) {
          listener.onError(e);
        }
      }
    }

    @Override
    public ServletInputStream getInputStream() {
      return input;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      return container.getOutputStream();
    }

    @Override
    public void close() throws Exception {
      container.close();
    }

    /** The container's input, whose listener waits for the end of {@code init} on its thread. */
    final class Input extends ServletInputStream {
      private final ServletInputStream in;

      Input(ServletInputStream in) {
        this.in = in;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        in.setReadListener(
            new ReadListener() {
              @Override
              public void onDataAvailable() throws IOException {
                if (initialising == Thread.currentThread()) {
                  deferred = listener;
                } else {
                  listener.onDataAvailable();
                }
              }

              @Override
              public void onAllDataRead() throws IOException {
                listener.onAllDataRead();
              }

              @Override
              public void onError(Throwable t) {
                listener.onError(t);
              }
            });
      }

      @Override
      public boolean isFinished() {
        return in.isFinished();
      }

      @Override
      public boolean isReady() {
        return in.isReady();
      }

      @Override
      public int read() throws IOException {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
      }

      @Override
      public int available() throws IOException {
        return in.available();
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    }
  }
}
