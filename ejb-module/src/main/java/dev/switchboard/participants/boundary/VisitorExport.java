package dev.switchboard.participants.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Json;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.stream.JsonGenerator;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Everything stored about a visitor, for a supervisor answering a request for it (GDPR, art. 15):
 * one zip with {@code visitor.json} (the profile), {@code conversations.json} (every conversation
 * with its messages, internal notes, labels and ratings) and {@code files/<id>/<name>} (every file
 * in them, and uploads never sent). Each export is in the audit log.
 */
@Stateless
public class VisitorExport {

  @PersistenceContext EntityManager em;

  @EJB AuditLog audit;

  /** Refused before anything is written: not a supervisor (403), no such visitor (404). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public void require(Participant supervisor, String visitorId) {
    supervisor.requireSupervisor("export a visitor's data");
    if (visitorId == null || visitorId.length() > 36 || em.find(Visitor.class, visitorId) == null) {
      throw ChatException.notFound("no visitor " + visitorId);
    }
  }

  /** Writes the zip (see the class) to {@code out}, and records the export. */
  public void write(Participant supervisor, String visitorId, OutputStream out) throws IOException {
    require(supervisor, visitorId);
    var zip = new ZipOutputStream(out);
    zip.putNextEntry(new ZipEntry("visitor.json"));
    try (JsonGenerator json = Json.PROVIDER.createGenerator(unclosed(zip))) {
      Object[] v =
          (Object[])
              em.createNativeQuery(
                      "select id, nickname, email, external_id, created_at from visitor"
                          + " where id = ?1")
                  .setParameter(1, visitorId)
                  .getSingleResult();
      json.writeStartObject();
      put(json, "id", v[0]);
      put(json, "nickname", v[1]);
      put(json, "email", v[2]);
      put(json, "identity", v[3]);
      put(json, "createdAt", v[4]);
      json.writeEnd();
    }
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry("conversations.json"));
    int conversations;
    try (JsonGenerator json = Json.PROVIDER.createGenerator(unclosed(zip))) {
      conversations = writeConversations(json, visitorId);
    }
    zip.closeEntry();
    int files = writeFiles(zip, visitorId);
    zip.finish();
    audit.record(
        supervisor,
        "visitor.exported",
        "visitor",
        visitorId,
        conversations + " conversation(s), " + files + " file(s)");
  }

  private int writeConversations(JsonGenerator json, String visitorId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select c.id, c.status, t.name, c.created_at, c.resolved_at from conversation c"
                    + " join team t on t.id = c.team_id where c.visitor_id = ?1"
                    + " order by c.created_at")
            .setParameter(1, visitorId)
            .getResultList();
    json.writeStartArray();
    for (Object[] c : rows) {
      String id = (String) c[0];
      json.writeStartObject();
      put(json, "id", id);
      put(json, "status", c[1]);
      put(json, "team", c[2]);
      put(json, "createdAt", c[3]);
      put(json, "resolvedAt", c[4]);
      json.writeStartArray("labels");
      for (Object name :
          em.createNativeQuery(
                  "select l.name from conversation_label cl join label l on l.id = cl.label_id"
                      + " where cl.conversation_id = ?1 order by l.name")
              .setParameter(1, id)
              .getResultList()) {
        json.write((String) name);
      }
      json.writeEnd();
      json.writeStartArray("ratings");
      for (Object row :
          em.createNativeQuery(
                  "select score, comment, rated_at from rating where conversation_id = ?1"
                      + " order by rated_at")
              .setParameter(1, id)
              .getResultList()) {
        Object[] r = (Object[]) row;
        json.writeStartObject();
        json.write("score", ((Number) r[0]).intValue());
        put(json, "comment", r[1]);
        put(json, "ratedAt", r[2]);
        json.writeEnd();
      }
      json.writeEnd();
      json.writeStartArray("messages");
      for (Object row :
          em.createNativeQuery(
                  "select m.id, m.seq, m.kind, m.sender_type, m.sender_id, m.sender_name, m.text,"
                      + " m.attachment_id, a.name, m.created_at, m.edited_at, m.deleted_at"
                      + " from message m left join attachment a on a.id = m.attachment_id"
                      + " where m.conversation_id = ?1 order by m.created_at, m.id")
              .setParameter(1, id)
              .getResultList()) {
        Object[] m = (Object[]) row;
        json.writeStartObject();
        put(json, "id", m[0]);
        if (m[1] != null) {
          json.write("seq", ((Number) m[1]).longValue());
        }
        put(json, "kind", m[2]);
        json.writeStartObject("sender");
        put(json, "type", m[3]);
        put(json, "id", m[4]);
        put(json, "name", m[5]);
        json.writeEnd();
        put(json, "text", m[6]);
        if (m[7] != null) {
          put(json, "file", entry(m[7], m[8]));
        }
        put(json, "createdAt", m[9]);
        put(json, "editedAt", m[10]);
        put(json, "deletedAt", m[11]);
        json.writeEnd();
      }
      json.writeEnd();
      json.writeEnd();
    }
    json.writeEnd();
    return rows.size();
  }

  /** Their conversations' files and their uploads never sent, each whole. */
  private int writeFiles(ZipOutputStream zip, String visitorId) throws IOException {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select id, name from attachment where uploader_id = ?1 or conversation_id in"
                    + " (select id from conversation where visitor_id = ?1) order by created_at")
            .setParameter(1, visitorId)
            .getResultList();
    for (Object[] file : rows) {
      zip.putNextEntry(new ZipEntry(entry(file[0], file[1])));
      for (Object chunk :
          em.createNativeQuery(
                  "select data from attachment_chunk where attachment_id = ?1 order by n")
              .setParameter(1, file[0])
              .getResultList()) {
        zip.write((byte[]) chunk);
      }
      zip.closeEntry();
    }
    return rows.size();
  }

  /**
   * Where a file goes in the zip: under its id, by its name as uploaded, which may hold anything,
   * so no separator or dot-name can lead a careless unzip elsewhere.
   */
  static String entry(Object id, Object name) {
    String safe = String.valueOf(name).replaceAll("[/\\\\\\p{Cntrl}]", "_");
    return "files/" + id + "/" + (safe.isBlank() || safe.matches("\\.+") ? "file" : safe);
  }

  private static void put(JsonGenerator json, String name, Object value) {
    if (value instanceof Timestamp t) {
      json.write(name, t.toInstant().toString());
    } else if (value instanceof OffsetDateTime t) {
      json.write(name, t.toInstant().toString());
    } else if (value != null) {
      json.write(name, value.toString());
    }
  }

  /** The zip stays open when an entry's JSON is done. */
  private static OutputStream unclosed(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
