package dev.switchboard.notifications.boundary;

import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.messages.boundary.MessageView;
import dev.switchboard.notifications.control.MailQueue;
import dev.switchboard.platform.Config;
import dev.switchboard.presence.boundary.Presence;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides, when something happens in a conversation, which mail may become due and when; {@link
 * Mailings} decides at that time whether it still is. Runs in the caller's transaction. One job per
 * conversation and kind of mail is pending at a time, so a busy conversation costs a row update per
 * message rather than a persistent broker message.
 */
@Stateless
public class Notifications {

  /** Longer than a job's retries last (about 50 minutes with the shipped broker settings). */
  static final Duration STALE_PENDING = Duration.ofHours(2);

  @PersistenceContext EntityManager em;

  @Inject MailQueue queue;

  @EJB Presence presence;

  /** Seconds an unread message waits before it causes a mail. */
  @Inject
  @ConfigProperty(name = Config.MAIL_DELAY, defaultValue = "120")
  long delaySeconds;

  /** A visible message stored in a conversation. */
  public record Stored(Conversation conversation, MessageView message) {}

  /**
   * Visible messages were stored, in this order. A visitor's waits for an agent to read it (when no
   * agent is online nobody will: the mail goes at once); an agent's waits for the visitor, if there
   * is an address to tell them at. One statement marks the jobs of all of them pending.
   */
  public void posted(List<Stored> messages) {
    if (messages.isEmpty()) {
      return;
    }
    Set<String> reachable = visitorsWithAddress(messages);
    // In key order, so that two transactions marking some of the same rows lock them alike.
    var jobs = new TreeMap<List<String>, MailJob>(Notifications::compareKeys);
    for (Stored stored : messages) {
      Conversation c = stored.conversation();
      long seq = stored.message().seq();
      MailJob job =
          switch (stored.message().sender().type()) {
            case "visitor" -> new MailJob(MailJob.Kind.SUPPORT_UNREAD, c.id(), seq);
            case "agent" ->
                reachable.contains(c.visitorId())
                    ? new MailJob(MailJob.Kind.VISITOR_UNREAD, c.id(), seq)
                    : null;
            default -> null;
          };
      if (job != null) {
        // A later message's job would find the first one's pending.
        jobs.putIfAbsent(List.of(job.conversationId(), job.kind().key()), job);
      }
    }
    for (List<String> marked : markPending(jobs.keySet())) {
      MailJob job = jobs.get(marked);
      boolean nobodyToRead =
          job.kind() == MailJob.Kind.SUPPORT_UNREAD && !presence.anyAgentOnline();
      queue.enqueue(job, nobodyToRead ? Duration.ZERO : delay());
    }
  }

  private static int compareKeys(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }

  /** The visitors of the agents' messages who gave an address. */
  private Set<String> visitorsWithAddress(List<Stored> messages) {
    List<String> visitors =
        messages.stream()
            .filter(m -> "agent".equals(m.message().sender().type()))
            .map(m -> m.conversation().visitorId())
            .distinct()
            .toList();
    if (visitors.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        em.createQuery(
                "select v.id from Visitor v where v.id in :ids and v.email is not null",
                String.class)
            .setParameter("ids", visitors)
            .getResultList());
  }

  public Duration delay() {
    return Duration.ofSeconds(delaySeconds);
  }

  /**
   * Marks each (conversation, kind) pending unless a job of it already is, and returns those it
   * marked: their jobs are to be enqueued. A pending mark older than every retry of its job (which
   * may have ended in the dead-letter queue) no longer counts.
   */
  private List<List<String>> markPending(Collection<List<String>> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    // ?1 is the staleness; each row's conversation and kind follow as ?2, ?3, ?4, …
    String values =
        IntStream.range(0, keys.size())
            .mapToObj(i -> "(?" + (2 * i + 2) + ", ?" + (2 * i + 3) + ", now())")
            .collect(Collectors.joining(", "));
    var insert =
        em.createNativeQuery(
            "insert into mail_notice (conversation_id, kind, pending_since) values "
                + values
                + " on conflict (conversation_id, kind) do update set pending_since = now()"
                + " where mail_notice.pending_since is null or mail_notice.pending_since"
                + " < now() - cast(?1 as integer) * interval '1 second'"
                + " returning conversation_id, kind");
    insert.setParameter(1, delaySeconds + STALE_PENDING.toSeconds());
    int p = 2;
    for (List<String> key : keys) {
      insert.setParameter(p++, key.get(0));
      insert.setParameter(p++, key.get(1));
    }
    var marked = new ArrayList<List<String>>();
    for (Object row : insert.getResultList()) {
      Object[] columns = (Object[]) row;
      marked.add(List.of((String) columns[0], (String) columns[1]));
    }
    return marked;
  }

  /** The conversation was resolved and its visitor asked for the transcript. */
  public void resolved(Conversation conversation) {
    queue.enqueue(
        new MailJob(MailJob.Kind.TRANSCRIPT, conversation.id(), conversation.lastSeq()),
        Duration.ZERO);
  }
}
