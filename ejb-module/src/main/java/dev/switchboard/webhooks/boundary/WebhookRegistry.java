package dev.switchboard.webhooks.boundary;

import dev.switchboard.events.boundary.MessagePosted;
import dev.switchboard.events.boundary.WebhooksChanged;
import dev.switchboard.platform.AfterCommit;
import dev.switchboard.platform.Json;
import dev.switchboard.webhooks.control.WebhookQueue;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's list of endpoints, and where the events for them start: after the change has
 * committed, one job per endpoint that wants the event goes on the queue from another thread, so
 * the change's own answer never waits for the broker. With no endpoint for an event (the usual
 * case) that costs a look at the list in memory. The list is read again when a webhook is added or
 * removed anywhere ({@link WebhooksChanged}) and, in case such an event was missed, once a minute.
 * An event whose jobs were lost (the instance stopped just after the commit) is not delivered.
 */
@ApplicationScoped
public class WebhookRegistry {

  private static final Logger LOG = Logger.getLogger(WebhookRegistry.class.getName());
  static final Duration FRESH = Duration.ofMinutes(1);

  @EJB Webhooks webhooks;

  @Inject WebhookQueue queue;

  @Resource ManagedExecutorService executor;

  @Resource TransactionSynchronizationRegistry transactions;

  private record Loaded(List<Webhooks.Subscription> subscriptions, Instant at) {}

  private volatile Loaded loaded;
  private final AtomicBoolean reloading = new AtomicBoolean();

  void changed(@Observes WebhooksChanged event) {
    loaded = load();
  }

  /** Whether any endpoint wants the event (callers skip building its data otherwise). */
  public boolean wants(String event) {
    return current().stream().anyMatch(s -> s.events().contains(event));
  }

  /** {@code data}: the event's JSON object, as each endpoint receives it under "data". */
  public void emit(String event, String data) {
    var jobs = new ArrayList<WebhookJob>();
    for (Webhooks.Subscription s : current()) {
      if (s.events().contains(event)) {
        String id = UUID.randomUUID().toString();
        String payload =
            "{\"id\":"
                + Json.PROVIDER.createValue(id)
                + ",\"event\":"
                + Json.PROVIDER.createValue(event)
                + ",\"createdAt\":"
                + Json.PROVIDER.createValue(Instant.now().toString())
                + ",\"data\":"
                + data
                + "}";
        jobs.add(new WebhookJob(id, s.id(), event, payload, 1));
      }
    }
    if (!jobs.isEmpty()) {
      AfterCommit.run(transactions, () -> enqueueLater(jobs));
    }
  }

  /** A conversation's event: its id, visitor, team and assignee (when it has one). */
  public void conversation(
      String event, String conversationId, String visitorId, String teamId, String assigneeId) {
    if (!safelyWants(event)) {
      return;
    }
    var data = Json.PROVIDER.createObjectBuilder().add("conversationId", conversationId);
    if (visitorId != null) {
      data.add("visitorId", visitorId);
    }
    if (teamId != null) {
      data.add("teamId", teamId);
    }
    if (assigneeId != null) {
      data.add("assigneeId", assigneeId);
    }
    emit(event, data.build().toString());
  }

  /** Sends stored by a socket: {@code message.created} for each, when an endpoint wants it. */
  public void messagesPosted(List<MessagePosted> posted) {
    if (posted.isEmpty() || !safelyWants(Webhooks.MESSAGE_CREATED)) {
      return;
    }
    for (MessagePosted p : posted) {
      emit(
          Webhooks.MESSAGE_CREATED,
          "{\"conversationId\":"
              + Json.PROVIDER.createValue(p.message().conversationId())
              + ",\"message\":"
              + p.messageJson()
              + "}");
    }
  }

  /**
   * {@link #wants}, where a list that cannot be read (the database away at an instance's first
   * event) costs that event its deliveries rather than the change that caused it its answer.
   */
  private boolean safelyWants(String event) {
    try {
      return wants(event);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "{0} not delivered to webhooks: {1}", new Object[] {event, e.toString()});
      return false;
    }
  }

  private void enqueueLater(List<WebhookJob> jobs) {
    try {
      executor.execute(
          () -> {
            for (WebhookJob job : jobs) {
              try {
                queue.enqueue(job, Duration.ZERO);
              } catch (RuntimeException e) {
                LOG.log(
                    Level.WARNING,
                    "webhook delivery {0} ({1}) not queued: {2}",
                    new Object[] {job.deliveryId(), job.event(), e.toString()});
              }
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.log(
          Level.WARNING, "{0} webhook deliveries not queued: {1}", new Object[] {jobs.size(), e});
    }
  }

  private List<Webhooks.Subscription> current() {
    Loaded now = loaded;
    if (now == null) {
      now = load();
      loaded = now;
    } else if (now.at().plus(FRESH).isBefore(Instant.now())
        && reloading.compareAndSet(false, true)) {
      // Read again beside the caller, who goes on with the list it has.
      try {
        executor.execute(
            () -> {
              try {
                loaded = load();
              } finally {
                reloading.set(false);
              }
            });
      } catch (RejectedExecutionException e) {
        reloading.set(false);
      }
    }
    return now.subscriptions();
  }

  private Loaded load() {
    return new Loaded(webhooks.subscriptions(), Instant.now());
  }
}
