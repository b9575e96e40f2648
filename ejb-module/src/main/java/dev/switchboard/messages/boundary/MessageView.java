package dev.switchboard.messages.boundary;

import dev.switchboard.attachments.boundary.AttachmentView;
import dev.switchboard.messages.entity.Message;
import dev.switchboard.platform.Json;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.json.stream.JsonParser;
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

  public record Sender(String type, String id, String name) {

    static Sender read(JsonParser parser) {
      String type = null;
      String id = null;
      String name = null;
      while (Json.nextKey(parser)) {
        switch (parser.getString()) {
          case "type" -> type = Json.nextString(parser);
          case "id" -> id = Json.nextString(parser);
          case "name" -> name = Json.nextString(parser);
          default -> Json.skipValue(parser);
        }
      }
      return new Sender(type, id, name);
    }
  }

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

  /**
   * Reads what JSON-B writes of one, with the parser just inside the object (its {@code
   * START_OBJECT} read) and left on its end; members unknown here are passed over.
   */
  public static MessageView read(JsonParser parser) {
    String id = null;
    String conversationId = null;
    Long seq = null;
    Long afterSeq = null;
    String clientId = null;
    Sender sender = null;
    String kind = null;
    String text = null;
    AttachmentView attachment = null;
    String replyTo = null;
    String createdAt = null;
    while (Json.nextKey(parser)) {
      switch (parser.getString()) {
        case "id" -> id = Json.nextString(parser);
        case "conversationId" -> conversationId = Json.nextString(parser);
        case "seq" -> seq = Json.nextLong(parser);
        case "afterSeq" -> afterSeq = Json.nextLong(parser);
        case "clientId" -> clientId = Json.nextString(parser);
        case "sender" -> sender = Json.nextObject(parser) ? Sender.read(parser) : null;
        case "kind" -> kind = Json.nextString(parser);
        case "text" -> text = Json.nextString(parser);
        case "attachment" ->
            attachment = Json.nextObject(parser) ? AttachmentView.read(parser) : null;
        case "replyTo" -> replyTo = Json.nextString(parser);
        case "createdAt" -> createdAt = Json.nextString(parser);
        default -> Json.skipValue(parser);
      }
    }
    return new MessageView(
        id,
        conversationId,
        seq,
        afterSeq,
        clientId,
        sender,
        kind,
        text,
        attachment,
        replyTo,
        createdAt);
  }
}
