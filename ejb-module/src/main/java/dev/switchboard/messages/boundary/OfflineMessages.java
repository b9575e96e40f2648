package dev.switchboard.messages.boundary;

import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.notifications.boundary.Notifications;
import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import dev.switchboard.teams.boundary.Teams;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.UUID;

/**
 * The offline form: while a team is closed, a visitor leaves their name, address and question. It
 * becomes their conversation in the team's queue (routing assigns it when the team opens; an agent
 * may claim it before) and a mail to the support mailbox at once; the answer reaches the visitor in
 * the widget and, as any reply they have not read, by mail.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a send commits on its own
public class OfflineMessages {

  /** {@code clientId} makes a retried form idempotent, as a resent message is. */
  public record Form(String team, String name, String email, String text, String clientId) {}

  public record Left(String conversationId, MessageView message) {}

  @EJB Visitors visitors;

  @EJB Messages messages;

  @EJB Notifications notifications;

  @EJB Teams teams;

  public Left leave(Participant visitor, Form form) {
    if (!visitor.isVisitor()) {
      throw ChatException.forbidden("the offline form is for visitors");
    }
    if (form == null) {
      throw ChatException.badRequest("give name, email and text");
    }
    if (form.name() == null || form.name().isBlank()) {
      throw ChatException.badRequest("name is required");
    }
    if (form.email() == null || form.email().isBlank()) {
      throw ChatException.badRequest("email is required: the answer goes there too");
    }
    String clientId = form.clientId() == null ? "offline-" + UUID.randomUUID() : form.clientId();
    // Checked before anything changes: a refused question leaves the profile as it was.
    var command = new SendCommand(null, clientId, form.text(), null, null, false, form.team());
    if (form.team() != null) {
      teams.forNewConversation(form.team());
    }
    var profile = visitors.changeProfile(visitor, form.name(), form.email(), null);
    var sender = visitor.withName(Visitor.displayName(visitor.id(), profile.nickname()));
    MessageView message = messages.post(sender, command).message();
    notifications.leftOffline(message.conversationId(), message.seq());
    return new Left(message.conversationId(), message);
  }
}
