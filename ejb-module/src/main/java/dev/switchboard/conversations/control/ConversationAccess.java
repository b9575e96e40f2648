package dev.switchboard.conversations.control;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Who may see a conversation, and its row lock: the rules every context that touches a conversation
 * goes through ({@code not_found}, {@code forbidden}). It runs in the caller's transaction; the
 * reads start none of their own (a socket signing in reads its list and its backlog, and a commit
 * each was a round trip for nothing).
 */
@ApplicationScoped
public class ConversationAccess {

  @PersistenceContext EntityManager em;

  /** The conversation, its row locked until the transaction ends. */
  public Conversation lock(String conversationId) {
    if (conversationId == null) {
      throw ChatException.badRequest("conversationId is required");
    }
    Conversation conversation =
        em.find(Conversation.class, conversationId, LockModeType.PESSIMISTIC_WRITE);
    if (conversation == null) {
      throw ChatException.notFound("no conversation " + conversationId);
    }
    return conversation;
  }

  /** The conversation, if the participant may see it. */
  public Conversation requireVisible(Participant participant, String conversationId) {
    if (conversationId == null) {
      throw ChatException.badRequest("conversationId is required");
    }
    Conversation conversation = em.find(Conversation.class, conversationId);
    if (conversation == null) {
      throw ChatException.notFound("no conversation " + conversationId);
    }
    return visible(participant, conversation);
  }

  /** The conversation, locked, if the participant may see it. */
  public Conversation lockVisible(Participant participant, String conversationId) {
    return visible(participant, lock(conversationId));
  }

  private static Conversation visible(Participant participant, Conversation conversation) {
    if (!conversation.isVisibleTo(participant)) {
      throw ChatException.forbidden("not your conversation");
    }
    return conversation;
  }

  /**
   * SQL for "conversation {@code c} is one the reader may see" ({@link Audience#admits} for many
   * rows), its {@code ?} placeholders' values added to {@code parameters}.
   */
  public static String visibleTo(Participant reader, String c, List<Object> parameters) {
    if (reader.isVisitor()) {
      parameters.add(reader.id());
      return c + ".visitor_id = ?";
    }
    if (reader.isSupervisor()) {
      return "true";
    }
    // Their teams' conversations, their own (a transfer may have taken one out of their teams) and
    // those they were invited into.
    var sql = new StringBuilder("(").append(c).append(".assignee_id = ?");
    parameters.add(reader.id());
    for (String team : reader.teams()) {
      sql.append(" or ").append(c).append(".team_id = ?");
      parameters.add(team);
    }
    sql.append(" or ? = any(string_to_array(").append(c).append(".colleagues, ' '))");
    parameters.add(reader.id());
    return sql.append(")").toString();
  }
}
