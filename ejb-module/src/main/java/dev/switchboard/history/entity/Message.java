package dev.switchboard.history.entity;

import dev.switchboard.attachments.entity.Attachment;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Entity
@Table(name = "message")
// Native, with the page size a parameter: a JPQL query given setMaxResults was prepared again
// (JPQL to SQL) on every call, a third of a resume's history page on the server (async-profiler).
@NamedNativeQuery(
    name = Message.BETWEEN,
    query =
        "select "
            + Message.COLUMNS
            + " from message where conversation_id = ?1"
            + " and seq > ?2 and seq < ?3 order by seq limit ?4",
    resultClass = Message.class)
@NamedNativeQuery(
    name = Message.NEWEST_BEFORE,
    query =
        "select "
            + Message.COLUMNS
            + " from message where conversation_id = ?1"
            + " and seq < ?2 order by seq desc limit ?3",
    resultClass = Message.class)
@NamedNativeQuery(
    name = Message.NOTES_BETWEEN,
    query =
        "select "
            + Message.COLUMNS
            + " from message where conversation_id = ?1 and seq is null"
            + " and after_seq >= ?2 and after_seq <= ?3 order by after_seq, created_at limit ?4",
    resultClass = Message.class)
public class Message {
  public static final String BETWEEN = "Message.between";
  public static final String NEWEST_BEFORE = "Message.newestBefore";
  public static final String NOTES_BETWEEN = "Message.notesBetween";

  /** The mapped columns, for the native queries. */
  static final String COLUMNS =
      "id, conversation_id, seq, after_seq, reply_to, client_id, sender_type, sender_id,"
          + " sender_name, kind, text, attachment_id, created_at, edited_at, deleted_at";

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

  @Column(name = "edited_at")
  private OffsetDateTime editedAt;

  @Column(name = "deleted_at")
  private OffsetDateTime deletedAt;

  protected Message() {}

  /**
   * What the server tells everyone in the conversation (assigned, resolved, …). Participants'
   * messages and notes are stored by the {@code post_messages} statement.
   */
  public static Message system(String conversationId, long seq, String text) {
    var message = new Message();
    message.id = UUID.randomUUID().toString();
    message.conversationId = conversationId;
    message.seq = seq;
    message.clientId = "system-" + UUID.randomUUID();
    message.senderType = "system";
    message.kind = SYSTEM;
    message.text = text;
    message.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    return message;
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

  /** When its text was last changed; null if never. */
  public OffsetDateTime editedAt() {
    return editedAt;
  }

  public boolean isDeleted() {
    return deletedAt != null;
  }

  public boolean isSystem() {
    return SYSTEM.equals(kind);
  }

  /** New text, in place: the message keeps its id and seq. */
  public void edit(String text, OffsetDateTime at) {
    this.text = text;
    this.editedAt = at;
  }

  /**
   * Removed, in place: a tombstone with its id and seq, without text or attachment (the caller
   * removes the file).
   */
  public void delete(OffsetDateTime at) {
    this.text = null;
    this.attachment = null;
    this.deletedAt = at;
  }
}
