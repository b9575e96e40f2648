package dev.switchboard.notifications.control;

import dev.switchboard.jms.Destinations;
import dev.switchboard.notifications.boundary.MailJob;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.platform.Json;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts mail jobs on the {@code chat.mail} queue, in the caller's transaction (a job for a message
 * that was never stored never goes out). Persistent: the broker keeps a job until it has been
 * handled, across its own restarts and every instance's.
 */
@ApplicationScoped
public class MailQueue {

  private static final Logger LOG = Logger.getLogger(MailQueue.class.getName());

  @Resource(lookup = Destinations.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  /** Created once: creating it is a round trip to the broker (see EventPublisher). */
  private volatile Queue queue;

  private Queue queue(JMSContext context) {
    Queue known = queue;
    if (known == null) {
      known = context.createQueue(Destinations.CHAT_MAIL);
      queue = known;
    }
    return known;
  }

  public void enqueue(MailJob job, Duration delay) {
    try (JMSContext context = connectionFactory.createContext()) {
      context
          .createProducer()
          .setDeliveryMode(DeliveryMode.PERSISTENT)
          .setDeliveryDelay(delay.toMillis())
          .send(queue(context), Json.write(job));
    } catch (JMSRuntimeException e) {
      LOG.log(
          Level.WARNING,
          "enqueue to {0} failed: {1}",
          new Object[] {Destinations.CHAT_MAIL, e.toString()});
      throw new ChatException(ErrorCode.UNAVAILABLE, "the message broker is unavailable");
    }
  }
}
