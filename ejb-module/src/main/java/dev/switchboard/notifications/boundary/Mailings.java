package dev.switchboard.notifications.boundary;

import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.history.control.MessageLog;
import dev.switchboard.notifications.control.MailQueue;
import dev.switchboard.notifications.control.MailSender;
import dev.switchboard.notifications.control.MailTemplates;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.Config;
import dev.switchboard.presence.boundary.Presence;
import dev.switchboard.teams.boundary.Teams;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends a mail job's mail if it is still due, once in the cluster. The job's row in {@code
 * mail_notice} is locked for the transaction, so a second job of the same conversation (on any
 * instance) waits and then sees what was sent; what was sent is recorded before the SMTP server is
 * asked, and a failure rolls both the record and the job's receipt back.
 */
@Stateless
public class Mailings {

  private static final Logger LOG = Logger.getLogger(Mailings.class.getName());
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
  private static final int PAGE = 1000;

  /** A job this close to its time sends now rather than coming back for it. */
  private static final Duration EARLY_ENOUGH = Duration.ofMillis(500);

  @PersistenceContext EntityManager em;

  @Inject MessageLog log;

  @Inject MailTemplates templates;

  @Inject MailSender sender;

  @Inject MailQueue queue;

  @EJB Notifications notifications;

  @EJB Presence presence;

  @EJB Teams teams;

  @Inject
  @ConfigProperty(name = Config.SUPPORT_MAILBOX)
  Optional<String> supportMailbox;

  @Inject
  @ConfigProperty(name = Config.PUBLIC_URL, defaultValue = "http://localhost:8080")
  String publicUrl;

  /** What a due job mails and the seq it covers up to. */
  private record Due(List<String> to, Map<String, Object> model, long upToSeq) {}

  public void deliver(MailJob job) {
    if (em.find(Conversation.class, job.conversationId()) == null) {
      // Retrying cannot make it exist (a broker kept across a database reset, say).
      LOG.warning(() -> "mail job for unknown conversation " + job.conversationId() + " dropped");
      return;
    }
    long mailedSeq = lockNotice(job);
    Optional<Due> due =
        switch (job.kind()) {
          case VISITOR_UNREAD -> visitorUnread(job, mailedSeq);
          case SUPPORT_UNREAD -> supportUnread(job, mailedSeq);
          case TRANSCRIPT -> transcript(job, mailedSeq);
        };
    if (due.isEmpty()) {
      return;
    }
    updateNotice(job, "mailed_seq = " + due.get().upToSeq() + ", mailed_at = now()");
    var rendered = templates.render(job.kind(), due.get().model());
    sender.send(
        new Mail(
            job.kind().key()
                + "."
                + job.conversationId()
                + "."
                + due.get().upToSeq()
                + "@switchboard",
            due.get().to(),
            rendered.subject(),
            rendered.text(),
            rendered.html(),
            job.kind(),
            job.conversationId()));
  }

  /**
   * Locks the job's row until the transaction ends (creating it for a first transcript) and marks
   * no job pending, since this one runs: the next message may schedule another, or this one may
   * reschedule itself. Returns the seq mailed up to so far.
   */
  private long lockNotice(MailJob job) {
    return ((Number)
            em.createNativeQuery(
                    "insert into mail_notice (conversation_id, kind) values (?1, ?2)"
                        + " on conflict (conversation_id, kind) do update set pending_since = null"
                        + " returning mailed_seq")
                .setParameter(1, job.conversationId())
                .setParameter(2, job.kind().key())
                .getSingleResult())
        .longValue();
  }

  /** Sets columns of the job's (locked) row; {@code assignments} holds no user input. */
  private void updateNotice(MailJob job, String assignments) {
    em.createNativeQuery(
            "update mail_notice set " + assignments + " where conversation_id = ?1 and kind = ?2")
        .setParameter(1, job.conversationId())
        .setParameter(2, job.kind().key())
        .executeUpdate();
  }

  /**
   * Agents' replies the visitor has neither read nor answered nor been mailed, once the oldest has
   * waited the delay: several replies in a row make one mail.
   */
  private Optional<Due> visitorUnread(MailJob job, long mailedSeq) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select v.id, coalesce((select r.read_seq from receipt r"
                        + " where r.conversation_id = c.id and r.reader_id = c.visitor_id), 0),"
                        // From the end: the visitor's last message is near it when this runs.
                        + " coalesce((select m.seq from message m where m.conversation_id = c.id"
                        + " and m.sender_id = c.visitor_id and m.seq is not null"
                        + " order by m.seq desc limit 1), 0),"
                        + " c.last_seq from conversation c join visitor v on v.id = c.visitor_id"
                        + " where c.id = ?1")
                .setParameter(1, job.conversationId())
                .getSingleResult();
    Visitor visitor = em.find(Visitor.class, (String) row[0]);
    long handled = Math.max(mailedSeq, Math.max(number(row[1]), number(row[2])));
    if (visitor.email() == null) {
      return Optional.empty();
    }
    List<MessageView> replies = fromSender(job.conversationId(), handled, number(row[3]), "agent");
    if (replies.isEmpty() || notYetDue(job, replies.get(0), true)) {
      return Optional.empty();
    }
    var names = new LinkedHashSet<String>();
    replies.forEach(m -> names.add(m.sender().name()));
    Map<String, Object> model = model(visitor, replies);
    model.put("agents", String.join(", ", names));
    model.put("link", publicUrl + "/?conversation=" + job.conversationId());
    return Optional.of(
        new Due(List.of(visitor.email()), model, replies.get(replies.size() - 1).seq()));
  }

  /**
   * The visitor's messages no agent has read or answered, once per such wait, when the oldest has
   * waited the delay, no agent is online or the team is closed: a second job of the same wait finds
   * it mailed. To the assignee if they have an address, else the support mailbox.
   */
  private Optional<Due> supportUnread(MailJob job, long mailedSeq) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select v.id, a.email, coalesce((select max(r.read_seq) from receipt r"
                        + " where r.conversation_id = c.id and r.reader_type = 'agent'), 0),"
                        + " coalesce((select max(m.seq) from message m"
                        + " where m.conversation_id = c.id and m.sender_type = 'agent'), 0),"
                        + " c.last_seq, c.team_id from conversation c"
                        + " join visitor v on v.id = c.visitor_id left join agent a on a.id = c.assignee_id where c.id = ?1")
                .setParameter(1, job.conversationId())
                .getSingleResult();
    long handled = Math.max(number(row[2]), number(row[3]));
    if (mailedSeq > handled) {
      return Optional.empty();
    }
    Optional<String> to = Optional.ofNullable((String) row[1]).or(() -> supportMailbox);
    if (to.isEmpty()) {
      // Not a warning: a team may choose to have no mailbox; one line per wait would flood the log.
      LOG.fine(
          () ->
              "conversation "
                  + job.conversationId()
                  + " waits for an answer; no "
                  + Config.SUPPORT_MAILBOX
                  + " to tell");
      return Optional.empty();
    }
    List<MessageView> waiting =
        fromSender(job.conversationId(), handled, number(row[4]), "visitor");
    // Outside the team's hours nobody will read it soon, whoever is online: it goes at once.
    boolean someoneWillRead = presence.anyAgentOnline() && teams.isOpen((String) row[5]);
    if (waiting.isEmpty() || notYetDue(job, waiting.get(0), someoneWillRead)) {
      return Optional.empty();
    }
    Visitor visitor = em.find(Visitor.class, (String) row[0]);
    Map<String, Object> model = model(visitor, waiting);
    model.put("since", time(waiting.get(0).createdAt()));
    model.put("link", publicUrl + "/console/#" + job.conversationId());
    return Optional.of(new Due(List.of(to.get()), model, waiting.get(waiting.size() - 1).seq()));
  }

  /** The whole conversation up to its resolution, once; notes are not messages and never in it. */
  private Optional<Due> transcript(MailJob job, long mailedSeq) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select c.visitor_id, c.transcript_requested from conversation c where c.id = ?1")
                .setParameter(1, job.conversationId())
                .getSingleResult();
    Visitor visitor = em.find(Visitor.class, (String) row[0]);
    if (!(Boolean) row[1] || visitor.email() == null || job.seq() <= mailedSeq) {
      return Optional.empty();
    }
    var all = new ArrayList<MessageView>();
    long after = 0;
    while (after < job.seq()) {
      List<MessageView> page = log.between(job.conversationId(), after, job.seq() + 1);
      if (page.isEmpty()) {
        break;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
    Map<String, Object> model = model(visitor, all);
    model.put("link", publicUrl + "/?conversation=" + job.conversationId());
    return Optional.of(new Due(List.of(visitor.email()), model, job.seq()));
  }

  /**
   * Whether the oldest unhandled message has not waited the delay yet (an older one was read in the
   * meantime, say); if so the job comes back when it has.
   */
  private boolean notYetDue(MailJob job, MessageView oldest, boolean waits) {
    if (!waits) {
      return false;
    }
    Duration left =
        Duration.between(
            OffsetDateTime.now(ZoneOffset.UTC),
            OffsetDateTime.parse(oldest.createdAt()).plus(notifications.delay()));
    if (left.compareTo(EARLY_ENOUGH) <= 0) {
      return false;
    }
    updateNotice(job, "pending_since = now()");
    queue.enqueue(new MailJob(job.kind(), job.conversationId(), oldest.seq()), left);
    return true;
  }

  private List<MessageView> fromSender(
      String conversationId, long afterSeq, long lastSeq, String senderType) {
    return log.between(conversationId, afterSeq, lastSeq + 1).stream()
        .filter(m -> senderType.equals(m.sender().type()) && !m.deleted())
        .limit(PAGE)
        .toList();
  }

  private static Map<String, Object> model(Visitor visitor, List<MessageView> messages) {
    var lines = new ArrayList<Map<String, Object>>();
    for (MessageView m : messages) {
      if (m.deleted()) {
        continue; // mail shows what is there when it goes: edited text, no removed messages
      }
      lines.add(
          Map.of(
              "sender",
              m.sender().name() == null ? "" : m.sender().name(),
              "system",
              "system".equals(m.sender().type()),
              "text",
              mailText(m),
              "time",
              time(m.createdAt())));
    }
    var model = new HashMap<String, Object>();
    model.put("visitor", Visitor.displayName(visitor.id(), visitor.nickname()));
    model.put("messages", lines);
    return model;
  }

  /** The text, and a file's name: mail carries no attachment (the link opens the chat). */
  private static String mailText(MessageView m) {
    String text = m.text() == null ? "" : m.text();
    if (m.attachment() == null) {
      return text;
    }
    String file = "[" + m.kind() + ": " + m.attachment().name() + "]";
    return text.isEmpty() ? file : text + " " + file;
  }

  private static String time(String isoInstant) {
    return TIME.format(OffsetDateTime.parse(isoInstant).withOffsetSameInstant(ZoneOffset.UTC));
  }

  private static long number(Object value) {
    return ((Number) value).longValue();
  }
}
