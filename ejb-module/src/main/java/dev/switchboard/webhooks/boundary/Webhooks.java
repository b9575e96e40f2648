package dev.switchboard.webhooks.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.events.boundary.WebhooksChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.webhooks.control.WebhookQueue;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Supervisors' webhooks: registering, listing and removing endpoints, and their failures. */
@Stateless
public class Webhooks {

  public static final String CONVERSATION_CREATED = "conversation.created";
  public static final String CONVERSATION_ASSIGNED = "conversation.assigned";
  public static final String CONVERSATION_RESOLVED = "conversation.resolved";
  public static final String MESSAGE_CREATED = "message.created";

  static final Set<String> EVENTS =
      Set.of(CONVERSATION_CREATED, CONVERSATION_ASSIGNED, CONVERSATION_RESOLVED, MESSAGE_CREATED);

  static final int MAX_URL = 2000;
  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 200;
  static final int MAX_WEBHOOKS = 50;
  static final int MAX_FAILURES_LISTED = 200;

  public record WebhookRequest(String url, List<String> events, String secret) {}

  /** An endpoint as supervisors see it; its secret is never shown again. */
  public record WebhookView(String id, String url, List<String> events, String createdAt) {}

  /** A delivery that ran out of attempts. */
  public record FailureView(
      String id,
      String webhookId,
      String url,
      String event,
      int attempts,
      String lastError,
      String failedAt,
      String payload) {}

  /** An endpoint as deliveries need it. */
  public record Subscription(String id, String url, Set<String> events, String secret) {}

  @PersistenceContext EntityManager em;

  @EJB AuditLog audit;

  @Inject EventPublisher publisher;

  @Inject WebhookQueue queue;

  public WebhookView create(Participant supervisor, WebhookRequest request) {
    supervisor.requireSupervisor("register webhooks");
    if (request == null) {
      throw ChatException.badRequest("give url, events and secret");
    }
    String url = validUrl(request.url());
    List<String> events = validEvents(request.events());
    String secret = request.secret();
    if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
      throw ChatException.badRequest(
          "secret is "
              + MIN_SECRET
              + " to "
              + MAX_SECRET
              + " characters, shared with the receiver");
    }
    long count =
        ((Number) em.createNativeQuery("select count(*) from webhook").getSingleResult())
            .longValue();
    if (count >= MAX_WEBHOOKS) {
      throw ChatException.conflict("at most " + MAX_WEBHOOKS + " webhooks; remove one first");
    }
    String id = UUID.randomUUID().toString();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    em.createNativeQuery(
            "insert into webhook (id, url, events, secret, created_by, created_at)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6)")
        .setParameter(1, id)
        .setParameter(2, url)
        .setParameter(3, String.join(" ", events))
        .setParameter(4, secret)
        .setParameter(5, supervisor.id())
        .setParameter(6, now)
        .executeUpdate();
    audit.record(supervisor, "webhook.created", "webhook", id, url + " " + events);
    publisher.publish(new WebhooksChanged(id));
    return new WebhookView(id, url, events, now.toInstant().toString());
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<WebhookView> list(Participant supervisor) {
    supervisor.requireSupervisor("see webhooks");
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("select id, url, events, created_at from webhook order by created_at")
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new WebhookView(
                    (String) r[0], (String) r[1], List.of(((String) r[2]).split(" ")), time(r[3])))
        .toList();
  }

  public void delete(Participant supervisor, String id) {
    supervisor.requireSupervisor("remove webhooks");
    int removed =
        em.createNativeQuery("delete from webhook where id = ?1")
            .setParameter(1, id)
            .executeUpdate();
    if (removed == 0) {
      throw ChatException.notFound("no webhook " + id);
    }
    audit.record(supervisor, "webhook.removed", "webhook", id, null);
    publisher.publish(new WebhooksChanged(id));
  }

  /** Deliveries that ran out of attempts, newest first. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<FailureView> failures(Participant supervisor) {
    supervisor.requireSupervisor("see webhook failures");
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select f.id, f.webhook_id, w.url, f.event, f.attempts, f.last_error, f.failed_at,"
                    + " f.payload from webhook_failure f join webhook w on w.id = f.webhook_id"
                    + " order by f.failed_at desc")
            .setMaxResults(MAX_FAILURES_LISTED)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new FailureView(
                    (String) r[0],
                    (String) r[1],
                    (String) r[2],
                    (String) r[3],
                    ((Number) r[4]).intValue(),
                    (String) r[5],
                    time(r[6]),
                    (String) r[7]))
        .toList();
  }

  /** Delivers a failed delivery again, from its first attempt (same id and body). */
  public void retry(Participant supervisor, String failureId) {
    supervisor.requireSupervisor("retry webhook deliveries");
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "delete from webhook_failure where id = ?1 returning webhook_id, event, payload")
            .setParameter(1, failureId)
            .getResultList();
    if (rows.isEmpty()) {
      throw ChatException.notFound("no failed delivery " + failureId);
    }
    Object[] r = rows.get(0);
    queue.enqueue(
        new WebhookJob(failureId, (String) r[0], (String) r[1], (String) r[2], 1), Duration.ZERO);
    audit.record(supervisor, "webhook.retried", "webhook", (String) r[0], failureId);
  }

  /** Every endpoint, for the instance's list ({@link WebhookRegistry}). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<Subscription> subscriptions() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("select id, url, events, secret from webhook").getResultList();
    return rows.stream().map(Webhooks::subscription).toList();
  }

  /** The endpoint a delivery goes to; null once removed. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Subscription find(String webhookId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("select id, url, events, secret from webhook where id = ?1")
            .setParameter(1, webhookId)
            .getResultList();
    return rows.isEmpty() ? null : subscription(rows.get(0));
  }

  private static Subscription subscription(Object[] r) {
    return new Subscription(
        (String) r[0], (String) r[1], Set.of(((String) r[2]).split(" ")), (String) r[3]);
  }

  /** In the delivering transaction: the last attempt failed too. */
  public void failed(WebhookJob job, String error) {
    em.createNativeQuery(
            "insert into webhook_failure (id, webhook_id, event, payload, attempts, last_error,"
                + " failed_at) values (?1, ?2, ?3, ?4, ?5, ?6, now()) on conflict (id) do nothing")
        .setParameter(1, job.deliveryId())
        .setParameter(2, job.webhookId())
        .setParameter(3, job.event())
        .setParameter(4, job.payload())
        .setParameter(5, job.attempt())
        .setParameter(6, error.length() > 500 ? error.substring(0, 500) : error)
        .executeUpdate();
  }

  static String validUrl(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_URL) {
      throw ChatException.badRequest("url is an http or https address of at most " + MAX_URL);
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getUserInfo() != null
          || uri.getFragment() != null) {
        throw ChatException.badRequest(
            "url must be an http or https address with a host (no user, no fragment)");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw ChatException.badRequest("url is not an address: " + e.getReason());
    }
  }

  static List<String> validEvents(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw ChatException.badRequest("events: one or more of " + String.join(", ", sorted()));
    }
    var chosen = new LinkedHashSet<String>();
    for (String event : events) {
      if (event == null || !EVENTS.contains(event)) {
        throw ChatException.badRequest(
            "unknown event " + event + "; known: " + String.join(", ", sorted()));
      }
      chosen.add(event);
    }
    return List.copyOf(chosen);
  }

  private static List<String> sorted() {
    String[] names = EVENTS.toArray(String[]::new);
    Arrays.sort(names);
    return List.of(names);
  }

  private static String time(Object value) {
    return value instanceof OffsetDateTime t
        ? t.toInstant().toString()
        : ((Timestamp) value).toInstant().toString();
  }
}
