package dev.switchboard.notifications.control;

import com.zerodeplibs.webpush.PushSubscription;
import com.zerodeplibs.webpush.httpclient.StandardHttpClientRequestPreparer;
import dev.switchboard.platform.Config;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands one encrypted message (RFC 8291, aes128gcm) to a subscription's push service, signed with
 * the VAPID key (RFC 8292); the library does the cryptography.
 */
@ApplicationScoped
public class PushSender {

  private static final Logger LOG = Logger.getLogger(PushSender.class.getName());

  /** What the push service made of it. */
  public enum Outcome {
    SENT,
    /** The subscription is gone (404, 410) or will never take this (other 4xx): drop it. */
    GONE,
    /** Worth another try later (5xx, 429, no answer). */
    FAILED
  }

  /** A browser's subscription: its push service's endpoint and its keys, base64url. */
  public record Target(String endpoint, String p256dh, String auth) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @EJB VapidKeys keys;

  @Inject
  @ConfigProperty(name = Config.VAPID_SUBJECT)
  Optional<String> subject;

  @Inject
  @ConfigProperty(name = Config.SUPPORT_MAILBOX)
  Optional<String> supportMailbox;

  @Inject
  @ConfigProperty(name = Config.PUBLIC_URL, defaultValue = "http://localhost:8080")
  String publicUrl;

  /**
   * {@code topic} (up to 32 base64url characters) lets the push service replace an undelivered
   * message of the same topic rather than queue another.
   */
  public Outcome send(Target target, String payload, String topic) {
    var subscription = new PushSubscription();
    subscription.setEndpoint(target.endpoint());
    var subscriptionKeys = new PushSubscription.Keys();
    subscriptionKeys.setP256dh(target.p256dh());
    subscriptionKeys.setAuth(target.auth());
    subscription.setKeys(subscriptionKeys);
    var request =
        StandardHttpClientRequestPreparer.getBuilder()
            .pushSubscription(subscription)
            .vapidJWTExpiresAfter(12, TimeUnit.HOURS)
            .vapidJWTSubject(contact())
            .pushMessage(payload)
            .ttl(1, TimeUnit.DAYS)
            .urgencyHigh()
            .topic(topic)
            .build(keys.pair())
            .toRequestBuilder()
            .timeout(TIMEOUT)
            .build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      LOG.log(Level.FINE, "push service unreachable: {0}", e.toString());
      return Outcome.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.FAILED;
    }
    if (status >= 200 && status < 300) {
      keys.sent();
      return Outcome.SENT;
    }
    if (status == 429 || status >= 500) {
      return Outcome.FAILED;
    }
    LOG.log(Level.FINE, "push service answered {0}: subscription dropped", status);
    return Outcome.GONE;
  }

  /** Who the push services may write to about this server (a mailto: or https: address). */
  private String contact() {
    return subject.or(() -> supportMailbox.map(mailbox -> "mailto:" + mailbox)).orElse(publicUrl);
  }
}
