package dev.switchboard.messages.boundary;

import dev.switchboard.attachments.boundary.AttachmentView;
import dev.switchboard.messages.entity.Message;
import jakarta.json.bind.annotation.JsonbTransient;
import java.time.format.DateTimeFormatter;

/**
 * A stored message as the wire contract shows it. A note has no {@code seq}; its {@code afterSeq}
 * places it after that message.
 */
public record MessageView(
    String id,
    String conversationId,
    Long seq,
    Long afterSeq,
    String clientId,
    Sender sender,
    String kind,
    String text,
    AttachmentView attachment,
    String replyTo,
    String createdAt) {

  public record Sender(String type, String id, String name) {}

  @JsonbTransient
  public boolean isNote() {
    return seq == null;
  }

  /** Where it sits in the conversation: its seq, or for a note the seq it follows. */
  @JsonbTransient
  public long position() {
    return seq != null ? seq : afterSeq;
  }

  public static MessageView of(Message m) {
    return new MessageView(
        m.id(),
        m.conversationId(),
        m.seq(),
        m.afterSeq(),
        m.clientId(),
        new Sender(m.senderType(), m.senderId(), m.senderName()),
        m.kind(),
        m.text(),
        m.attachment() == null ? null : AttachmentView.of(m.attachment()),
        m.replyTo(),
        DateTimeFormatter.ISO_INSTANT.format(m.createdAt()));
  }
}
