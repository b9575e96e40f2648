package dev.switchboard.notifications.boundary;

import dev.switchboard.jms.Destinations;
import dev.switchboard.notifications.control.MailFailure;
import dev.switchboard.platform.Json;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every instance consumes the mail queue; the broker gives each job to one of them. The job's
 * receipt is in the transaction that records and sends the mail: a failure rolls it back and the
 * broker delivers the job again after its redelivery delay (growing), and after the last attempt
 * moves it to {@code chat.mail.dead}. One job at a time per instance: jobs come due in rounds (one
 * per conversation a delay after a burst of messages) and four at once held up the chat's own sends
 * for seconds (benchmark p99 at 1,000 msg/s 11-33 ms, median 20; one at a time 9-17 ms, see
 * bench/results/README.md); mail can wait the moment longer.
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
          propertyValue = Destinations.CHAT_MAIL),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
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
      @ActivationConfigProperty(propertyName = "reconnectAttempts", propertyValue = "-1"),
      @ActivationConfigProperty(propertyName = "retryInterval", propertyValue = "1000"),
      @ActivationConfigProperty(propertyName = "setupAttempts", propertyValue = "-1"),
      @ActivationConfigProperty(propertyName = "setupInterval", propertyValue = "1000")
    })
public class MailListener implements MessageListener {

  private static final Logger LOG = Logger.getLogger(MailListener.class.getName());

  @Resource MessageDrivenContext context;

  @EJB Mailings mailings;

  @Inject MailStatus status;

  @Override
  public void onMessage(Message message) {
    MailJob job;
    int attempt;
    try {
      job = Json.read(message.getBody(String.class), MailJob.class);
      attempt = message.getIntProperty("JMSXDeliveryCount");
    } catch (JMSException | RuntimeException e) {
      // Retrying cannot make it readable.
      LOG.log(Level.SEVERE, "unreadable mail job dropped: {0}", e.toString());
      return;
    }
    try {
      mailings.deliver(job);
    } catch (MailFailure e) {
      status.failed();
      context.setRollbackOnly();
      LOG.log(
          Level.WARNING,
          "{0} for {1} failed (attempt {2}); the broker delivers it again later and after its"
              + " last attempt moves it to {3}: {4}",
          new Object[] {
            job.kind().key(),
            job.conversationId(),
            attempt,
            Destinations.CHAT_MAIL_DEAD,
            e.getMessage()
          });
    }
  }
}
