package dev.switchboard.conversations.boundary;

import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.messages.boundary.MessageView;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Who may see which conversation, and the summaries clients list. */
@Stateless
public class Conversations {

  static final int MAX_LISTED = 100;

  @PersistenceContext EntityManager em;

  /**
   * The visitor's open conversation, opened if there is none. Two first messages racing on two
   * instances both land in the one conversation the partial unique index allows.
   */
  public String openFor(String visitorId) {
    em.createNativeQuery(
            "insert into conversation (id, visitor_id, status, last_seq, created_at, updated_at)"
                + " values (?1, ?2, 'open', 0, now(), now()) on conflict do nothing")
        .setParameter(1, UUID.randomUUID().toString())
        .setParameter(2, visitorId)
        .executeUpdate();
    return (String)
        em.createNativeQuery(
                "select id from conversation where visitor_id = ?1 and status <> 'resolved'")
            .setParameter(1, visitorId)
            .getSingleResult();
  }

  /** The conversation, if the participant may see it; {@code not_found} or {@code forbidden}. */
  public Conversation requireVisible(Participant participant, String conversationId) {
    if (conversationId == null) {
      throw ChatException.badRequest("conversationId is required");
    }
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation == null) {
      throw ChatException.notFound("no conversation " + conversationId);
    }
    if (!conversation.isVisibleTo(participant)) {
      throw ChatException.forbidden("not your conversation");
    }
    return conversation;
  }

  /** The visitor of a conversation the participant may see (for routing its events). */
  public String visitorOf(Participant participant, String conversationId) {
    return requireVisible(participant, conversationId).visitorId();
  }

  /** A visitor's own conversations; for agents the newest, optionally filtered. */
  public List<ConversationSummary> list(Participant reader, String status, String assigneeId) {
    var sql =
        new StringBuilder(
            "select c.id, c.status, c.visitor_id, v.nickname, c.assignee_id, a.display_name,"
                + " c.created_at, c.updated_at,"
                + " m.id, m.seq, m.client_id, m.sender_type, m.sender_id, m.sender_name, m.kind,"
                + " m.text, m.created_at"
                + " from conversation c join visitor v on v.id = c.visitor_id"
                + " left join agent a on a.id = c.assignee_id"
                + " left join lateral (select * from message x where x.conversation_id = c.id"
                + " order by x.seq desc limit 1) m on true where true");
    var parameters = new ArrayList<Object>();
    if (reader.isVisitor()) {
      parameters.add(reader.id());
      sql.append(" and c.visitor_id = ?").append(parameters.size());
    }
    if (status != null) {
      parameters.add(status);
      sql.append(" and c.status = ?").append(parameters.size());
    } else if (reader.isAgent()) {
      sql.append(" and c.status <> 'resolved'");
    }
    if (assigneeId != null) {
      parameters.add(assigneeId);
      sql.append(" and c.assignee_id = ?").append(parameters.size());
    }
    sql.append(" order by c.updated_at desc limit ").append(MAX_LISTED);
    var query = em.createNativeQuery(sql.toString());
    for (int i = 0; i < parameters.size(); i++) {
      query.setParameter(i + 1, parameters.get(i));
    }
    var summaries = new ArrayList<ConversationSummary>();
    for (Object row : query.getResultList()) {
      summaries.add(summary((Object[]) row));
    }
    return summaries;
  }

  private static ConversationSummary summary(Object[] r) {
    String visitorId = (String) r[2];
    var visitor =
        new ConversationSummary.Party(visitorId, Visitor.displayName(visitorId, (String) r[3]));
    var assignee =
        r[4] == null ? null : new ConversationSummary.Party((String) r[4], (String) r[5]);
    MessageView last =
        r[8] == null
            ? null
            : new MessageView(
                (String) r[8],
                (String) r[0],
                ((Number) r[9]).longValue(),
                (String) r[10],
                new MessageView.Sender((String) r[11], (String) r[12], (String) r[13]),
                (String) r[14],
                (String) r[15],
                time(r[16]));
    return new ConversationSummary(
        (String) r[0], (String) r[1], visitor, assignee, last, 0, time(r[6]), time(r[7]));
  }

  private static String time(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return DateTimeFormatter.ISO_INSTANT.format(odt);
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toInstant().toString();
    }
    return value == null ? null : value.toString();
  }
}
