package dev.switchboard.notifications.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.notifications.boundary.MailJob;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import java.time.Duration;

/**
 * Puts mail jobs on the {@code chat.mail} queue, in the caller's transaction (a job for a message
 * that was never stored never goes out). Persistent: the broker keeps a job until it has been
 * handled, across its own restarts and every instance's.
 */
@ApplicationScoped
public class MailQueue {

  @Inject Broker broker;

  public void enqueue(MailJob job, Duration delay) {
    broker.toQueue(
        Destinations.CHAT_MAIL,
        Json.write(job),
        producer ->
            producer.setDeliveryMode(DeliveryMode.PERSISTENT).setDeliveryDelay(delay.toMillis()));
  }
}
