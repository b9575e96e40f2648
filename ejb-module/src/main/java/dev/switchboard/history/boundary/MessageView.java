package dev.switchboard.history.boundary;

import dev.switchboard.attachments.boundary.AttachmentView;
import dev.switchboard.history.entity.Message;
import dev.switchboard.platform.Json;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import java.time.format.DateTimeFormatter;

/**
 * A stored message as the wire contract shows it. A note has no {@code seq}; its {@code afterSeq}
 * places it after that message. One that was changed has {@code editedAt}; one that was removed is
 * a tombstone: {@code deleted} true, {@code text} and {@code attachment} null (written as nulls,
 * where other absent members are left out).
 */
@JsonbTypeSerializer(MessageView.Writer.class)
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
    String createdAt,
    String editedAt,
    boolean deleted) {

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

  /** A message as it was stored, never changed. */
  public MessageView(
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
    this(
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
        createdAt,
        null,
        false);
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

  /** Whether it was changed or removed after it was first sent. */
  @JsonbTransient
  public boolean isRevised() {
    return editedAt != null || deleted;
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
        DateTimeFormatter.ISO_INSTANT.format(m.createdAt()),
        m.editedAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(m.editedAt()),
        m.isDeleted());
  }

  /**
   * Writes one as JSON-B would (members in name order, absent ones left out), but for a tombstone's
   * explicit nulls; {@link #read} reads it.
   */
  public static final class Writer implements JsonbSerializer<MessageView> {
    @Override
    public void serialize(MessageView m, JsonGenerator out, SerializationContext context) {
      out.writeStartObject();
      if (m.afterSeq != null) {
        out.write("afterSeq", m.afterSeq);
      }
      if (m.attachment != null) {
        context.serialize("attachment", m.attachment, out);
      } else if (m.deleted) {
        out.writeNull("attachment");
      }
      optional(out, "clientId", m.clientId);
      optional(out, "conversationId", m.conversationId);
      optional(out, "createdAt", m.createdAt);
      if (m.deleted) {
        out.write("deleted", true);
      }
      optional(out, "editedAt", m.editedAt);
      optional(out, "id", m.id);
      optional(out, "kind", m.kind);
      optional(out, "replyTo", m.replyTo);
      if (m.sender != null) {
        out.writeStartObject("sender");
        optional(out, "id", m.sender.id);
        optional(out, "name", m.sender.name);
        optional(out, "type", m.sender.type);
        out.writeEnd();
      }
      if (m.seq != null) {
        out.write("seq", m.seq);
      }
      if (m.text != null) {
        out.write("text", m.text);
      } else if (m.deleted) {
        out.writeNull("text");
      }
      out.writeEnd();
    }

    private static void optional(JsonGenerator out, String name, String value) {
      if (value != null) {
        out.write(name, value);
      }
    }
  }

  /**
   * Reads what {@link Writer} writes, with the parser just inside the object (its {@code
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
    String editedAt = null;
    boolean deleted = false;
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
        case "editedAt" -> editedAt = Json.nextString(parser);
        case "deleted" -> deleted = Json.nextBoolean(parser);
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
        createdAt,
        editedAt,
        deleted);
  }
}
