package dev.switchboard.attachments.control;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * What a file is, from its first bytes (Tika's magic), checked against what its name claims and
 * against the types the operator allows.
 */
public final class ContentTypes {

  /** Images, PDF, text, common office formats and audio. */
  public static final String DEFAULT_ALLOWED =
      "image/png,image/jpeg,image/gif,image/webp,image/bmp,image/svg+xml,application/pdf,"
          + "text/plain,text/csv,text/x-log,application/msword,application/vnd.ms-excel,"
          + "application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.*,"
          + "application/vnd.oasis.opendocument.*,application/rtf,audio/*";

  /** Types a browser may run script in: never served inline. */
  private static final Set<String> ACTIVE =
      Set.of("image/svg+xml", "text/html", "application/xhtml+xml", "text/xml", "application/xml");

  /**
   * Media containers that hold audio or video alike: magic cannot tell which, so a client that
   * declares audio (a recorder's blob) gets the audio type of the same container.
   */
  private static final Set<String> AUDIO_OR_VIDEO =
      Set.of(
          "video/webm",
          "application/x-matroska",
          "application/ogg",
          "video/ogg",
          "video/mp4",
          "video/quicktime");

  private static final MimeTypes TYPES = TikaConfig.getDefaultConfig().getMimeRepository();
  private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();

  private final List<String> allowed;

  /** {@code allowed}: comma-separated types, a trailing {@code *} matching any ending. */
  public ContentTypes(String allowed) {
    this.allowed =
        Arrays.stream(allowed.split(","))
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .toList();
  }

  /**
   * The type of the stream's content (it must support mark/reset; it is left at its start). The
   * name may make it more specific (a .docx is a zip) but not contradict it; {@code
   * unsupported_type} when it does or the type is not allowed.
   */
  public String detect(InputStream content, String name, String declared) throws IOException {
    MediaType byContent = TYPES.detect(content, new Metadata());
    var metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    MediaType byName = TYPES.detect(null, metadata);
    MediaType type;
    if (byName.equals(MediaType.OCTET_STREAM) || byName.equals(byContent)) {
      type = byContent;
    } else if (REGISTRY.isSpecializationOf(byName, byContent)) {
      type = byName;
    } else if (REGISTRY.isSpecializationOf(byContent, byName)) {
      type = byContent;
    } else {
      throw new ChatException(
          ErrorCode.UNSUPPORTED_TYPE,
          "the content is " + byContent + ", not the " + byName + " its name says");
    }
    String result = audioOf(type.getBaseType().toString(), declared);
    if (!isAllowed(result)) {
      throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, result + " files are not accepted");
    }
    return result;
  }

  private static String audioOf(String type, String declared) {
    if (!AUDIO_OR_VIDEO.contains(type)
        || declared == null
        || !declared.toLowerCase(Locale.ROOT).startsWith("audio/")) {
      return type;
    }
    if (type.endsWith("webm") || type.endsWith("matroska")) {
      return "audio/webm";
    }
    return type.endsWith("ogg") ? "audio/ogg" : "audio/mp4";
  }

  boolean isAllowed(String type) {
    for (String pattern : allowed) {
      if (pattern.endsWith("*")
          ? type.startsWith(pattern.substring(0, pattern.length() - 1))
          : type.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a browser could run script in it: such files are only ever downloaded. */
  public static boolean isActive(String type) {
    return ACTIVE.contains(type);
  }

  /** The message kind an attachment of this type makes. */
  public static String kindOf(String type) {
    if (type.startsWith("audio/")) {
      return "audio";
    }
    return type.startsWith("image/") && !isActive(type) ? "image" : "file";
  }
}
