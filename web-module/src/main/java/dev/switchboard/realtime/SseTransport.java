package dev.switchboard.realtime;

import dev.switchboard.platform.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Server-Sent Events stream: each frame one event, {@code data:} its JSON; a message's event has
 * {@code id: <conversationId>:<seq>}, so a client that reconnects with {@code Last-Event-ID}
 * resumes that conversation after it. Written without blocking (the servlet's write listener): what
 * the client has not taken waits here, counted as a socket's unread bytes are. A close says why in
 * a last event, {@code {"type":"close","code","reason"}}, as a WebSocket's close frame would.
 */
final class SseTransport implements Transport, WriteListener, AsyncListener {

  private static final Logger LOG = Logger.getLogger(SseTransport.class.getName());

  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final String id;
  private final AsyncContext async;
  private final ServletOutputStream out;
  private final Consumer<SseTransport> onEnded;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queued;
  private boolean closing;
  private boolean ended;

  /** {@code onEnded}: once, however it ends (closed here, the client gone, a failed write). */
  SseTransport(String id, AsyncContext async, Consumer<SseTransport> onEnded) throws IOException {
    this.id = id;
    this.async = async;
    this.onEnded = onEnded;
    this.out = async.getResponse().getOutputStream();
    async.addListener(this);
    out.setWriteListener(this);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized boolean isOpen() {
    return !ended && !closing;
  }

  @Override
  public void write(Connection.Outgoing frame) {
    enqueue(event(frame));
  }

  /** A comment every so often: proxies keep an idle stream, and a gone client is noticed. */
  void keepAlive() {
    enqueue(KEEP_ALIVE);
  }

  @Override
  public synchronized long unwritten() {
    return queued;
  }

  @Override
  public void close(int code, String reason) {
    String json =
        "{\"type\":\"close\",\"code\":"
            + code
            + ",\"reason\":"
            + Json.PROVIDER.createValue(reason == null ? "" : reason)
            + "}";
    synchronized (this) {
      if (ended || closing) {
        return;
      }
      queue.add(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
      closing = true;
      drain();
    }
  }

  @Override
  public void terminate() {
    synchronized (this) {
      queue.clear();
      queued = 0;
    }
    end();
  }

  @Override
  public synchronized void onWritePossible() {
    drain();
  }

  @Override
  public void onError(Throwable failure) {
    LOG.log(Level.FINE, "stream {0} failed: {1}", new Object[] {id, failure.toString()});
    end();
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    end();
  }

  @Override
  public void onError(AsyncEvent event) {
    end();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}

  static byte[] event(Connection.Outgoing frame) {
    var event = new StringBuilder(frame.json().length() + 64);
    if (frame.frame() instanceof Frames.Message m && !m.message().isNote()) {
      event
          .append("id: ")
          .append(m.message().conversationId())
          .append(':')
          .append(m.message().seq())
          .append('\n');
    }
    // JSON has no raw line breaks: one data line is the whole frame.
    event.append("data: ").append(frame.json()).append("\n\n");
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private synchronized void enqueue(byte[] bytes) {
    if (ended || closing) {
      return;
    }
    queue.add(bytes);
    queued += bytes.length;
    drain();
  }

  /** Writes what the connection takes now; the rest when the container says it can. */
  private void drain() {
    try {
      while (!queue.isEmpty()) {
        if (!out.isReady()) {
          return;
        }
        byte[] next = queue.poll();
        queued -= next.length;
        out.write(next);
      }
      if (!out.isReady()) {
        return;
      }
      out.flush();
      if (closing && queue.isEmpty() && out.isReady()) {
        end();
      }
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, "stream {0} write failed: {1}", new Object[] {id, e.toString()});
      end();
    }
  }

  private void end() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      queue.clear();
      queued = 0;
    }
    try {
      async.complete();
    } catch (IllegalStateException e) {
      // completed already (the client went)
    }
    onEnded.accept(this);
  }
}
