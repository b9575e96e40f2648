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
 * Mailings} decides at that time whether it still is. Runs in the caller's transaction.
 */
@Stateless
public class Notifications {

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
    Duration delay = Duration.ofSeconds(delaySeconds);
    switch (message.sender().type()) {
      case "visitor" ->
          queue.enqueue(
              new MailJob(MailJob.Kind.SUPPORT_UNREAD, conversation.id(), message.seq()),
              presence.anyAgentOnline() ? delay : Duration.ZERO);
      case "agent" -> {
        if (em.find(Visitor.class, conversation.visitorId()).email() != null) {
          queue.enqueue(
              new MailJob(MailJob.Kind.VISITOR_UNREAD, conversation.id(), message.seq()), delay);
        }
      }
      default -> {}
    }
  }

  /** The conversation was resolved and its visitor asked for the transcript. */
  public void resolved(Conversation conversation) {
    queue.enqueue(
        new MailJob(MailJob.Kind.TRANSCRIPT, conversation.id(), conversation.lastSeq()),
        Duration.ZERO);
  }
}
