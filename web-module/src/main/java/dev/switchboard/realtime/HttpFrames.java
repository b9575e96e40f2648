package dev.switchboard.realtime;

import dev.switchboard.limits.FrameLimits;
import dev.switchboard.participants.entity.Participant;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Request frames over HTTP ({@code POST /api/frames}), for clients on an SSE stream: each is
 * handled as a socket's would be, on a connection of its own that answers only the request (the
 * stream, a registered connection, gets the frames the socket would, the sender's own messages
 * too). Limited frames are counted per participant on this instance, as one socket's would be.
 */
@ApplicationScoped
public class HttpFrames {

  /** As a socket's frame: larger ones are refused. */
  public static final int MAX_CHARS = 64 * 1024;

  /**
   * The reply frame as JSON and its error code (null for a success); none for a request without.
   */
  /** The reply frame's JSON, and the frame when it is an error (otherwise null). */
  public record Reply(String json, Frames.Error error) {}

  @Inject Requests requests;

  @Inject SocketWriter writer;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, FrameLimits.Counts> counts = new ConcurrentHashMap<>();

  private ScheduledFuture<?> forgetting;

  @PostConstruct
  void start() {
    // Windows are fixed minutes: counts older than one count for nothing.
    forgetting = scheduler.scheduleAtFixedRate(counts::clear, 1, 1, TimeUnit.MINUTES);
  }

  @PreDestroy
  void stop() {
    if (forgetting != null) {
      forgetting.cancel(false);
    }
  }

  public Reply handle(Participant participant, String text) {
    var answer = new Answer("http-" + participant.id());
    var connection = new Connection(answer, participant.kind(), writer, null);
    connection.authenticated(participant);
    connection.countFramesWith(
        counts.computeIfAbsent(participant.id(), id -> new FrameLimits.Counts()));
    requests.received(connection, text);
    if (answer.frames.isEmpty()) {
      return null;
    }
    Connection.Outgoing reply = answer.frames.get(0);
    return new Reply(reply.json(), reply.frame() instanceof Frames.Error error ? error : null);
  }

  /**
   * Takes what is written to the request's connection: its frames are written by the thread that
   * handles it, one at a time (nothing else is admitted for it).
   */
  private static final class Answer implements Transport {
    // Typing is per connection: a participant's requests are one typist.
    private final String id;
    final List<Connection.Outgoing> frames = new ArrayList<>(1);

    Answer(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public synchronized void write(Connection.Outgoing out) {
      frames.add(out);
    }

    @Override
    public long unwritten() {
      return 0;
    }

    @Override
    public void close(int code, String reason) {}

    @Override
    public void terminate() {}
  }
}
