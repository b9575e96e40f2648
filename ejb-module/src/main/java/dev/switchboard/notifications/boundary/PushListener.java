package dev.switchboard.notifications.boundary;

import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.Json;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every instance consumes the push queue; the broker gives each job to one of them. A push service
 * that fails rolls the job's receipt back and the broker delivers it again after a growing delay
 * (its default: a few minutes in all). Two at a time: a push service may keep one waiting.
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "resourceAdapter",
          propertyValue = Destinations.RESOURCE_ADAPTER),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(
          propertyName = "destination",
          propertyValue = Destinations.CHAT_PUSH),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2"),
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
      @ActivationConfigProperty(propertyName = "reconnectAttempts", propertyValue = "-1"),
      @ActivationConfigProperty(propertyName = "retryInterval", propertyValue = "1000"),
      @ActivationConfigProperty(propertyName = "setupAttempts", propertyValue = "-1"),
      @ActivationConfigProperty(propertyName = "setupInterval", propertyValue = "1000")
    })
public class PushListener implements MessageListener {

  private static final Logger LOG = Logger.getLogger(PushListener.class.getName());

  @Resource MessageDrivenContext context;

  @EJB Pushes pushes;

  @Override
  public void onMessage(Message message) {
    PushJob job;
    try {
      job = Json.read(message.getBody(String.class), PushJob.class);
    } catch (JMSException | RuntimeException e) {
      // Retrying cannot make it readable.
      LOG.log(Level.SEVERE, "unreadable push job dropped: {0}", e.toString());
      return;
    }
    try {
      pushes.deliver(job);
    } catch (Pushes.PushFailure e) {
      context.setRollbackOnly();
      LOG.log(
          Level.WARNING,
          "push for {0} failed; the broker delivers it again later: {1}",
          new Object[] {job.conversationId(), e.getMessage()});
    }
  }
}
