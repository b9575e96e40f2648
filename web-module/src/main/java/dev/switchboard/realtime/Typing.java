package dev.switchboard.realtime;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.events.boundary.TypingChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.participants.entity.Participant;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who is typing where, on this instance's sockets. Typing stops by itself when the typist goes
 * quiet for {@link #QUIET} or disconnects, so nobody is left watching "typing…" forever.
 */
@ApplicationScoped
public class Typing {

  private static final Logger LOG = Logger.getLogger(Typing.class.getName());
  static final Duration QUIET = Duration.ofSeconds(6);
  static final Duration REANNOUNCE = Duration.ofSeconds(3);

  private record Key(String connectionId, String conversationId) {}

  /** {@code announced}: when "typing" last went out for this typist (System.nanoTime()). */
  private record Typist(
      Connection connection, Audience audience, ScheduledFuture<?> stop, long announced) {}

  private final Map<Key, Typist> typists = new ConcurrentHashMap<>();

  @Inject EventPublisher publisher;

  @Resource ManagedScheduledExecutorService scheduler;

  void changed(Connection connection, String conversationId, Audience audience, boolean typing) {
    var key = new Key(connection.id(), conversationId);
    long now = System.nanoTime();
    Typist before;
    boolean announce;
    if (typing) {
      ScheduledFuture<?> stop =
          scheduler.schedule(() -> stopped(key), QUIET.toMillis(), TimeUnit.MILLISECONDS);
      Typist current = typists.get(key);
      // Changes travel, and a continuing "typing" again now and then: receivers forget a typist
      // they stop hearing from (their instance may have died), so they must keep hearing.
      announce = current == null || now - current.announced() > REANNOUNCE.toNanos();
      before =
          typists.put(
              key, new Typist(connection, audience, stop, announce ? now : current.announced()));
    } else {
      before = typists.remove(key);
      announce = before != null;
    }
    if (before != null) {
      before.stop().cancel(false);
    }
    if (announce) {
      publish(connection.participant(), conversationId, audience, typing);
    }
  }

  /** The socket closed: whatever it was typing stops now. */
  void closed(Connection connection) {
    for (Key key : typists.keySet()) {
      if (key.connectionId().equals(connection.id())) {
        stopped(key);
      }
    }
  }

  private void stopped(Key key) {
    Typist typist = typists.remove(key);
    if (typist != null) {
      typist.stop().cancel(false);
      try {
        publish(typist.connection().participant(), key.conversationId(), typist.audience(), false);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "typing stop not published: {0}", e.toString());
      }
    }
  }

  private void publish(Participant who, String conversationId, Audience audience, boolean typing) {
    publisher.publish(
        new TypingChanged(
            conversationId,
            audience,
            new MessageView.Sender(who.kind().wire(), who.id(), who.name()),
            typing));
  }
}
