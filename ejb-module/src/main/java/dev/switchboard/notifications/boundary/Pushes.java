package dev.switchboard.notifications.boundary;

import dev.switchboard.notifications.control.PushSender;
import dev.switchboard.notifications.control.PushSender.Outcome;
import dev.switchboard.notifications.control.PushSender.Target;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.Json;
import dev.switchboard.presence.boundary.Presence;
import jakarta.ejb.ApplicationException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides, when a push job runs (once in the cluster), whether it is still news and to whom, and
 * sends it to each of their subscriptions. A visitor hears of a reply no socket of theirs received
 * (their widget acknowledges what it gets); an agent of a message, an assignment or a waiting
 * conversation while no console of theirs is open and visible, unless they went offline.
 */
@Stateless
public class Pushes {

  /** A push's text is a preview: the chat has the rest. */
  static final int PREVIEW = 200;

  @PersistenceContext EntityManager em;

  @Inject PushSender sender;

  @EJB PushSubscriptions subscriptions;

  @Inject
  @ConfigProperty(name = Config.PUBLIC_URL, defaultValue = "http://localhost:8080")
  String publicUrl;

  /**
   * What the service workers show: {@code {"title","body","url","conversationId"}}; a later push of
   * the same conversation replaces its notification.
   */
  public record Payload(String title, String body, String url, String conversationId) {}

  /** A push service failed for some subscription; the broker delivers the job again later. */
  @ApplicationException
  public static final class PushFailure extends RuntimeException {
    PushFailure(String message) {
      super(message);
    }
  }

  public void deliver(PushJob job) {
    Map<String, Payload> due =
        switch (job.kind()) {
          case REPLY -> reply(job);
          case MESSAGE -> message(job);
          case ASSIGNED -> assigned(job);
          case WAITING -> waiting(job);
        };
    int failed = 0;
    for (var entry : due.entrySet()) {
      failed += send(entry.getKey(), entry.getValue());
    }
    if (failed > 0) {
      throw new PushFailure(failed + " push service(s) did not take it");
    }
  }

  /** An agent's message the visitor's sockets did not receive. */
  private Map<String, Payload> reply(PushJob job) {
    List<?> rows =
        em.createNativeQuery(
                "select m.sender_name, m.text, m.kind from message m join conversation c"
                    + " on c.id = m.conversation_id where m.conversation_id = ?1 and m.seq = ?2"
                    + " and m.deleted_at is null and c.visitor_id = ?3 and not exists (select 1 from"
                    + " receipt r where r.conversation_id = c.id and r.reader_id = c.visitor_id"
                    + " and r.delivered_seq >= m.seq)")
            .setParameter(1, job.conversationId())
            .setParameter(2, job.seq())
            .setParameter(3, job.recipientId())
            .getResultList();
    if (rows.isEmpty()) {
      return Map.of();
    }
    Object[] r = (Object[]) rows.get(0);
    return Map.of(
        job.recipientId(),
        new Payload(
            r[0] + " replied",
            preview((String) r[1], (String) r[2]),
            publicUrl + "/?conversation=" + job.conversationId(),
            job.conversationId()));
  }

  /** A visitor's message in a conversation of the agent's, which they have not read. */
  private Map<String, Payload> message(PushJob job) {
    List<?> rows =
        em.createNativeQuery(
                "select m.sender_name, m.text, m.kind from message m where m.conversation_id = ?1"
                    + " and m.seq = ?2 and m.deleted_at is null and not exists (select 1 from receipt r"
                    + " where r.conversation_id = m.conversation_id and r.reader_id = ?3"
                    + " and r.read_seq >= m.seq) and "
                    + awayAgent("?3"))
            .setParameter(1, job.conversationId())
            .setParameter(2, job.seq())
            .setParameter(3, job.recipientId())
            .getResultList();
    if (rows.isEmpty()) {
      return Map.of();
    }
    Object[] r = (Object[]) rows.get(0);
    return Map.of(
        job.recipientId(),
        agentPayload(r[0] + " wrote", preview((String) r[1], (String) r[2]), job));
  }

  /** A conversation given to the agent, if it still is theirs. */
  private Map<String, Payload> assigned(PushJob job) {
    List<?> rows =
        em.createNativeQuery(
                "select coalesce(v.nickname, 'A visitor'), t.name from conversation c"
                    + " join visitor v on v.id = c.visitor_id join team t on t.id = c.team_id"
                    + " where c.id = ?1 and c.assignee_id = ?2 and c.status <> 'resolved' and "
                    + awayAgent("?2"))
            .setParameter(1, job.conversationId())
            .setParameter(2, job.recipientId())
            .getResultList();
    if (rows.isEmpty()) {
      return Map.of();
    }
    Object[] r = (Object[]) rows.get(0);
    return Map.of(
        job.recipientId(), agentPayload("New conversation for you", r[0] + " (" + r[1] + ")", job));
  }

  /** A conversation nobody took yet: to the members of its team who are away from the console. */
  private Map<String, Payload> waiting(PushJob job) {
    List<?> rows =
        em.createNativeQuery(
                "select a.id, coalesce(v.nickname, 'A visitor'), t.name from conversation c"
                    + " join visitor v on v.id = c.visitor_id join team t on t.id = c.team_id"
                    + " join team_member tm on tm.team_id = c.team_id join agent a"
                    + " on a.id = tm.agent_id where c.id = ?1 and c.assignee_id is null"
                    + " and c.status <> 'resolved' and exists (select 1 from push_subscription p"
                    + " where p.participant_id = a.id) and "
                    + awayAgent("a.id"))
            .setParameter(1, job.conversationId())
            .getResultList();
    var due = new LinkedHashMap<String, Payload>();
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      due.put(
          (String) r[0],
          agentPayload(r[1] + " is waiting", "In the " + r[2] + " queue: nobody has it yet", job));
    }
    return due;
  }

  /**
   * SQL that holds while the agent is enabled, has not gone offline, and has no console open and
   * visible on a live instance.
   */
  private static String awayAgent(String agentId) {
    return "exists (select 1 from agent x where x.id = "
        + agentId
        + " and not x.disabled and x.status <> 'offline') and not exists (select 1 from"
        + " agent_connection ac join instance i on i.id = ac.instance_id where ac.agent_id = "
        + agentId
        + " and ac.disconnected_at is null and ac.visible and i.heartbeat_at > now() - interval '"
        + Presence.INSTANCE_TIMEOUT.toSeconds()
        + " seconds')";
  }

  private Payload agentPayload(String title, String body, PushJob job) {
    return new Payload(
        title, body, publicUrl + "/console/#" + job.conversationId(), job.conversationId());
  }

  /** Sends to each of the participant's subscriptions; returns how many failed for now. */
  private int send(String participantId, Payload payload) {
    @SuppressWarnings("unchecked")
    List<Object[]> targets =
        em.createNativeQuery(
                "select id, endpoint, p256dh, auth from push_subscription"
                    + " where participant_id = ?1")
            .setParameter(1, participantId)
            .getResultList();
    String json = Json.write(payload);
    String topic = payload.conversationId().replace("-", "");
    int failed = 0;
    for (Object[] s : targets) {
      Outcome outcome =
          sender.send(new Target((String) s[1], (String) s[2], (String) s[3]), json, topic);
      if (outcome == Outcome.GONE) {
        subscriptions.forget((String) s[0]);
      } else if (outcome == Outcome.FAILED) {
        failed++;
      }
    }
    return failed;
  }

  private static String preview(String text, String kind) {
    if (text == null || text.isBlank()) {
      return "Sent a " + kind;
    }
    return text.codePointCount(0, text.length()) <= PREVIEW
        ? text
        : text.substring(0, text.offsetByCodePoints(0, PREVIEW - 1)) + "…";
  }
}
