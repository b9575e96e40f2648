package dev.switchboard.attachments.boundary;

import dev.switchboard.attachments.entity.Attachment;
import dev.switchboard.platform.Json;
import jakarta.json.stream.JsonParser;

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

  /** Reads what JSON-B writes of one (see {@code MessageView.read}). */
  public static AttachmentView read(JsonParser parser) {
    String id = null;
    String name = null;
    Long size = null;
    String mimeType = null;
    String url = null;
    String previewUrl = null;
    Long durationMs = null;
    while (Json.nextKey(parser)) {
      switch (parser.getString()) {
        case "id" -> id = Json.nextString(parser);
        case "name" -> name = Json.nextString(parser);
        case "size" -> size = Json.nextLong(parser);
        case "mimeType" -> mimeType = Json.nextString(parser);
        case "url" -> url = Json.nextString(parser);
        case "previewUrl" -> previewUrl = Json.nextString(parser);
        case "durationMs" -> durationMs = Json.nextLong(parser);
        default -> Json.skipValue(parser);
      }
    }
    return new AttachmentView(
        id,
        name,
        size == null ? 0 : size,
        mimeType,
        url,
        previewUrl,
        durationMs == null ? null : Math.toIntExact(durationMs));
  }
}
