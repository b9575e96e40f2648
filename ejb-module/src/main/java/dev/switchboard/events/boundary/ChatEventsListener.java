package dev.switchboard.events.boundary;

import dev.switchboard.events.control.EventOutlet;
import dev.switchboard.events.control.FanOutDelay;
import dev.switchboard.events.control.TopicBatch;
import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.Instance;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactoryDefinition;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every instance's own (non-shared, non-durable) subscription to the events topic. One session
 * keeps the topic's order; the receiving side restores seq order per conversation anyway. A broker
 * message's events ({@link TopicBatch}) go to this instance's session registry as CDI events, in
 * order, except those this instance delivered itself when they were sent (each event reaches each
 * instance's sockets one way); one that fails is logged and does not hold up the rest (a redelivery
 * would repeat them). The broker keeps those from this instance when the JVM has a node name
 * ({@link Destinations#NOT_OWN_EVENTS}): receiving them cost the sending instance a fifth of its
 * CPU.
 */
@JMSConnectionFactoryDefinition(
    name = Destinations.CONNECTION_FACTORY,
    interfaceName = "jakarta.jms.ConnectionFactory",
    resourceAdapter = Destinations.RESOURCE_ADAPTER,
    user = "${MPCONFIG=SWITCHBOARD_BROKER_USER}",
    password = "${MPCONFIG=SWITCHBOARD_BROKER_PASSWORD}",
    minPoolSize = 1,
    maxPoolSize = 32,
    properties = {
      "ConnectorClassName=" + Destinations.CONNECTOR_CLASS,
      "ConnectionParameters=" + Destinations.CONNECTION_PARAMETERS
    })
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "resourceAdapter",
          propertyValue = Destinations.RESOURCE_ADAPTER),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Topic"),
      @ActivationConfigProperty(
          propertyName = "destination",
          propertyValue = Destinations.CHAT_EVENTS),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(
          propertyName = "subscriptionDurability",
          propertyValue = "NonDurable"),
      @ActivationConfigProperty(
          propertyName = "messageSelector",
          propertyValue = Destinations.NOT_OWN_EVENTS),
      // Acknowledged in batches: a lost acknowledgement at worst repeats events, which receivers
      // drop by seq; one per message cost each instance and the broker a packet per event.
      @ActivationConfigProperty(
          propertyName = "acknowledgeMode",
          propertyValue = "Dups-ok-acknowledge"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1"),
      @ActivationConfigProperty(
          propertyName = "connectorClassName",
          propertyValue = Destinations.CONNECTOR_CLASS),
      @ActivationConfigProperty(
          propertyName = "connectionParameters",
          propertyValue = Destinations.CONNECTION_PARAMETERS),
      @ActivationConfigProperty(
          propertyName = "user",
          propertyValue = "${MPCONFIG=SWITCHBOARD_BROKER_USER}"),
      @ActivationConfigProperty(
          propertyName = "password",
          propertyValue = "${MPCONFIG=SWITCHBOARD_BROKER_PASSWORD}"),
      // Unlike a send, a subscription must come back by itself after a broker restart.
      @ActivationConfigProperty(propertyName = "reconnectAttempts", propertyValue = "-1"),
      @ActivationConfigProperty(propertyName = "retryInterval", propertyValue = "1000"),
      @ActivationConfigProperty(propertyName = "setupAttempts", propertyValue = "-1"),
      @ActivationConfigProperty(propertyName = "setupInterval", propertyValue = "1000")
    })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChatEventsListener implements MessageListener {

  private static final Logger LOG = Logger.getLogger(ChatEventsListener.class.getName());

  /** Observed in the web module: see {@link ChatEvent}. */
  @Inject Event<ChatEvent> events;

  @Inject Instance instance;

  @Inject FanOutDelay fanOutDelay;

  private volatile boolean ownEventsWarned;

  @Override
  public void onMessage(Message message) {
    if (!instance.hasSessions()) {
      // Still starting (a restart under traffic): no socket is here to receive it, and sockets
      // that connect later resume from the database.
      return;
    }
    List<EventOutlet.Event> received;
    try {
      received =
          TopicBatch.decode(new String(message.getBody(byte[].class), StandardCharsets.UTF_8));
    } catch (JMSException | RuntimeException e) {
      // Receiving it again cannot make it readable; sockets that missed an event resume.
      LOG.log(
          Level.SEVERE,
          "unreadable message on {0} dropped: {1}",
          new Object[] {Destinations.CHAT_EVENTS, e.toString()});
      return;
    }
    fire(received);
    try {
      fanOutDelay.since(message.getJMSTimestamp());
    } catch (JMSException e) {
      // No timestamp: the message is delivered, only not timed.
    }
  }

  /** A broker message's events, in order, but for those this instance delivered itself. */
  void fire(List<EventOutlet.Event> received) {
    for (EventOutlet.Event event : received) {
      if (instance.node().equals(event.origin())) {
        if (instance.filtersOwnEvents() && !ownEventsWarned) {
          ownEventsWarned = true;
          LOG.log(
              Level.WARNING,
              "the broker sends this instance its own events: the subscription's selector ({0})"
                  + " did not take the node name {1}",
              new Object[] {Destinations.NOT_OWN_EVENTS, instance.node()});
        }
        continue; // delivered here when it was sent
      }
      try {
        ChatEvent read = TopicEvents.read(event.type(), event.json());
        if (read == null) {
          LOG.log(Level.SEVERE, "event of unknown type {0} dropped", event.type());
        } else {
          events.fire(read);
        }
      } catch (RuntimeException e) {
        // One event's failure does not cost the others of its message.
        LOG.log(Level.SEVERE, "event " + event.type() + " not delivered", e);
      }
    }
  }
}
