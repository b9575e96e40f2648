package dev.switchboard.platform;

import dev.switchboard.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
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
 * is {@code unavailable} to the client.
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

  public void toTopic(String name, String body, Consumer<JMSProducer> settings) {
    send(name, true, body, settings);
  }

  public void toQueue(String name, String body, Consumer<JMSProducer> settings) {
    send(name, false, body, settings);
  }

  /** For the readiness check: a connection to the broker and the events topic, or the error. */
  public void ping() {
    try (JMSContext context = connectionFactory.createContext()) {
      context.createTopic(Destinations.CHAT_EVENTS);
    }
  }

  private void send(String name, boolean topic, String body, Consumer<JMSProducer> settings) {
    try (JMSContext context = connectionFactory.createContext()) {
      Destination destination =
          destinations.computeIfAbsent(
              name, n -> topic ? context.createTopic(n) : context.createQueue(n));
      JMSProducer producer = context.createProducer();
      settings.accept(producer);
      producer.send(destination, body);
    } catch (JMSRuntimeException e) {
      LOG.log(Level.WARNING, "send to {0} failed: {1}", new Object[] {name, e.toString()});
      throw new ChatException(ErrorCode.UNAVAILABLE, "the message broker is unavailable");
    }
  }
}
