package dev.switchboard.messages.boundary;

import dev.switchboard.messages.entity.Message;
import java.time.format.DateTimeFormatter;

/** A stored message as the wire contract shows it. */
public record MessageView(
    String id,
    String conversationId,
    long seq,
    String clientId,
    Sender sender,
    String kind,
    String text,
    String createdAt) {

  public record Sender(String type, String id, String name) {}

  public static MessageView of(Message m) {
    return new MessageView(
        m.id(),
        m.conversationId(),
        m.seq(),
        m.clientId(),
        new Sender(m.senderType(), m.senderId(), m.senderName()),
        m.kind(),
        m.text(),
        DateTimeFormatter.ISO_INSTANT.format(m.createdAt()));
  }
}
