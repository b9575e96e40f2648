package dev.switchboard.webhooks.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.Json;
import dev.switchboard.webhooks.boundary.WebhookJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import java.time.Duration;

/**
 * Puts webhook deliveries on the {@code chat.webhooks} queue, persistent: the broker keeps each
 * until an instance has delivered it, across restarts.
 */
@ApplicationScoped
public class WebhookQueue {

  @Inject Broker broker;

  /** In the caller's transaction, if it has one: the job is queued if and only if it commits. */
  public void enqueue(WebhookJob job, Duration delay) {
    broker.toQueue(
        Destinations.CHAT_WEBHOOKS,
        Json.write(job),
        producer ->
            producer.setDeliveryMode(DeliveryMode.PERSISTENT).setDeliveryDelay(delay.toMillis()));
  }
}
