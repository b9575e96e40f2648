package dev.switchboard.conversations.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long resolved conversations are kept ({@code SWITCHBOARD_RETENTION_DAYS}): once a night one
 * instance of the cluster removes those resolved longer ago, with their messages, files, receipts,
 * ratings and labels, a batch per transaction so that no lock is held for long.
 */
@Stateless
public class Retention {

  /** Conversations removed per transaction. */
  static final int BATCH = 500;

  @PersistenceContext EntityManager em;

  @EJB AuditLog audit;

  /**
   * Whether this instance runs tonight's removal: past {@code hourUtc}, the first instance to move
   * the job's day to today's (UTC) takes it; the others find it moved.
   */
  public boolean claimTonight(int hourUtc) {
    return em.createNativeQuery(
                "update maintenance_run set last_run = (now() at time zone 'UTC')::date"
                    + " where job = 'retention' and last_run < (now() at time zone 'UTC')::date"
                    + " and extract(hour from now() at time zone 'UTC') >= ?1")
            .setParameter(1, hourUtc)
            .executeUpdate()
        == 1;
  }

  /**
   * Removes up to {@link #BATCH} conversations resolved more than {@code days} days ago, oldest
   * first, in one statement and a transaction of its own; returns how many. Rows another
   * transaction holds (a visitor writing into one, which reopens it) are skipped.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int removeBatch(int days) {
    // One statement: the foreign keys (a message's file, its conversation) are checked at its end.
    Number removed =
        (Number)
            em.createNativeQuery(
                    "with doomed as (select id from conversation where status = 'resolved'"
                        + " and resolved_at < now() - make_interval(days => ?1)"
                        + " order by resolved_at limit ?2 for update skip locked),"
                        + " messages as (delete from message"
                        + " where conversation_id in (select id from doomed)),"
                        + " files as (delete from attachment"
                        + " where conversation_id in (select id from doomed)),"
                        + " receipts as (delete from receipt"
                        + " where conversation_id in (select id from doomed)),"
                        + " mail as (delete from mail_notice"
                        + " where conversation_id in (select id from doomed)),"
                        + " gone as (delete from conversation"
                        + " where id in (select id from doomed) returning id)"
                        + " select count(*) from gone")
                .setParameter(1, days)
                .setParameter(2, BATCH)
                .getSingleResult();
    return removed.intValue();
  }

  /** The night's run in the audit log, under the day before which resolved ones went. */
  public void audited(int days, int removed) {
    audit.record(
        null,
        "retention.removed",
        "retention",
        LocalDate.now(ZoneOffset.UTC).minusDays(days).toString(),
        removed + " conversation(s) resolved more than " + days + " days ago");
  }
}
