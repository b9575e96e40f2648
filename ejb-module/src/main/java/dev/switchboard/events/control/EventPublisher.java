package dev.switchboard.events.control;

import dev.switchboard.events.boundary.ChatEvent;
import dev.switchboard.events.boundary.TopicEvents;
import dev.switchboard.platform.AfterCommit;
import dev.switchboard.platform.Instance;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the event records of the fan-out topic. Inside a transaction (a system message, a
 * conversation change, a receipt) they go out after it commits, in commit order, and not at all
 * when it rolls back; outside one (typing, and sends, which one statement stores) at once.
 * Publishing after the commit keeps the broker out of the transaction: a change is a one-phase
 * database commit instead of a two-phase commit with four blocking broker round trips and a
 * transaction-log write. While the broker is known to be away, changes are refused ({@code
 * unavailable}); one that commits just before the broker goes is not lost: {@link EventOutlet}
 * retries until the broker is back, and receivers fill any gap from the database (clients catch up
 * with resume).
 */
@ApplicationScoped
public class EventPublisher {

  @Resource TransactionSynchronizationRegistry transactions;

  @Inject EventOutlet outlet;

  @Inject Instance instance;

  /** For every instance, this one included, to deliver from the topic. */
  public void publish(ChatEvent event) {
    publish(event, null);
  }

  /**
   * For the other instances only, stored outside a transaction and so sent at once: the caller
   * delivers them to this instance's sockets itself (sends answered on their sockets), so this one
   * skips its copies from the topic. The caller has checked {@link #requireBroker} before storing.
   */
  public void publishToOthers(List<? extends ChatEvent> events) {
    if (!events.isEmpty()) {
      outlet.offer(events.stream().map(e -> outgoing(e, instance.node())).toList());
    }
  }

  /**
   * Refuses ({@code unavailable}) while the broker is known to be away: see {@link EventOutlet}.
   */
  public void requireBroker() {
    outlet.requireBroker();
  }

  private void publish(ChatEvent event, String origin) {
    var outgoing = outgoing(event, origin);
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      outlet.offer(List.of(outgoing));
      return;
    }
    @SuppressWarnings("unchecked")
    var pending = (List<EventOutlet.Event>) transactions.getResource(EventPublisher.class);
    if (pending == null) {
      outlet.requireBroker(); // a change the others cannot hear of now is refused
      var events = new ArrayList<EventOutlet.Event>();
      transactions.putResource(EventPublisher.class, events);
      AfterCommit.run(transactions, () -> outlet.offer(events));
      pending = events;
    }
    pending.add(outgoing);
  }

  private static EventOutlet.Event outgoing(ChatEvent event, String origin) {
    return new EventOutlet.Event(
        event.getClass().getSimpleName(), origin, TopicEvents.write(event));
  }
}
