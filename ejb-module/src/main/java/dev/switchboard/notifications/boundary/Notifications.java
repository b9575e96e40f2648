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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides, when something happens in a conversation, which mail may become due and when; {@link
 * Mailings} decides at that time whether it still is. Marks unread-mail jobs pending in the
 * caller's transaction and queues them once it has committed. One job per conversation and kind of
 * mail is pending at a time, so a busy conversation costs a row update per message rather than a
 * persistent broker message.
 */
@Stateless
public class Notifications {

  /** Longer than a job's retries last (about 50 minutes with the shipped broker settings). */
  static final Duration STALE_PENDING = Duration.ofHours(2);

  /** Marks requeued per sweep transaction at most; the rest wait for the next sweep. */
  private static final int SWEEP_BATCH = 500;

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
    var jobs = new LinkedHashMap<List<String>, MailJob>();
    for (Stored stored : messages) {
      MailJob.Kind kind =
          switch (stored.message().sender().type()) {
            case "visitor" -> MailJob.Kind.SUPPORT_UNREAD;
            case "agent" -> MailJob.Kind.VISITOR_UNREAD;
            default -> null;
          };
      if (kind != null) {
        String conversationId = stored.conversation().id();
        // A later message's job would find the first one's pending.
        jobs.putIfAbsent(
            List.of(conversationId, kind.key()),
            new MailJob(kind, conversationId, stored.message().seq()));
      }
    }
    var due = new LinkedHashMap<MailJob, Duration>();
    for (List<String> marked : markPending(jobs.keySet())) {
      MailJob job = jobs.get(marked);
      boolean nobodyToRead =
          job.kind() == MailJob.Kind.SUPPORT_UNREAD && !presence.anyAgentOnline();
      due.put(job, nobodyToRead ? Duration.ZERO : delay());
    }
    queue.enqueueAfterCommit(due);
  }

  public Duration delay() {
    return Duration.ofSeconds(delaySeconds);
  }

  /**
   * Marks each (conversation, kind) pending unless a job of it already is or, for a reply's, the
   * visitor gave no address to tell them at; returns those it marked: their jobs are to be
   * enqueued. An update of the rows {@link #opened} created: an insert with {@code on conflict}
   * here could deadlock with a mail job updating the same row (PostgreSQL's speculative insertion
   * and the update's new index entry wait for each other).
   */
  private List<List<String>> markPending(Collection<List<String>> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    String rows =
        IntStream.range(0, keys.size())
            .mapToObj(i -> "(?" + (2 * i + 1) + ", ?" + (2 * i + 2) + ")")
            .collect(Collectors.joining(", "));
    var update =
        em.createNativeQuery(
            "update mail_notice n set pending_since = now() from conversation c join visitor v"
                + " on v.id = c.visitor_id where c.id = n.conversation_id"
                + " and n.pending_since is null and (n.kind <> '"
                + MailJob.Kind.VISITOR_UNREAD.key()
                + "' or v.email is not null) and (n.conversation_id, n.kind) in ("
                + rows
                + ") returning n.conversation_id, n.kind");
    int p = 1;
    for (List<String> key : keys) {
      update.setParameter(p++, key.get(0));
      update.setParameter(p++, key.get(1));
    }
    var marked = new ArrayList<List<String>>();
    for (Object row : update.getResultList()) {
      Object[] columns = (Object[]) row;
      marked.add(List.of((String) columns[0], (String) columns[1]));
    }
    return marked;
  }

  /** A conversation was opened: the rows of its unread mails, which sends then only update. */
  public void opened(String conversationId) {
    em.createNativeQuery(
            "insert into mail_notice (conversation_id, kind) values (?1, ?2), (?1, ?3)")
        .setParameter(1, conversationId)
        .setParameter(2, MailJob.Kind.VISITOR_UNREAD.key())
        .setParameter(3, MailJob.Kind.SUPPORT_UNREAD.key())
        .executeUpdate();
  }

  /**
   * Queues a job again, due at once, for each mark pending longer than any job of it can take (its
   * delay and every retry): its job was lost between a commit and the queue, or ended in the
   * dead-letter queue. Each is marked again, so it is queued once per that period; marks another
   * instance's sweep holds are skipped. In this transaction, so a mark is renewed only when its job
   * is on the queue. Returns how many.
   */
  public int requeueStale() {
    List<?> rows =
        em.createNativeQuery(
                "update mail_notice n set pending_since = now() from (select conversation_id, kind"
                    + " from mail_notice where pending_since < now() - cast(?1 as integer)"
                    + " * interval '1 second' order by pending_since limit "
                    + SWEEP_BATCH
                    + " for update skip locked) stale where n.conversation_id ="
                    + " stale.conversation_id and n.kind = stale.kind returning n.conversation_id,"
                    + " n.kind, (select c.last_seq from conversation c where c.id ="
                    + " n.conversation_id)")
            .setParameter(1, delaySeconds + STALE_PENDING.toSeconds())
            .getResultList();
    for (Object row : rows) {
      Object[] columns = (Object[]) row;
      var kind = MailJob.Kind.valueOf(((String) columns[1]).toUpperCase(Locale.ROOT));
      queue.enqueue(
          new MailJob(kind, (String) columns[0], ((Number) columns[2]).longValue()), Duration.ZERO);
    }
    return rows.size();
  }

  /**
   * The conversation was resolved and its visitor asked for the transcript. Queued in the caller's
   * transaction: there is no pending mark for the sweep to find, and resolving is rare.
   */
  public void resolved(Conversation conversation) {
    queue.enqueue(
        new MailJob(MailJob.Kind.TRANSCRIPT, conversation.id(), conversation.lastSeq()),
        Duration.ZERO);
  }
}
