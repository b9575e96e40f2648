package dev.switchboard.events.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This instance's one sender to the events topic: a thread that sends committed events in the order
 * they were offered, over one long-lived non-transacted broker session (non-persistent sends do not
 * wait for the broker), as many as have queued up in one broker message ({@link TopicBatch}; an
 * idle outlet lingers {@link Config#EVENT_LINGER_MICROS} for more, see {@link EventQueue}). While
 * the broker is away it keeps the events and tries again every second, so a restart of the broker
 * delays them instead of losing them; beyond {@link #MAX_KEPT} the oldest are dropped (receivers
 * then fill the gap from the database). Meanwhile changes are refused ({@link #requireBroker}), as
 * the wire contract asks.
 */
@ApplicationScoped
public class EventOutlet {

  private static final Logger LOG = Logger.getLogger(EventOutlet.class.getName());
  static final int MAX_KEPT = 100_000;
  static final long RETRY_MILLIS = 1000;

  /** How long the broker's last answer vouches for it before a send asks it again. */
  static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  static final long PING_TIMEOUT_SECONDS = 4;

  /**
   * An event as the topic carries it: its record type, the instance that delivered it to its own
   * sockets already (null: every instance delivers it from the topic) and its JSON.
   */
  public record Event(String type, String origin, String json) {}

  @Inject Broker broker;

  @Resource ManagedThreadFactory threads;

  @Resource ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = Config.EVENT_LINGER_MICROS, defaultValue = "2000")
  long lingerMicros;

  // Made once the configuration is in.

  private EventQueue queue;
  private Thread sender;
  private volatile boolean failing;
  private volatile long answeredAt = System.nanoTime() - FRESH_NANOS;

  /**
   * Refuses a change (it rolls back, the client gets {@code unavailable} and may resend) while the
   * broker is known to be away, or, when it has not answered for a moment, does not answer now.
   * Under load the sends themselves keep it fresh; an idle instance asks at most once per change.
   */
  public void requireBroker() {
    if (failing) {
      throw unavailable();
    }
    if (System.nanoTime() - answeredAt < FRESH_NANOS) {
      return;
    }
    try {
      // On another thread: here the broker's session would join the caller's transaction.
      executor.submit(broker::ping).get(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      answeredAt = System.nanoTime();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    } catch (ExecutionException | TimeoutException e) {
      throw unavailable();
    }
  }

  private static ChatException unavailable() {
    return new ChatException(ErrorCode.UNAVAILABLE, "the message broker is unavailable");
  }

  @PostConstruct
  void init() {
    queue = new EventQueue(MAX_KEPT, TimeUnit.MICROSECONDS.toNanos(lingerMicros));
  }

  public synchronized void offer(Collection<Event> events) {
    if (queue.offer(events) && sender == null) {
      sender = threads.newThread(this::run);
      sender.setName("switchboard-event-outlet");
      sender.setDaemon(true);
      sender.start();
    }
  }

  @PreDestroy
  void stop() {
    queue.stop();
  }

  private void run() {
    Broker.TopicSender topic = null;
    boolean failing = false;
    try {
      for (List<Event> events = queue.next(); events != null; events = queue.next()) {
        try {
          if (topic == null) {
            topic = broker.topicSender(Destinations.CHAT_EVENTS);
          }
          topic.send(
              TopicBatch.encode(events).getBytes(StandardCharsets.UTF_8), events.get(0).origin());
          queue.sent(events);
          answeredAt = System.nanoTime();
          if (failing) {
            LOG.info("the broker takes events again");
            failing = false;
          }
        } catch (RuntimeException e) {
          if (!failing) {
            LOG.log(Level.WARNING, "events wait for the broker: {0}", e.toString());
            failing = true;
          }
          if (topic != null) {
            topic.close();
            topic = null;
          }
          Thread.sleep(RETRY_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (topic != null) {
        topic.close();
      }
    }
  }
}
