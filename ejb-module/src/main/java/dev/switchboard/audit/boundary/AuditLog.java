package dev.switchboard.audit.boundary;

import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Records changes in the caller's transaction (a change that rolls back leaves no entry) and lets
 * supervisors read them, newest first.
 */
@Stateless
public class AuditLog {

  public static final int MAX_PAGE = 200;

  @PersistenceContext EntityManager em;

  public void record(
      Participant actor, String action, String subjectType, String subjectId, String details) {
    em.createNativeQuery(
            "insert into audit_log (at, actor_id, actor_name, action, subject_type, subject_id,"
                + " details) values (now(), ?1, ?2, ?3, ?4, ?5, ?6)")
        .setParameter(1, actor == null ? null : actor.id())
        .setParameter(2, actor == null ? null : actor.name())
        .setParameter(3, action)
        .setParameter(4, subjectType)
        .setParameter(5, subjectId)
        .setParameter(6, details)
        .executeUpdate();
  }

  /** Entries older than {@code beforeId} (all when null), at most {@code limit}. */
  public List<AuditEntry> read(Participant reader, Long beforeId, Integer limit) {
    reader.requireSupervisor("read the audit log");
    int size = limit == null ? 50 : Math.max(1, Math.min(MAX_PAGE, limit));
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select l.id, l.at, l.actor_id, l.actor_name, l.action, l.subject_type,"
                    + " l.subject_id, l.details, case l.subject_type"
                    + " when 'agent' then (select a.display_name from agent a where a.id = l.subject_id)"
                    + " when 'team' then (select t.name from team t where t.id = l.subject_id) end,"
                    + " v.id, v.nickname from audit_log l"
                    + " left join conversation c on l.subject_type = 'conversation'"
                    + " and c.id = l.subject_id"
                    + " left join visitor v on v.id = coalesce(c.visitor_id,"
                    + " case when l.subject_type = 'visitor' then l.subject_id end)"
                    + " where l.id < ?1 order by l.id desc")
            .setParameter(1, beforeId == null ? Long.MAX_VALUE : beforeId)
            .setMaxResults(size)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new AuditEntry(
                    ((Number) r[0]).longValue(),
                    DateTimeFormatter.ISO_INSTANT.format(time(r[1])),
                    r[2] == null ? null : new AuditEntry.Party((String) r[2], (String) r[3]),
                    (String) r[4],
                    new AuditEntry.Subject(
                        (String) r[5],
                        (String) r[6],
                        r[9] != null
                            ? Visitor.displayName((String) r[9], (String) r[10])
                            : (String) r[8]),
                    (String) r[7]))
        .toList();
  }

  private static OffsetDateTime time(Object value) {
    return value instanceof OffsetDateTime t
        ? t
        : ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
  }
}
