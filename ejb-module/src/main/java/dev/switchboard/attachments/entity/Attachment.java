package dev.switchboard.attachments.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * An uploaded file's description. Its bytes are rows of {@code attachment_chunk} and its preview a
 * column read on its own, so loading the description (with every message that has one) loads
 * neither.
 */
@Entity
@Table(name = "attachment")
public class Attachment {

  @Id private String id;

  /** Null until sent, when a visitor uploaded before their conversation existed. */
  @Column(name = "conversation_id")
  private String conversationId;

  @Column(name = "uploader_id", nullable = false)
  private String uploaderId;

  @Column(nullable = false)
  private String name;

  @Column(name = "mime_type", nullable = false)
  private String mimeType;

  @Column(nullable = false)
  private long size;

  @Column(name = "duration_ms")
  private Integer durationMs;

  @Column(name = "preview_type")
  private String previewType;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Attachment() {}

  public Attachment(
      String conversationId, String uploaderId, String name, String mimeType, Integer durationMs) {
    this.id = UUID.randomUUID().toString();
    this.conversationId = conversationId;
    this.uploaderId = uploaderId;
    this.name = name;
    this.mimeType = mimeType;
    this.durationMs = durationMs;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public void stored(long size, String previewType) {
    this.size = size;
    this.previewType = previewType;
  }

  public String id() {
    return id;
  }

  public String conversationId() {
    return conversationId;
  }

  public String uploaderId() {
    return uploaderId;
  }

  public String name() {
    return name;
  }

  public String mimeType() {
    return mimeType;
  }

  public long size() {
    return size;
  }

  public Integer durationMs() {
    return durationMs;
  }

  /** The preview's type, null when there is none. */
  public String previewType() {
    return previewType;
  }
}
