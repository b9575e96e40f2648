package dev.switchboard.limits;

import dev.switchboard.attachments.boundary.Attachments;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.rest.Bearer;
import dev.switchboard.rest.Failures;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes a request's body in whole before the API sees it, reading it as it arrives without a thread
 * waiting for it (the container's reads would block a worker for each body that comes slowly or
 * stops, and the workers are few). A JSON body is at most {@link #JSON_MAX} bytes, an upload
 * ({@code multipart/form-data}) the attachment limit and its envelope, spooled to a file; beyond
 * that 413, and a body not all there within {@code SWITCHBOARD_REQUEST_BODY_SECONDS} 408. The API
 * then reads the body from memory or the file ({@link WholeBody}).
 */
@WebFilter(
    urlPatterns = "/api/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class RequestBodies extends HttpFilter {

  /** Room for the largest JSON body: a frame of 64 Ki characters, each up to 3 bytes in UTF-8. */
  static final int JSON_MAX = 256 * 1024;

  static final String BUSY = "too many requests' bodies are arriving at once; try again";

  /** Room for the multipart boundaries and headers around an uploaded file. */
  static final long ENVELOPE = 64 * 1024;

  @EJB Attachments attachments;

  @EJB Credentials credentials;

  @Inject Instance<RequestContextController> scopes;

  @Inject
  @ConfigProperty(name = Config.REQUEST_BODY_SECONDS, defaultValue = "30")
  int seconds;

  @Inject
  @ConfigProperty(name = Config.REQUEST_BODY_MEMORY_BYTES, defaultValue = "67108864")
  long memory;

  @Inject
  @ConfigProperty(name = Config.REQUEST_BODY_DISK_BYTES, defaultValue = "1073741824")
  long disk;

  /** Bytes of JSON bodies held while they arrive, on this instance: at most {@link #memory}. */
  private final AtomicLong arriving = new AtomicLong();

  /** Bytes of uploads spooled while they arrive, on this instance: at most {@link #disk}. */
  private final AtomicLong spooling = new AtomicLong();

  /** The deadlines: a thread that only ever answers 408 for a body that did not come in time. */
  private ScheduledThreadPoolExecutor deadlines;

  @Override
  public void init() {
    deadlines = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "switchboard-body-deadline"));
    deadlines.setRemoveOnCancelPolicy(true);
  }

  @Override
  public void destroy() {
    deadlines.shutdownNow();
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      // A body that came slowly, now whole: Payara runs this dispatch on a thread of its own,
      // without CDI's request context, which the API's request-scoped beans need.
      RequestContextController scope = scopes.get();
      boolean activated = scope.activate();
      try {
        chain.doFilter(request, response);
      } finally {
        if (activated) {
          scope.deactivate();
        }
        scopes.destroy(scope);
      }
      return;
    }
    // HTTP/2 on plain HTTP (h2c: Java's HTTP client asks for it, browsers never do): Grizzly
    // neither answers the upgrading request asynchronously nor reads a stream's body past its
    // first window that way, so such a body is read waiting. A stream's length may be unsaid.
    boolean http2 = !request.getProtocol().startsWith("HTTP/1");
    boolean waiting = http2 || request.getHeader("Upgrade") != null;
    long length = request.getContentLengthLong();
    if (length < 0 && !http2 && request.getHeader("Transfer-Encoding") == null) {
      length = 0; // HTTP/1.x without either header: no body
    }
    String type = request.getContentType();
    boolean multipart =
        type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    if (length == 0 && !multipart) {
      chain.doFilter(request, response);
      return;
    }
    long max = multipart ? attachments.maxBytes() + ENVELOPE : JSON_MAX;
    if (length > max) {
      // Refused before the body is read, so nothing is spooled either.
      refuse(response, 413, "too_large", tooLarge(multipart));
      return;
    }
    if (multipart) {
      // Only participants upload: a stranger's body is not spooled to find that out.
      try {
        if (!signedIn(request)) {
          refuse(response, 401, "unauthorized", "unknown or expired token");
          return;
        }
      } catch (RuntimeException e) {
        ChatException failure = ChatException.classify(e); // the database down: unavailable
        refuse(response, Failures.status(failure), failure.code().wire(), failure.getMessage());
        return;
      }
    }
    WholeBody body =
        multipart
            ? WholeBody.spooled(
                request, (File) getServletContext().getAttribute(ServletContext.TEMPDIR))
            : WholeBody.inMemory(request);
    ServletInputStream in = request.getInputStream();
    // An empty upload is parsed too (as not a form), never by the container's own parser.
    boolean here = length >= 0 && readArrived(in, body, length) == length;
    if (!here && waiting) {
      here = readWaiting(in, body, max);
      if (!here) {
        body.discard();
        refuse(response, 413, "too_large", tooLarge(multipart));
        return;
      }
    }
    if (here) {
      // Here already (a small body comes with its headers): no need to wait.
      try {
        body.complete();
        chain.doFilter(body, response);
      } finally {
        body.discard();
      }
      return;
    }
    AsyncContext async = request.startAsync(body, response);
    async.setTimeout(0); // the deadline below answers for the body; none once it is dispatched
    new Reading(async, in, body, length, max, multipart).start();
  }

  /** Reads what has arrived (no more: these reads do not wait); the body's size after. */
  private static long readArrived(ServletInputStream in, WholeBody body, long length)
      throws IOException {
    byte[] chunk = new byte[8192];
    for (int ready; body.size() < length && (ready = in.available()) > 0; ) {
      int n =
          in.read(chunk, 0, (int) Math.min(chunk.length, Math.min(ready, length - body.size())));
      if (n < 0) {
        break;
      }
      body.append(chunk, n);
    }
    return body.size();
  }

  /** Reads the rest of the body, waiting for it; false past {@code max}. */
  private static boolean readWaiting(ServletInputStream in, WholeBody body, long max)
      throws IOException {
    byte[] chunk = new byte[8192];
    for (int n; (n = in.read(chunk)) >= 0; ) {
      if (body.size() + n > max) {
        return false;
      }
      body.append(chunk, n);
    }
    return true;
  }

  /** One body on its way in: it ends dispatched to the API, or answered with an error. */
  private final class Reading implements ReadListener {
    private final AsyncContext async;
    private final ServletInputStream in;
    private final WholeBody body;
    private final long length;
    private final long max;
    private final boolean multipart;
    private final AtomicBoolean ended = new AtomicBoolean();
    private ScheduledFuture<?> deadline;

    /** What this body counts against: {@link #arriving} in memory, an upload {@link #spooling}. */
    private final AtomicLong budget;

    private final long limit;

    /** This body's share of its budget. */
    private long held;

    Reading(
        AsyncContext async,
        ServletInputStream in,
        WholeBody body,
        long length,
        long max,
        boolean multipart) {
      this.async = async;
      this.in = in;
      this.body = body;
      this.length = length;
      this.max = max;
      this.multipart = multipart;
      this.budget = multipart ? spooling : arriving;
      this.limit = multipart ? disk : memory;
    }

    void start() {
      async.addListener(
          new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
              body.discard(); // answered: the spooled file goes
            }

            @Override
            public void onTimeout(AsyncEvent event) {}

            @Override
            public void onError(AsyncEvent event) {
              body.discard();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
          });
      deadline =
          deadlines.schedule(
              () ->
                  end(
                      408,
                      "bad_request",
                      "the request's body did not arrive within " + seconds + " s"),
              seconds,
              TimeUnit.SECONDS);
      if (!take(body.size())) {
        end(503, "unavailable", BUSY);
        return;
      }
      in.setReadListener(this);
    }

    /**
     * Counts bytes of a body against the instance's budget: in memory, or on disk for an upload;
     * false past it.
     */
    private synchronized boolean take(long bytes) {
      if (ended.get() || budget.addAndGet(bytes) > limit) {
        budget.addAndGet(-bytes);
        return false;
      }
      held += bytes;
      return true;
    }

    /** Gives the body's share back, once it has ended. */
    private synchronized void release() {
      budget.addAndGet(-held);
      held = 0;
    }

    @Override
    public void onDataAvailable() throws IOException {
      // Not kept between calls: a body that stalls holds what it sent, no more.
      byte[] chunk = new byte[8192];
      while (!ended.get() && in.isReady()) {
        int n = in.read(chunk);
        if (n < 0) {
          return;
        }
        if (body.size() + n > max) {
          end(413, "too_large", tooLarge(multipart));
          return;
        }
        if (!take(n)) {
          end(503, "unavailable", BUSY);
          return;
        }
        body.append(chunk, n);
      }
    }

    @Override
    public void onAllDataRead() throws IOException {
      if (length > 0 && body.size() < length) {
        end(400, "bad_request", "the request's body ended before its Content-Length");
        return;
      }
      if (ended.compareAndSet(false, true)) {
        deadline.cancel(false);
        release(); // whole: the API's now, like a body that came with its headers
        body.complete();
        async.dispatch();
      }
    }

    @Override
    public void onError(Throwable failure) {
      // The client went away or the connection broke: nobody to answer.
      if (ended.compareAndSet(false, true)) {
        deadline.cancel(false);
        release();
        body.discard();
        async.complete();
      }
    }

    private void end(int status, String code, String message) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      deadline.cancel(false);
      release();
      body.discard();
      try {
        refuse((HttpServletResponse) async.getResponse(), status, code, message);
      } catch (IOException | RuntimeException gone) {
        // the client is gone: nothing to tell
      } finally {
        async.complete();
      }
    }
  }

  private boolean signedIn(HttpServletRequest request) {
    return credentials
        .authenticateAny(Bearer.tokenOf(request.getHeader("Authorization")))
        .isPresent();
  }

  private String tooLarge(boolean multipart) {
    return multipart
        ? "the file is larger than " + attachments.maxBytes() + " bytes"
        : "a request's body is at most " + JSON_MAX + " bytes";
  }

  /**
   * The API's error, {code, message}; the rest of the body is not read, so the connection closes.
   */
  private static void refuse(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    response.setStatus(status);
    response.setHeader("Connection", "close");
    if (status == 503) {
      response.setHeader("Retry-After", "5");
    }
    Failures.write(response, status, code, message);
  }
}
