package dev.switchboard.messages.boundary;

import dev.switchboard.attachments.entity.Attachment;
import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.conversations.control.ConversationAccess;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.events.boundary.MessageChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.history.entity.Message;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.ErrorCode;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Changing and removing a message after it was sent: it keeps its id and seq, everyone who sees it
 * is sent its new state ({@link MessageChanged}), and history, resume and mail read the current
 * state. A participant changes or removes their own messages (a visitor within {@link
 * Config#EDIT_WINDOW_MINUTES} of sending, agents any time, notes too); a supervisor may remove
 * anyone's, which the audit log records; system messages never change. One message's changes are
 * serialised by its row lock, so each has a later {@code editedAt} than the one before.
 */
@Stateless
public class Revisions {

  @PersistenceContext EntityManager em;

  @Inject ConversationAccess access;

  @EJB AuditLog audit;

  @Inject EventPublisher publisher;

  @Inject
  @ConfigProperty(name = Config.EDIT_WINDOW_MINUTES, defaultValue = "15")
  int windowMinutes;

  /** New text for a message; its new state. */
  public MessageView edit(
      Participant editor,
      String conversationId,
      String messageId,
      String text,
      String originSession) {
    if (text == null || text.isBlank()) {
      throw ChatException.badRequest("text is required");
    }
    if (text.codePointCount(0, text.length()) > SendCommand.MAX_TEXT) {
      throw new ChatException(
          ErrorCode.TOO_LARGE, "text is longer than " + SendCommand.MAX_TEXT + " characters");
    }
    Audience audience = access.requireVisible(editor, conversationId).audience();
    Message message = changeable(editor, conversationId, messageId);
    if (!ownedBy(message, editor)) {
      throw ChatException.forbidden("only your own messages can be edited");
    }
    requireWithinWindow(message, editor);
    message.edit(text, after(message.editedAt()));
    return published(audience, message, originSession);
  }

  /** Removes a message (and its file): its tombstone. */
  public MessageView delete(
      Participant remover, String conversationId, String messageId, String originSession) {
    Audience audience = access.requireVisible(remover, conversationId).audience();
    Message message = changeable(remover, conversationId, messageId);
    boolean own = ownedBy(message, remover);
    if (!own && !remover.isSupervisor()) {
      throw ChatException.forbidden("only your own messages can be deleted");
    }
    if (own) {
      requireWithinWindow(message, remover);
    }
    Attachment file = message.attachment();
    message.delete(OffsetDateTime.now(ZoneOffset.UTC));
    if (file != null) {
      em.flush(); // the message lets go of the file before it goes (its chunks with it)
      em.remove(file);
    }
    if (!own) {
      audit.record(
          remover,
          "message.deleted",
          "conversation",
          conversationId,
          "message " + message.id() + " by " + message.senderType() + " " + message.senderName());
    }
    return published(audience, message, originSession);
  }

  /** The message, locked, if it is one of this conversation's that its reader may see. */
  private Message changeable(Participant participant, String conversationId, String messageId) {
    if (messageId == null || messageId.isBlank() || messageId.length() > 36) {
      throw ChatException.badRequest("messageId is the id of a message");
    }
    Message message = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
    if (message == null
        || !message.conversationId().equals(conversationId)
        || message.isNote() && !participant.isAgent()) {
      throw ChatException.notFound("no message " + messageId + " in this conversation");
    }
    if (message.isSystem()) {
      throw ChatException.forbidden("system messages cannot be changed");
    }
    if (message.isDeleted()) {
      throw ChatException.conflict("the message was deleted");
    }
    return message;
  }

  private static boolean ownedBy(Message message, Participant participant) {
    return participant.id().equals(message.senderId())
        && participant.kind().wire().equals(message.senderType());
  }

  private void requireWithinWindow(Message message, Participant participant) {
    if (participant.isVisitor()
        && Duration.between(message.createdAt(), OffsetDateTime.now(ZoneOffset.UTC)).toMinutes()
            >= windowMinutes) {
      throw ChatException.forbidden(
          "a message can be changed only within " + windowMinutes + " minutes of sending it");
    }
  }

  /** Now, or just after the last change when a clock is behind it. */
  private static OffsetDateTime after(OffsetDateTime last) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return last != null && !now.isAfter(last) ? last.plusNanos(1000) : now;
  }

  private MessageView published(Audience audience, Message message, String originSession) {
    em.flush();
    var view = MessageView.of(message);
    publisher.publish(new MessageChanged(audience, view, originSession));
    return view;
  }
}
