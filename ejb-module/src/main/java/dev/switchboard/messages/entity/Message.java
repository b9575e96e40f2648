package dev.switchboard.messages.entity;

import dev.switchboard.participants.entity.Participant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Entity
@Table(name = "message")
@NamedQuery(
    name = Message.BY_CLIENT_ID,
    query =
        "select m from Message m where m.conversationId = :conversationId and m.clientId = :clientId")
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
public class Message {
  public static final String BY_CLIENT_ID = "Message.byClientId";
  public static final String BETWEEN = "Message.between";
  public static final String NEWEST_BEFORE = "Message.newestBefore";

  @Id private String id;

  @Column(name = "conversation_id", nullable = false)
  private String conversationId;

  @Column(nullable = false)
  private long seq;

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

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Message() {}

  public Message(
      String conversationId, long seq, String clientId, Participant sender, String text) {
    this.id = UUID.randomUUID().toString();
    this.conversationId = conversationId;
    this.seq = seq;
    this.clientId = clientId;
    this.senderType = sender.kind().wire();
    this.senderId = sender.id();
    this.senderName = sender.name();
    this.kind = "text";
    this.text = text;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public String id() {
    return id;
  }

  public String conversationId() {
    return conversationId;
  }

  public long seq() {
    return seq;
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

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
