package dev.switchboard.realtime;

import dev.switchboard.limits.ClientAddresses;
import dev.switchboard.limits.SocketsPerAddress;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.boundary.StreamTickets;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Json;
import dev.switchboard.rest.Failures;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transport for networks that refuse the WebSocket upgrade: {@code GET /sse/visitor} and {@code
 * /sse/agent} with a stream ticket ({@code POST /api/stream-tickets}) stream every frame the socket
 * would get, from {@code ready} on, as Server-Sent Events; requests go to {@code POST /api/frames}.
 * {@code resume} in the address is the {@code auth} frame's (JSON), and a {@code Last-Event-ID}
 * (header, or {@code lastEventId} where the client cannot set one) resumes its conversation after
 * its seq. A keep-alive comment every {@link #KEEP_ALIVE}.
 */
@WebServlet(
    urlPatterns = {"/sse/visitor", "/sse/agent"},
    asyncSupported = true)
public class SseEndpoint extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(SseEndpoint.class.getName());

  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  /** The longest {@code resume} accepted (a hundred entries fit). */
  static final int MAX_RESUME = 10_000;

  @EJB StreamTickets tickets;

  @Inject Requests requests;

  @Inject SignIn signIn;

  @Inject SocketWriter writer;

  @Inject ClientAddresses clientAddresses;

  @Inject SocketsPerAddress sockets;

  @Resource ManagedScheduledExecutorService scheduler;

  /** The open streams and their connections. */
  private final Map<SseTransport, Connection> streams = new ConcurrentHashMap<>();

  private ScheduledFuture<?> keepAlive;

  @Override
  public synchronized void destroy() {
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
  }

  /** From the first stream on: most servers never have one. */
  private synchronized void keepStreamsAlive() {
    if (keepAlive == null) {
      long period = KEEP_ALIVE.toMillis();
      keepAlive =
          scheduler.scheduleAtFixedRate(this::keepAlive, period, period, TimeUnit.MILLISECONDS);
    }
  }

  private void keepAlive() {
    for (SseTransport stream : streams.keySet()) {
      try {
        stream.keepAlive();
      } catch (RuntimeException e) {
        // One stream's failure must not end the others' keep-alives (nor this schedule).
        LOG.log(Level.FINE, "keep-alive of {0} failed: {1}", new Object[] {stream.id(), e});
      }
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    var kind =
        request.getServletPath().endsWith("/agent")
            ? Participant.Kind.AGENT
            : Participant.Kind.VISITOR;
    Inbound.Auth resume;
    try {
      resume = resume(request);
    } catch (ChatException e) {
      Failures.write(response, 400, e.code().wire(), e.getMessage());
      return;
    }
    Optional<Credentials.SignedIn> signedIn;
    try {
      signedIn = tickets.redeem(request.getParameter("ticket"), kind);
    } catch (RuntimeException e) {
      Failures.write(response, 503, "unavailable", "the database is unavailable; try again");
      return;
    }
    if (signedIn.isEmpty()) {
      Failures.write(response, 401, "unauthorized", "unknown, used or expired ticket");
      return;
    }
    String address = clientAddresses.limitedOf(request);
    if (!sockets.take(address)) {
      Failures.write(response, 429, "rate_limited", "too many connections from this address");
      return;
    }
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    // nginx passes each event on at once rather than buffering the stream.
    response.setHeader("X-Accel-Buffering", "no");
    var async = request.startAsync();
    async.setTimeout(0);
    var stream =
        new SseTransport(
            "sse-" + UUID.randomUUID(), async, ended -> requests.closed(streams.remove(ended)));
    var connection = new Connection(stream, kind, writer, address);
    keepStreamsAlive();
    signIn.openStream(connection, signedIn.get(), resume);
    // Entered once registered, then checked: a stream that ended before its entry was there found
    // none to close, so whoever removes the entry closes the connection, once.
    streams.put(stream, connection);
    if (!stream.isOpen()) {
      requests.closed(streams.remove(stream));
    }
  }

  /** The {@code auth} frame this stream stands for, with its {@code resume}. */
  private static Inbound.Auth resume(HttpServletRequest request) {
    String resume = request.getParameter("resume");
    String lastEventId =
        Optional.ofNullable(request.getHeader("Last-Event-ID"))
            .orElse(request.getParameter("lastEventId"));
    if (resume != null && resume.length() > MAX_RESUME) {
      throw ChatException.badRequest("resume is too long");
    }
    var entries = Json.PROVIDER.createArrayBuilder();
    if (resume != null && !resume.isBlank()) {
      var value =
          Inbound.Envelope.parse("{\"type\":\"auth\",\"resume\":" + resume + "}")
              .body()
              .get("resume");
      if (!(value instanceof jakarta.json.JsonArray array)) {
        throw ChatException.badRequest("resume is a list of {conversationId, afterSeq}");
      }
      array.forEach(entries::add);
    }
    if (lastEventId != null && !lastEventId.isBlank()) {
      int colon = lastEventId.lastIndexOf(':');
      try {
        entries.add(
            Json.PROVIDER
                .createObjectBuilder()
                .add("conversationId", lastEventId.substring(0, colon))
                .add("afterSeq", Long.parseLong(lastEventId.substring(colon + 1))));
      } catch (RuntimeException e) {
        throw ChatException.badRequest("Last-Event-ID is a message event's id, conversationId:seq");
      }
    }
    return Inbound.Auth.of(null, null, entries.build());
  }
}
