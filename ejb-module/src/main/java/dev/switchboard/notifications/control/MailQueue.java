package dev.switchboard.notifications.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.notifications.boundary.MailJob;
import dev.switchboard.platform.AfterCommit;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.Json;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts mail jobs on the {@code chat.mail} queue. Persistent: the broker keeps a job until it has
 * been handled, across its own restarts and every instance's.
 */
@ApplicationScoped
public class MailQueue {

  private static final Logger LOG = Logger.getLogger(MailQueue.class.getName());

  @Inject Broker broker;

  @Resource TransactionSynchronizationRegistry transactions;

  @Resource ManagedExecutorService executor;

  /** In the caller's transaction: the job goes on the queue if and only if it commits. */
  public void enqueue(MailJob job, Duration delay) {
    broker.toQueue(
        Destinations.CHAT_MAIL,
        Json.write(job),
        producer ->
            producer.setDeliveryMode(DeliveryMode.PERSISTENT).setDeliveryDelay(delay.toMillis()));
  }

  /**
   * Once the caller's transaction has committed, from another thread: the broker stays out of the
   * caller's transaction, which would otherwise become a two-phase commit while it holds its row
   * locks (a send's, every few minutes per conversation). A job lost in between (the instance
   * stopped, the broker went) is put on the queue again by {@link
   * dev.switchboard.notifications.boundary.PendingMailSweep}, since its mark stays pending.
   */
  public void enqueueAfterCommit(Map<MailJob, Duration> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    AfterCommit.runElsewhere(
        transactions, executor, () -> jobs.forEach(this::enqueueOrLeave), MailQueue::left);
  }

  private void enqueueOrLeave(MailJob job, Duration delay) {
    try {
      enqueue(job, delay);
    } catch (RuntimeException e) {
      left(e);
    }
  }

  private static void left(Exception e) {
    LOG.log(
        Level.WARNING,
        "a mail job could not be queued; the pending-mail sweep queues it again later: {0}",
        e.toString());
  }
}
