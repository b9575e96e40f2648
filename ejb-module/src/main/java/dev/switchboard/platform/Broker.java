package dev.switchboard.platform;

import dev.switchboard.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends to the broker through the resource adapter, which enlists in the caller's JTA transaction
 * (nothing goes out for a rolled-back change); outside one at once. A broker that cannot be reached
 * is {@code unavailable} to the client. The events topic has its own long-lived sender ({@link
 * #topicSender}).
 */
@ApplicationScoped
public class Broker {

  private static final Logger LOG = Logger.getLogger(Broker.class.getName());

  @Resource(lookup = Destinations.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  /**
   * Created once and reused by every session: creating one asks the broker whether it exists, a
   * blocking round trip that every send paid before.
   */
  private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

  public void toQueue(String name, String body, Consumer<JMSProducer> settings) {
    try (JMSContext context = connectionFactory.createContext()) {
      Destination destination = destinations.computeIfAbsent(name, context::createQueue);
      JMSProducer producer = context.createProducer();
      settings.accept(producer);
      producer.send(destination, body);
    } catch (JMSRuntimeException e) {
      LOG.log(Level.WARNING, "send to {0} failed: {1}", new Object[] {name, e.toString()});
      throw new ChatException(ErrorCode.UNAVAILABLE, "the message broker is unavailable");
    }
  }

  /**
   * A sender to one topic for a thread without a transaction: one session kept open, non-persistent
   * text messages. Fails with a {@link JMSRuntimeException} while the broker is unreachable; close
   * it and open another.
   */
  public TopicSender topicSender(String name) {
    JMSContext context = connectionFactory.createContext();
    try {
      return new TopicSender(context, context.createTopic(name));
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  public static final class TopicSender implements AutoCloseable {
    private final JMSContext context;
    private final Destination topic;
    private final JMSProducer producer;

    TopicSender(JMSContext context, Destination topic) {
      this.context = context;
      this.topic = topic;
      this.producer = context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    }

    /**
     * A bytes message: the JDK encodes text as UTF-8 far faster than a text message is built. With
     * an origin, the instance that sent it has delivered its events already; the subscription of
     * that instance leaves it out ({@link Destinations#NOT_OWN_EVENTS}).
     */
    public void send(byte[] body, String origin) {
      producer.clearProperties();
      if (origin != null) {
        producer.setProperty(Destinations.ORIGIN, origin);
      }
      producer.send(topic, body);
    }

    @Override
    public void close() {
      try {
        context.close();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "closing a broken broker session: {0}", e.toString());
      }
    }
  }

  /** For the readiness check: a connection to the broker and the events topic, or the error. */
  public void ping() {
    try (JMSContext context = connectionFactory.createContext()) {
      context.createTopic(Destinations.CHAT_EVENTS);
    }
  }
}
