package dev.switchboard.events.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.platform.Json;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Topic;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes to the topic through the resource adapter, which enlists in the caller's JTA
 * transaction: nothing goes out for a rolled-back insert. Non-persistent, because the database is
 * the record and clients catch up from it.
 */
@ApplicationScoped
public class EventPublisher {

  private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());

  /** The JMS property naming the event's record type. */
  public static final String EVENT_TYPE = "eventType";

  @Resource(lookup = Destinations.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  /**
   * Created once and reused by every session: creating it asks the broker whether the address
   * exists, a blocking round trip that every publish paid before.
   */
  private volatile Topic topic;

  private Topic topic(JMSContext context) {
    Topic known = topic;
    if (known == null) {
      known = context.createTopic(Destinations.CHAT_EVENTS);
      topic = known;
    }
    return known;
  }

  /**
   * Sends one of the topic's event records. Inside the caller's transaction (a message, a
   * conversation change, a receipt) it goes out only if the change commits; outside one (typing) at
   * once.
   */
  public void publish(Object event) {
    try (JMSContext context = connectionFactory.createContext()) {
      context
          .createProducer()
          .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
          .setProperty(EVENT_TYPE, event.getClass().getSimpleName())
          .send(topic(context), Json.write(event));
    } catch (JMSRuntimeException e) {
      LOG.log(
          Level.WARNING,
          "publish to {0} failed: {1}",
          new Object[] {Destinations.CHAT_EVENTS, e.toString()});
      throw new ChatException(ErrorCode.UNAVAILABLE, "the message broker is unavailable");
    }
  }
}
