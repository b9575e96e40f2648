package dev.switchboard.notifications.boundary;

import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.messages.boundary.MessageView;
import dev.switchboard.notifications.control.MailQueue;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.Config;
import dev.switchboard.presence.boundary.Presence;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
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

  /**
   * A visible message was stored. A visitor's waits for an agent to read it (when no agent is
   * online nobody will: the mail goes at once); an agent's waits for the visitor, if there is an
   * address to tell them at.
   */
  public void posted(Conversation conversation, MessageView message) {
    Duration delay = delay();
    switch (message.sender().type()) {
      case "visitor" ->
          schedule(
              new MailJob(MailJob.Kind.SUPPORT_UNREAD, conversation.id(), message.seq()),
              presence.anyAgentOnline() ? delay : Duration.ZERO);
      case "agent" -> {
        if (em.find(Visitor.class, conversation.visitorId()).email() != null) {
          schedule(
              new MailJob(MailJob.Kind.VISITOR_UNREAD, conversation.id(), message.seq()), delay);
        }
      }
      default -> {}
    }
  }

  public Duration delay() {
    return Duration.ofSeconds(delaySeconds);
  }

  /**
   * Enqueues the job unless one of its kind is pending for the conversation. A pending mark older
   * than every retry of its job (which may have ended in the dead-letter queue) no longer counts.
   */
  private void schedule(MailJob job, Duration delay) {
    int marked =
        em.createNativeQuery(
                "insert into mail_notice (conversation_id, kind, pending_since)"
                    + " values (?1, ?2, now()) on conflict (conversation_id, kind)"
                    + " do update set pending_since = now()"
                    + " where mail_notice.pending_since is null or mail_notice.pending_since"
                    + " < now() - cast(?3 as integer) * interval '1 second'")
            .setParameter(1, job.conversationId())
            .setParameter(2, job.kind().key())
            .setParameter(3, delaySeconds + STALE_PENDING.toSeconds())
            .executeUpdate();
    if (marked == 1) {
      queue.enqueue(job, delay);
    }
  }

  /** The conversation was resolved and its visitor asked for the transcript. */
  public void resolved(Conversation conversation) {
    queue.enqueue(
        new MailJob(MailJob.Kind.TRANSCRIPT, conversation.id(), conversation.lastSeq()),
        Duration.ZERO);
  }
}
