package dev.switchboard.notifications.boundary;

import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.notifications.control.MailQueue;
import dev.switchboard.platform.Config;
import dev.switchboard.presence.boundary.Presence;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides, when something happens in a conversation, which mail may become due and when; {@link
 * Mailings} decides at that time whether it still is. Unread-mail jobs are marked pending by the
 * send's statement (post_messages) and queued once it has committed. One job per conversation and
 * kind of mail is pending at a time, so a busy conversation costs a row update per message rather
 * than a persistent broker message.
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

  /**
   * Visible messages were stored and marked these unread-mail jobs pending (post_messages marks
   * them: a visitor's message waits for an agent to read it, an agent's for the visitor if there is
   * an address to tell them at; the caller calls only with some); the statement has committed, so
   * they are queued now. When no agent is online nobody will read a visitor's message: its mail
   * goes at once.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS) // a send's statement has committed
  public void marked(List<MailJob> jobs) {
    var due = new LinkedHashMap<MailJob, Duration>();
    for (MailJob job : jobs) {
      boolean nobodyToRead =
          job.kind() == MailJob.Kind.SUPPORT_UNREAD && !presence.anyAgentOnline();
      due.put(job, nobodyToRead ? Duration.ZERO : delay());
    }
    queue.enqueueAfterCommit(due);
  }

  /**
   * A visitor left a message with the offline form: the support mailbox hears of it now if nobody
   * will read it soon (see {@link Mailings}), after the delay if someone may.
   */
  public void leftOffline(String conversationId, long seq) {
    queue.enqueueAfterCommit(
        Map.of(new MailJob(MailJob.Kind.SUPPORT_UNREAD, conversationId, seq), Duration.ZERO));
  }

  public Duration delay() {
    return Duration.ofSeconds(delaySeconds);
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
