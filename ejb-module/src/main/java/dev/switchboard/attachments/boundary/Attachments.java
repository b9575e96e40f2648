package dev.switchboard.attachments.boundary;

import dev.switchboard.attachments.control.ContentTypes;
import dev.switchboard.attachments.control.Thumbnails;
import dev.switchboard.attachments.entity.Attachment;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.platform.Names;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
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
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Uploading, authorising and reading attachments; removing the ones never sent. */
@Stateless
public class Attachments {

  private static final Logger LOG = Logger.getLogger(Attachments.class.getName());

  /** Bytes per stored chunk: what one upload or download holds in memory at a time. */
  static final int CHUNK = 256 * 1024;

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
   * What a download needs: the description and whether a browser may show it inline (images and
   * audio only).
   */
  public record Download(AttachmentView view, boolean inline) {}

  public record Preview(byte[] bytes, String type) {}

  @PersistenceContext EntityManager em;

  @EJB Conversations conversations;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_MAX_BYTES, defaultValue = "10485760")
  long maxBytes;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_TYPES, defaultValue = ContentTypes.DEFAULT_ALLOWED)
  String allowedTypes;

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
      conversations.requireVisible(uploader, conversationId);
    }
    if (upload.durationMs() != null && upload.durationMs() < 0) {
      throw ChatException.badRequest("durationMs is not negative");
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
      return Thumbnails.of(image);
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
  public Attachment uploadedBy(Participant sender, String attachmentId) {
    Attachment a = em.find(Attachment.class, attachmentId);
    if (a == null) {
      throw ChatException.notFound("no attachment " + attachmentId);
    }
    if (!a.uploaderId().equals(sender.id())) {
      throw ChatException.forbidden("not your attachment");
    }
    return a;
  }

  /**
   * The attachment, when the reader may see its conversation and it has been sent (before that,
   * only its uploader may read it).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Download open(Participant reader, String id) {
    Attachment a = readable(reader, id);
    return new Download(AttachmentView.of(a), !"file".equals(ContentTypes.kindOf(a.mimeType())));
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
    conversations.requireVisible(reader, a.conversationId());
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

  /** Chunk {@code n} of a file the caller has opened; null past the end. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public byte[] chunk(String id, int n) {
    List<?> rows =
        em.createNativeQuery(
                "select data from attachment_chunk where attachment_id = ?1 and n = ?2")
            .setParameter(1, id)
            .setParameter(2, n)
            .getResultList();
    return rows.isEmpty() ? null : (byte[]) rows.get(0);
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
