package dev.switchboard.events.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;

/**
 * Publishes the event records of the fan-out topic. Non-persistent, because the database is the
 * record and clients catch up from it.
 */
@ApplicationScoped
public class EventPublisher {

  /** The JMS property naming the event's record type. */
  public static final String EVENT_TYPE = "eventType";

  @Inject Broker broker;

  /**
   * Sends one of the topic's event records. Inside the caller's transaction (a message, a
   * conversation change, a receipt) it goes out only if the change commits; outside one (typing) at
   * once.
   */
  public void publish(Object event) {
    broker.toTopic(
        Destinations.CHAT_EVENTS,
        Json.write(event),
        producer ->
            producer
                .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                .setProperty(EVENT_TYPE, event.getClass().getSimpleName()));
  }
}
