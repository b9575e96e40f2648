package dev.switchboard.messages.entity;

import dev.switchboard.attachments.entity.Attachment;
import dev.switchboard.participants.entity.Participant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Entity
@Table(name = "message")
@NamedQuery(
    name = Message.BY_CLIENT_IDS,
    query =
        "select m from Message m where m.conversationId in :conversationIds"
            + " and m.clientId in :clientIds")
@NamedQuery(
    name = Message.BETWEEN,
    query =
        "select m from Message m where m.conversationId = :conversationId"
            + " and m.seq > :afterSeq and m.seq < :beforeSeq order by m.seq")
@NamedQuery(
    name = Message.NEWEST_BEFORE,
    query =
        "select m from Message m where m.conversationId = :conversationId"
            + " and m.seq < :beforeSeq order by m.seq desc")
@NamedQuery(
    name = Message.NOTES_BETWEEN,
    query =
        "select m from Message m where m.conversationId = :conversationId and m.seq is null"
            + " and m.afterSeq >= :fromSeq and m.afterSeq <= :toSeq order by m.afterSeq, m.createdAt")
@NamedQuery(
    name = Message.SENT_SINCE,
    query =
        "select m.senderId, count(m) from Message m where m.senderId in :senderIds"
            + " and m.createdAt > :since group by m.senderId")
public class Message {
  public static final String BY_CLIENT_IDS = "Message.byClientIds";
  public static final String BETWEEN = "Message.between";
  public static final String NEWEST_BEFORE = "Message.newestBefore";
  public static final String NOTES_BETWEEN = "Message.notesBetween";
  public static final String SENT_SINCE = "Message.sentSince";

  public static final String TEXT = "text";
  public static final String NOTE = "note";
  public static final String SYSTEM = "system";

  @Id private String id;

  @Column(name = "conversation_id", nullable = false)
  private String conversationId;

  /** Null for a note, which sits after {@link #afterSeq} instead. */
  private Long seq;

  @Column(name = "after_seq")
  private Long afterSeq;

  @Column(name = "reply_to")
  private String replyTo;

  @Column(name = "client_id", nullable = false)
  private String clientId;

  @Column(name = "sender_type", nullable = false)
  private String senderType;

  @Column(name = "sender_id")
  private String senderId;

  @Column(name = "sender_name")
  private String senderName;

  @Column(nullable = false)
  private String kind;

  private String text;

  @ManyToOne
  @JoinColumn(name = "attachment_id")
  private Attachment attachment;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Message() {}

  private Message(
      String conversationId,
      Long seq,
      Long afterSeq,
      String clientId,
      String senderType,
      Participant sender,
      String kind,
      String text,
      String replyTo) {
    this.id = UUID.randomUUID().toString();
    this.conversationId = conversationId;
    this.seq = seq;
    this.afterSeq = afterSeq;
    this.clientId = clientId;
    this.senderType = senderType;
    this.senderId = sender == null ? null : sender.id();
    this.senderName = sender == null ? null : sender.name();
    this.kind = kind;
    this.text = text;
    this.replyTo = replyTo;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** A participant's message, numbered {@code seq} in its conversation. */
  public static Message text(
      String conversationId,
      long seq,
      String clientId,
      Participant sender,
      String text,
      String replyTo) {
    return new Message(
        conversationId, seq, null, clientId, sender.kind().wire(), sender, TEXT, text, replyTo);
  }

  /**
   * A participant's message with a file; {@code kind} (image, file, audio) comes from the file's
   * type, {@code text} is an optional caption.
   */
  public static Message withAttachment(
      String conversationId,
      long seq,
      String clientId,
      Participant sender,
      String kind,
      Attachment attachment,
      String text,
      String replyTo) {
    var message =
        new Message(
            conversationId, seq, null, clientId, sender.kind().wire(), sender, kind, text, replyTo);
    message.attachment = attachment;
    return message;
  }

  /** An agent's internal note: no seq, placed after the conversation's {@code afterSeq}. */
  public static Message note(
      String conversationId,
      long afterSeq,
      String clientId,
      Participant agent,
      String text,
      String replyTo) {
    return new Message(
        conversationId, null, afterSeq, clientId, "agent", agent, NOTE, text, replyTo);
  }

  /** What the server tells everyone in the conversation (assigned, resolved, …). */
  public static Message system(String conversationId, long seq, String text) {
    return new Message(
        conversationId,
        seq,
        null,
        "system-" + UUID.randomUUID(),
        "system",
        null,
        SYSTEM,
        text,
        null);
  }

  public boolean isNote() {
    return seq == null;
  }

  public String id() {
    return id;
  }

  public String conversationId() {
    return conversationId;
  }

  public Long seq() {
    return seq;
  }

  public Long afterSeq() {
    return afterSeq;
  }

  public String replyTo() {
    return replyTo;
  }

  public String clientId() {
    return clientId;
  }

  public String senderType() {
    return senderType;
  }

  public String senderId() {
    return senderId;
  }

  public String senderName() {
    return senderName;
  }

  public String kind() {
    return kind;
  }

  public String text() {
    return text;
  }

  /** The attached file, or null. */
  public Attachment attachment() {
    return attachment;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
