package dev.switchboard.webhooks.boundary;

import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.Json;
import dev.switchboard.webhooks.control.Signature;
import dev.switchboard.webhooks.control.WebhookQueue;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers webhook jobs, one instance of the cluster each: a POST of the event's JSON, signed
 * ({@link Signature}), answered 2xx within {@link #TIMEOUT}. Otherwise the job goes back on the
 * queue as its next attempt after a doubling delay ({@code SWITCHBOARD_WEBHOOK_RETRY_SECONDS}, up
 * to an hour), in the transaction that takes it off, and after {@code SWITCHBOARD_WEBHOOK_ATTEMPTS}
 * it is kept as a failure for supervisors to see and retry. A receiver may get a delivery twice
 * (its answer lost, or an instance stopped before the commit): the {@code id} says which it had.
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
          propertyValue = Destinations.CHAT_WEBHOOKS),
      @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
      // Two at a time: one slow receiver does not hold up every other's deliveries.
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
public class WebhookListener implements MessageListener {

  private static final Logger LOG = Logger.getLogger(WebhookListener.class.getName());
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final Duration MAX_DELAY = Duration.ofHours(1);

  // Never follows redirects: a delivery goes where the supervisor said, signed for it alone.
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @EJB Webhooks webhooks;

  @Inject WebhookQueue queue;

  @Inject
  @ConfigProperty(name = Config.WEBHOOK_ATTEMPTS, defaultValue = "8")
  int attempts;

  @Inject
  @ConfigProperty(name = Config.WEBHOOK_RETRY_SECONDS, defaultValue = "10")
  long retrySeconds;

  @Override
  public void onMessage(Message message) {
    WebhookJob job;
    try {
      job = Json.read(message.getBody(String.class), WebhookJob.class);
    } catch (JMSException | RuntimeException e) {
      LOG.log(Level.SEVERE, "unreadable webhook job dropped: {0}", e.toString());
      return;
    }
    Webhooks.Subscription endpoint = webhooks.find(job.webhookId());
    if (endpoint == null) {
      return; // removed since
    }
    String error = deliver(endpoint, job);
    if (error == null) {
      return;
    }
    if (job.attempt() < attempts) {
      queue.enqueue(job.next(), delayAfter(job.attempt(), retrySeconds));
    } else {
      webhooks.failed(job, error);
    }
    LOG.log(
        Level.WARNING,
        "webhook delivery {0} ({1}) to {2} failed (attempt {3} of {4}): {5}",
        new Object[] {
          job.deliveryId(), job.event(), endpoint.url(), job.attempt(), attempts, error
        });
  }

  /** The wait before the attempt after {@code attempt}: doubling, at most {@link #MAX_DELAY}. */
  static Duration delayAfter(int attempt, long firstSeconds) {
    long seconds = firstSeconds << Math.min(attempt - 1, 20);
    return Duration.ofSeconds(Math.min(seconds, MAX_DELAY.toSeconds()));
  }

  /** Null when the receiver took it; otherwise why not. */
  private static String deliver(Webhooks.Subscription endpoint, WebhookJob job) {
    long now = System.currentTimeMillis() / 1000;
    try {
      var request =
          HttpRequest.newBuilder(URI.create(endpoint.url()))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header("User-Agent", "Switchboard-Webhooks")
              .header("X-Switchboard-Event", job.event())
              .header("X-Switchboard-Delivery", job.deliveryId())
              .header(
                  "X-Switchboard-Signature",
                  Signature.header(endpoint.secret(), now, job.payload()))
              .POST(HttpRequest.BodyPublishers.ofString(job.payload()))
              .build();
      int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status / 100 == 2 ? null : "answered " + status;
    } catch (IOException | IllegalArgumentException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
