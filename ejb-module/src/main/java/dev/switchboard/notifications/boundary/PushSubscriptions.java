package dev.switchboard.notifications.boundary;

import com.zerodeplibs.webpush.key.PublicKeySources;
import dev.switchboard.notifications.control.VapidKeys;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browsers' push subscriptions, a visitor's or an agent's (several devices each). An endpoint must
 * belong to a push service on the list ({@code SWITCHBOARD_PUSH_SERVICES}): the server posts to it,
 * and a stranger must not make it post anywhere else.
 */
@Stateless
public class PushSubscriptions {

  /** A participant's newest subscriptions kept; subscribing another drops the oldest. */
  public static final int MAX_PER_PARTICIPANT = 10;

  static final int MAX_ENDPOINT = 2000;

  /** The browsers' push services (Chrome and Edge's FCM, Firefox, Safari, Windows). */
  public static final String DEFAULT_SERVICES =
      "https://fcm.googleapis.com,https://updates.push.services.mozilla.com,"
          + "https://*.push.apple.com,https://*.notify.windows.com";

  /** As the browser's {@code PushSubscription.toJSON()} gives it. */
  public record Subscription(String endpoint, Keys keys, Long expirationTime) {}

  public record Keys(String p256dh, String auth) {}

  public record Subscribed(String id) {}

  public record PublicKey(String publicKey) {}

  @PersistenceContext EntityManager em;

  @EJB VapidKeys vapid;

  @Inject
  @ConfigProperty(name = Config.PUSH_SERVICES, defaultValue = DEFAULT_SERVICES)
  List<String> services;

  /** The key browsers subscribe with; {@code not_found} while Web Push is off. */
  public PublicKey publicKey() {
    requireEnabled();
    return new PublicKey(vapid.publicKey());
  }

  /** Stores (or hands to this participant) the browser's subscription. */
  public Subscribed subscribe(Participant participant, Subscription subscription) {
    requireEnabled();
    if (subscription == null || subscription.keys() == null) {
      throw ChatException.badRequest("give endpoint and keys {p256dh, auth}");
    }
    String endpoint = endpoint(subscription.endpoint());
    String p256dh = key(subscription.keys().p256dh(), "p256dh", 65);
    String auth = key(subscription.keys().auth(), "auth", 16);
    try {
      PublicKeySources.ofUncompressedBytes(Base64.getUrlDecoder().decode(p256dh)).extract();
    } catch (RuntimeException e) {
      throw ChatException.badRequest("keys.p256dh is not a point of P-256");
    }
    String id =
        (String)
            em.createNativeQuery(
                    "insert into push_subscription (id, participant_type, participant_id,"
                        + " endpoint, p256dh, auth, created_at) values (?1, ?2, ?3, ?4, ?5, ?6,"
                        + " now()) on conflict (endpoint) do update set participant_type ="
                        + " excluded.participant_type, participant_id = excluded.participant_id,"
                        + " p256dh = excluded.p256dh, auth = excluded.auth, created_at = now()"
                        + " returning id")
                .setParameter(1, UUID.randomUUID().toString())
                .setParameter(2, participant.kind().wire())
                .setParameter(3, participant.id())
                .setParameter(4, endpoint)
                .setParameter(5, p256dh)
                .setParameter(6, auth)
                .getSingleResult();
    em.createNativeQuery(
            "delete from push_subscription where participant_id = ?1 and id not in (select id"
                + " from push_subscription where participant_id = ?1 order by created_at desc"
                + " limit "
                + MAX_PER_PARTICIPANT
                + ")")
        .setParameter(1, participant.id())
        .executeUpdate();
    return new Subscribed(id);
  }

  /** Removes one of the participant's own subscriptions; anyone else's is unknown to them. */
  public void unsubscribe(Participant participant, String id) {
    int removed =
        em.createNativeQuery("delete from push_subscription where id = ?1 and participant_id = ?2")
            .setParameter(1, id)
            .setParameter(2, participant.id())
            .executeUpdate();
    if (removed == 0) {
      throw ChatException.notFound("unknown subscription " + id);
    }
  }

  /**
   * A subscription its push service says is gone: removed whatever becomes of the job that found
   * out (a retry of it must not try again).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void forget(String id) {
    em.createNativeQuery("delete from push_subscription where id = ?1")
        .setParameter(1, id)
        .executeUpdate();
  }

  private void requireEnabled() {
    if (!vapid.enabled()) {
      throw ChatException.notFound("Web Push is not set up on this server");
    }
  }

  private String endpoint(String endpoint) {
    if (endpoint == null || endpoint.length() > MAX_ENDPOINT) {
      throw ChatException.badRequest("endpoint is the push service's URL");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw ChatException.badRequest("endpoint is the push service's URL");
    }
    if (uri.getHost() == null || uri.getUserInfo() != null || !allowed(uri)) {
      throw ChatException.badRequest(
          "endpoint is not at a known push service (" + String.join(", ", services) + ")");
    }
    return endpoint;
  }

  /** Whether the endpoint's scheme, host and port are a listed service's ({@code *.} any below). */
  private boolean allowed(URI endpoint) {
    int port = endpoint.getPort();
    String origin =
        endpoint.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + endpoint.getHost().toLowerCase(Locale.ROOT)
            + (port == -1 ? "" : ":" + port);
    for (String service : services) {
      String allowed = service.trim().toLowerCase(Locale.ROOT);
      int wildcard = allowed.indexOf("://*.");
      boolean matches =
          wildcard < 0
              ? origin.equals(allowed)
              : origin.startsWith(allowed.substring(0, wildcard + 3))
                  && origin.endsWith(allowed.substring(wildcard + 4))
                  && origin.length() > allowed.length() - 1;
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private static String key(String value, String name, int bytes) {
    try {
      if (value != null && value.length() <= 100) {
        String bare = value.replace("=", "");
        if (Base64.getUrlDecoder().decode(bare).length == bytes) {
          return bare;
        }
      }
    } catch (IllegalArgumentException e) {
      // said below
    }
    throw ChatException.badRequest("keys." + name + " is " + bytes + " bytes in base64url");
  }
}
