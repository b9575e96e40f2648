package dev.switchboard.events.control;

import dev.switchboard.platform.AfterCommit;
import dev.switchboard.platform.Instance;
import dev.switchboard.platform.Json;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the event records of the fan-out topic. Inside a transaction (a message, a conversation
 * change, a receipt) they go out after it commits, in commit order, and not at all when it rolls
 * back; outside one (typing) at once. Publishing after the commit keeps the broker out of the
 * transaction: a send is a one-phase database commit instead of a two-phase commit with four
 * blocking broker round trips and a transaction-log write. While the broker is known to be away,
 * changes are refused ({@code unavailable}); one that commits just before the broker goes is not
 * lost: {@link EventOutlet} retries until the broker is back, and receivers fill any gap from the
 * database (clients catch up with resume).
 */
@ApplicationScoped
public class EventPublisher {

  @Resource TransactionSynchronizationRegistry transactions;

  @Inject EventOutlet outlet;

  @Inject Instance instance;

  /** For every instance, this one included, to deliver from the topic. */
  public void publish(Object event) {
    publish(event, null);
  }

  /**
   * For the other instances only: the caller delivers it to this instance's sockets itself (a send
   * answered on its socket), so this one skips its copy from the topic.
   */
  public void publishToOthers(Object event) {
    publish(event, instance.node());
  }

  private void publish(Object event, String origin) {
    var outgoing =
        new EventOutlet.Event(event.getClass().getSimpleName(), origin, Json.write(event));
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
}
