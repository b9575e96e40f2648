package dev.switchboard.attachments.boundary;

import dev.switchboard.attachments.entity.Attachment;

/**
 * The contract's attachment object, plus {@code previewUrl} (a downscaled image, when there is one)
 * and {@code durationMs} (of a voice message, as its recorder measured it).
 */
public record AttachmentView(
    String id,
    String name,
    long size,
    String mimeType,
    String url,
    String previewUrl,
    Integer durationMs) {

  public static final String PATH = "/api/attachments/";

  public static AttachmentView of(Attachment a) {
    return new AttachmentView(
        a.id(),
        a.name(),
        a.size(),
        a.mimeType(),
        PATH + a.id(),
        a.previewType() == null ? null : PATH + a.id() + "/preview",
        a.durationMs());
  }
}
