package dev.switchboard.attachments.boundary;

import dev.switchboard.attachments.control.ContentTypes;
import dev.switchboard.attachments.control.Thumbnails;
import dev.switchboard.attachments.entity.Attachment;
import dev.switchboard.conversations.control.ConversationAccess;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.platform.Names;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Uploading, authorising and reading attachments; removing the ones never sent. */
@Stateless
public class Attachments {

  private static final Logger LOG = Logger.getLogger(Attachments.class.getName());

  /** Bytes per stored chunk: what one upload holds in memory at a time (a download, the file). */
  static final int CHUNK = 256 * 1024;

  /** The time a preview may take to decode; past it the attachment has none. */
  static final Duration PREVIEW_BUDGET = Duration.ofSeconds(5);

  public static final int MAX_NAME = 255;

  /**
   * An upload as the web layer received it; {@code declaredType} is the client's claim only. The
   * content can be opened more than once (the container keeps the part): a thumbnail is made from a
   * second read rather than from the stored chunks.
   */
  public record Upload(String name, String declaredType, Integer durationMs, Content content) {}

  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }

  /**
   * What a download needs: the description, whether a browser may show it inline (images and audio
   * only) and the whole content, read before any header goes out.
   */
  public record Download(AttachmentView view, boolean inline, byte[] content) {}

  public record Preview(byte[] bytes, String type) {}

  @PersistenceContext EntityManager em;

  @Inject ConversationAccess access;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_MAX_BYTES, defaultValue = "10485760")
  long maxBytes;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_TYPES, defaultValue = ContentTypes.DEFAULT_ALLOWED)
  String allowedTypes;

  @Inject
  @ConfigProperty(name = Config.UPLOADS_PER_DAY, defaultValue = "200")
  long uploadsPerDay;

  @Inject
  @ConfigProperty(name = Config.UPLOAD_BYTES_PER_DAY, defaultValue = "209715200")
  long uploadBytesPerDay;

  @Inject
  @ConfigProperty(name = Config.UPLOADS_UNSENT, defaultValue = "20")
  long uploadsUnsent;

  private ContentTypes types;

  @PostConstruct
  void init() {
    types = new ContentTypes(allowedTypes);
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Stores a file for a conversation the uploader may see, a chunk at a time; typed from its
   * content. A visitor may name none (before their first message): the send decides. Too large,
   * empty or not allowed: nothing stays stored.
   */
  public AttachmentView upload(Participant uploader, String conversationId, Upload upload) {
    if (conversationId != null || !uploader.isVisitor()) {
      access.requireVisible(uploader, conversationId);
    }
    if (upload.durationMs() != null && upload.durationMs() < 0) {
      throw ChatException.badRequest("durationMs is not negative");
    }
    Quota used = quotaUsed(uploader);
    if (used.count() >= uploadsPerDay) {
      throw ChatException.rateLimited(
          "at most " + uploadsPerDay + " uploads a day", used.untilOldestAgesOut);
    }
    if (conversationId == null && used.unsent() >= uploadsUnsent) {
      throw ChatException.rateLimited(
          "at most " + uploadsUnsent + " uploads before they are sent", Duration.ofHours(1));
    }
    try (var content = new BufferedInputStream(upload.content().open(), CHUNK)) {
      content.mark(1);
      if (content.read() < 0) {
        throw ChatException.badRequest("the file is empty");
      }
      content.reset();
      String name = cleanName(upload.name());
      String type = types.detect(content, name, upload.declaredType());
      var attachment =
          new Attachment(conversationId, uploader.id(), name, type, upload.durationMs());
      em.persist(attachment);
      em.flush();
      long size = storeChunks(attachment.id(), content);
      if (used.bytes() + size > uploadBytesPerDay) {
        throw ChatException.rateLimited(
            "at most " + uploadBytesPerDay + " bytes of uploads a day", used.untilOldestAgesOut);
      }
      Thumbnails.Thumbnail preview = preview(attachment.id(), type, upload.content());
      if (preview != null) {
        em.createNativeQuery("update attachment set preview = ?1 where id = ?2")
            .setParameter(1, preview.bytes())
            .setParameter(2, attachment.id())
            .executeUpdate();
      }
      attachment.stored(size, preview == null ? null : preview.type());
      return AttachmentView.of(attachment);
    } catch (IOException e) {
      throw ChatException.badRequest("the upload was cut off");
    }
  }

  /**
   * An uploader's uploads of the last day: how many, their bytes, how many are in no conversation
   * yet, and how long until the oldest leaves the day.
   */
  private record Quota(long count, long bytes, long unsent, Duration untilOldestAgesOut) {}

  private Quota quotaUsed(Participant uploader) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select count(*), coalesce(sum(size), 0),"
                        + " count(*) filter (where conversation_id is null),"
                        + " coalesce(extract(epoch from min(created_at) + interval '1 day' - now()),"
                        + " 3600)"
                        + " from attachment where uploader_id = ?1"
                        + " and created_at > now() - interval '1 day'")
                .setParameter(1, uploader.id())
                .getSingleResult();
    return new Quota(
        ((Number) row[0]).longValue(),
        ((Number) row[1]).longValue(),
        ((Number) row[2]).longValue(),
        Duration.ofSeconds(((Number) row[3]).longValue()));
  }

  private long storeChunks(String id, InputStream content) throws IOException {
    long size = 0;
    int n = 0;
    byte[] buffer = new byte[CHUNK];
    while (true) {
      int length = content.readNBytes(buffer, 0, CHUNK);
      if (length == 0) {
        return size;
      }
      size += length;
      if (size > maxBytes) {
        throw new ChatException(
            ErrorCode.TOO_LARGE, "the file is larger than " + maxBytes + " bytes");
      }
      byte[] data = length == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, length);
      em.createNativeQuery(
              "insert into attachment_chunk (attachment_id, n, data) values (?1, ?2, ?3)")
          .setParameter(1, id)
          .setParameter(2, n++)
          .setParameter(3, data)
          .executeUpdate();
    }
  }

  /** A preview of a raster image; none when it cannot be decoded. */
  private static Thumbnails.Thumbnail preview(String id, String type, Content content) {
    if (!"image".equals(ContentTypes.kindOf(type))) {
      return null;
    }
    try (var image = content.open()) {
      return Thumbnails.of(image, PREVIEW_BUDGET);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, "no preview for attachment {0}: {1}", new Object[] {id, e.toString()});
      return null;
    }
  }

  /** No path, no control characters, at most {@link #MAX_NAME} characters; never blank. */
  static String cleanName(String name) {
    String base =
        name == null
            ? ""
            : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    base = Names.clean(base).replace("\"", "");
    if (base.length() > MAX_NAME) {
      base = base.substring(base.length() - MAX_NAME);
    }
    return base.isEmpty() || base.equals(".") || base.equals("..") ? "file" : base;
  }

  /**
   * The sender's upload, for a message; whether it is still free and belongs to the message's
   * conversation is checked where the message is stored (post_messages).
   */
  public AttachmentView uploadedBy(Participant sender, String attachmentId) {
    Attachment a = em.find(Attachment.class, attachmentId);
    if (a == null) {
      throw ChatException.notFound("no attachment " + attachmentId);
    }
    if (!a.uploaderId().equals(sender.id())) {
      throw ChatException.forbidden("not your attachment");
    }
    return AttachmentView.of(a);
  }

  /**
   * The attachment, when the reader may see its conversation and it has been sent (before that,
   * only its uploader may read it).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Download open(Participant reader, String id) {
    Attachment a = readable(reader, id);
    byte[] content = content(id, a.size());
    if (content == null) {
      // Removed (a sweep, an erasure) since it was looked up: gone, rather than cut short.
      throw ChatException.notFound("no attachment " + id);
    }
    return new Download(
        AttachmentView.of(a), !"file".equals(ContentTypes.kindOf(a.mimeType())), content);
  }

  /**
   * All of a file's chunks, read by one statement: all there or none (a removal is one statement,
   * too); null when they do not add up to {@code size}.
   */
  private byte[] content(String id, long size) {
    byte[] content = new byte[Math.toIntExact(size)];
    int at = 0;
    for (Object row :
        em.createNativeQuery(
                "select data from attachment_chunk where attachment_id = ?1 order by n")
            .setParameter(1, id)
            .getResultList()) {
      byte[] chunk = (byte[]) row;
      if (at + chunk.length > content.length) {
        return null;
      }
      System.arraycopy(chunk, 0, content, at, chunk.length);
      at += chunk.length;
    }
    return at == content.length ? content : null;
  }

  private Attachment readable(Participant reader, String id) {
    Attachment a = id == null || id.length() > 36 ? null : em.find(Attachment.class, id);
    if (a == null) {
      throw ChatException.notFound("no attachment " + id);
    }
    boolean own = a.uploaderId().equals(reader.id());
    if (a.conversationId() == null) {
      if (!own) {
        throw ChatException.forbidden("not your attachment");
      }
      return a;
    }
    access.requireVisible(reader, a.conversationId());
    if (!own && !isSent(id)) {
      throw ChatException.forbidden("the attachment has not been sent");
    }
    return a;
  }

  private boolean isSent(String attachmentId) {
    return !em.createNativeQuery("select 1 from message where attachment_id = ?1")
        .setParameter(1, attachmentId)
        .getResultList()
        .isEmpty();
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Preview preview(Participant reader, String id) {
    Attachment a = readable(reader, id);
    if (a.previewType() == null) {
      throw ChatException.notFound("the attachment has no preview");
    }
    byte[] bytes =
        (byte[])
            em.createNativeQuery("select preview from attachment where id = ?1")
                .setParameter(1, id)
                .getSingleResult();
    return new Preview(bytes, a.previewType());
  }

  /** Removes uploads never sent in a message within {@code age}; returns how many. */
  public int removeOrphans(Duration age) {
    return em.createNativeQuery(
            "delete from attachment a where a.created_at < ?1"
                + " and not exists (select 1 from message m where m.attachment_id = a.id)")
        .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC).minus(age))
        .executeUpdate();
  }
}
