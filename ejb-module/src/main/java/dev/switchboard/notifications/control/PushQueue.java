package dev.switchboard.notifications.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.notifications.boundary.PushJob;
import dev.switchboard.platform.AfterCommit;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.Json;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts push jobs on the {@code chat.push} queue, a moment late (a socket that got the message says
 * so meanwhile), once the caller's transaction has committed and from another thread, as mail jobs
 * go. A push is worth less than a mail: a job lost with an instance or the broker is not sought
 * again. Nothing while Web Push is off.
 */
@ApplicationScoped
public class PushQueue {

  private static final Logger LOG = Logger.getLogger(PushQueue.class.getName());

  @Inject Broker broker;

  @EJB VapidKeys keys;

  @Resource TransactionSynchronizationRegistry transactions;

  @Resource ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = Config.PUSH_DELAY_SECONDS, defaultValue = "3")
  long delaySeconds;

  public void enqueueAfterCommit(List<PushJob> jobs) {
    if (jobs.isEmpty() || !keys.enabled()) {
      return;
    }
    AfterCommit.runElsewhere(
        transactions, executor, () -> jobs.forEach(this::enqueue), PushQueue::left);
  }

  public void enqueueAfterCommit(PushJob job) {
    enqueueAfterCommit(List.of(job));
  }

  private void enqueue(PushJob job) {
    try {
      broker.toQueue(
          Destinations.CHAT_PUSH,
          Json.write(job),
          producer ->
              producer
                  .setDeliveryMode(DeliveryMode.PERSISTENT)
                  .setDeliveryDelay(Duration.ofSeconds(delaySeconds).toMillis()));
    } catch (RuntimeException e) {
      left(e);
    }
  }

  private static void left(Exception e) {
    LOG.log(Level.WARNING, "a push job could not be queued: {0}", e.toString());
  }
}
