package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TyrusUpgradeTest {

  /** Catalina's connection: data already there calls the listener from setReadListener. */
  static final class Container implements WebConnection {
    final boolean dataThere;
    ReadListener listener;

    Container(boolean dataThere) {
      this.dataThere = dataThere;
    }

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public void setReadListener(ReadListener l) {
          listener = l;
          if (dataThere) {
            try {
              l.onDataAvailable();
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        }

        @Override
        public boolean isFinished() {
          return false;
        }

        @Override
        public boolean isReady() {
          return dataThere;
        }

        @Override
        public int read() {
          return 'a';
        }
      };
    }

    @Override
    public ServletOutputStream getOutputStream() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  /** Tyrus' handler: listens, then opens; a read before the end of init would wait for it. */
  static final class Tyrus implements HttpUpgradeHandler, ReadListener {
    volatile boolean initialised;
    final List<String> reads = new ArrayList<>();
    Runnable duringInit = () -> {};
    ServletInputStream in;

    @Override
    public void init(WebConnection connection) {
      try {
        in = connection.getInputStream();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      in.setReadListener(this);
      duringInit.run();
      initialised = true;
    }

    @Override
    public void onDataAvailable() throws IOException {
      if (!initialised) {
        throw new AssertionError("read before init's end: Tyrus' thread would wait for itself");
      }
      reads.add(Thread.currentThread().getName() + ":" + (char) in.read());
    }

    @Override
    public void onAllDataRead() {}

    @Override
    public void onError(Throwable t) {
      throw new AssertionError(t);
    }

    @Override
    public void destroy() {}
  }

  @Test
  void aFrameSentWithTheHandshakeIsReadOnceInitHasReturned() {
    var tyrus = new Tyrus();
    new TyrusUpgrade(tyrus).init(new Container(true));
    assertEquals(List.of(Thread.currentThread().getName() + ":a"), tyrus.reads);
  }

  @Test
  void nothingIsReadWhenNothingCameWithTheHandshake() {
    var tyrus = new Tyrus();
    new TyrusUpgrade(tyrus).init(new Container(false));
    assertTrue(tyrus.reads.isEmpty());
  }

  /** Another thread's read during init goes to Tyrus at once (Tyrus makes it wait its turn). */
  @Test
  void anotherThreadsReadIsNotHeldBack() {
    var tyrus = new Tyrus();
    var container = new Container(false);
    var other = new CompletableFuture<Throwable>();
    tyrus.duringInit =
        () -> {
          var thread =
              new Thread(
                  () -> {
                    try {
                      container.listener.onDataAvailable();
                      other.complete(null);
                    } catch (Throwable t) {
                      other.complete(t);
                    }
                  },
                  "other");
          thread.start();
          try {
            thread.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };
    new TyrusUpgrade(tyrus).init(container);
    assertTrue(other.join() instanceof AssertionError, "passed through to the handler at once");
  }

  /**
   * Catalina's input, telling what it was asked: {@code isReady} answered false also makes Grizzly
   * read the connection's next data at once, on another thread.
   */
  static final class Asked implements WebConnection {
    final List<String> asked = new ArrayList<>();
    ReadListener listener;
    int unread = 1;

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public void setReadListener(ReadListener l) {
          listener = l;
        }

        @Override
        public boolean isFinished() {
          return false;
        }

        @Override
        public boolean isReady() {
          asked.add("isReady");
          return unread > 0;
        }

        @Override
        public int available() {
          asked.add("available");
          return unread;
        }

        @Override
        public int read() {
          asked.add("read");
          return unread-- > 0 ? 'a' : -1;
        }
      };
    }

    @Override
    public ServletOutputStream getOutputStream() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  /** Reads while the input is ready, as Tyrus' handler does. */
  static final class Reading implements HttpUpgradeHandler, ReadListener {
    ServletInputStream in;

    @Override
    public void init(WebConnection connection) {
      try {
        in = connection.getInputStream();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      in.setReadListener(this);
    }

    @Override
    public void onDataAvailable() throws IOException {
      do {
        in.read();
      } while (in.isReady());
    }

    @Override
    public void onAllDataRead() {}

    @Override
    public void onError(Throwable t) {
      throw new AssertionError(t);
    }

    @Override
    public void destroy() {}
  }

  /**
   * The socket's first read ends without asking Catalina whether it is ready (which would let the
   * next read begin on another thread while the socket leaves the container); one that stays on the
   * container (here: no TCP connection under it) asks then, and so listens for the next.
   */
  @Test
  void theFirstReadAsksTheContainerForMoreOnlyOnceTheSocketHasStayed() throws IOException {
    var container = new Asked();
    new TyrusUpgrade(new Reading()).init(container);
    container.listener.onDataAvailable();
    assertEquals(List.of("read", "available", "isReady"), container.asked);
    container.asked.clear();
    container.unread = 1;
    container.listener.onDataAvailable();
    assertEquals(List.of("read", "isReady"), container.asked, "later reads ask as usual");
  }
}
