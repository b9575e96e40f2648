package dev.switchboard.conversations.control;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.labels.boundary.Labels;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The read model of conversations: a summary (status, parties, last message, the reader's unread
 * count, receipts, labels, queue position, rating) for each conversation a query selects, in as few
 * queries as the rows need. No authorisation: the caller passes the visibility condition ({@link
 * ConversationAccess#visibleTo}) or has checked it.
 */
@ApplicationScoped
public class ConversationSummaries {

  /** Summaries one list holds at most. */
  private static final int MAX_LISTED = 100;

  @PersistenceContext EntityManager em;

  /**
   * One conversation as each of these readers sees it (the unread count differs), in two queries
   * whatever their number: for the {@code conversation} events of an instance's sockets.
   */
  public Map<String, ConversationSummary> forReaders(
      String conversationId, Collection<String> readerIds) {
    var result = new HashMap<String, ConversationSummary>();
    if (readerIds.isEmpty()) {
      return result;
    }
    List<ConversationSummary> found = one(null, conversationId);
    if (found.isEmpty()) {
      return result;
    }
    ConversationSummary base = found.get(0);
    var sql =
        new StringBuilder(
            "select r.id, " + unread("c", "r.id") + " from conversation c cross join (values ");
    var ids = List.copyOf(readerIds);
    for (int i = 0; i < ids.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(cast(?").append(i + 2).append(" as varchar))");
    }
    sql.append(") r(id) where c.id = ?1");
    var query = em.createNativeQuery(sql.toString()).setParameter(1, conversationId);
    for (int i = 0; i < ids.size(); i++) {
      query.setParameter(i + 2, ids.get(i));
    }
    for (Object row : query.getResultList()) {
      Object[] r = (Object[]) row;
      var summary = base.withUnread(((Number) r[1]).longValue());
      result.put(
          (String) r[0], r[0].equals(base.visitor().id()) ? summary.withoutLabels() : summary);
    }
    return result;
  }

  /** The one conversation's summary for {@code readerId}, in a list (empty if there is none). */
  public List<ConversationSummary> one(String readerId, String conversationId) {
    return select(readerId, List.of(conversationId), "c.id = ?", "c.id");
  }

  /**
   * Summaries where {@code where} holds ({@code ?} placeholders take {@code parameters} in order),
   * in {@code order}, unread counted for {@code readerId}.
   */
  public List<ConversationSummary> select(
      String readerId, List<?> parameters, String where, String order) {
    var all = new ArrayList<Object>();
    all.add(readerId);
    all.addAll(parameters);
    var sql =
        new StringBuilder(
            "select c.id, c.status, c.visitor_id, v.nickname, c.assignee_id, a.display_name,"
                + " c.created_at, c.updated_at,"
                + " m.id, m.seq, m.client_id, m.sender_type, m.sender_id, m.sender_name, m.kind,"
                + " m.text, m.reply_to, m.created_at,"
                + " "
                + unread("c", "p.reader")
                + ","
                + " v.email, c.transcript_requested, c.team_id, t.name,"
                + " case when c.queued_at is not null and t.routing <> 'off' then"
                + " (select count(*) from conversation q where q.team_id = c.team_id"
                + " and q.queued_at is not null and (q.queued_at, q.id) <= (c.queued_at, c.id))"
                + " end,"
                + " m.edited_at, m.deleted_at, r.score, r.comment, r.rated_at, c.colleagues,"
                // The read receipts in the same round trip (a query of their own was one more for
                // every sign-in), as [type, id, delivered, read] arrays.
                + " cast((select json_agg(json_build_array(x.reader_type, x.reader_id,"
                + " x.delivered_seq, x.read_seq) order by x.reader_type, x.reader_id)"
                + " from receipt x where x.conversation_id = c.id) as text)"
                + " from (select cast(?1 as varchar) as reader) p"
                + " cross join conversation c join visitor v on v.id = c.visitor_id"
                + " join team t on t.id = c.team_id"
                + " left join agent a on a.id = c.assignee_id"
                + " left join rating r on r.conversation_id = c.id and r.resolved_at = c.resolved_at"
                + " left join lateral (select * from message x where x.conversation_id = c.id"
                + " and x.seq is not null order by x.seq desc limit 1) m on true where ");
    int n = 1;
    for (char ch : where.toCharArray()) {
      sql.append(ch);
      if (ch == '?') {
        sql.append(++n);
      }
    }
    sql.append(" order by ").append(order).append(" limit ").append(MAX_LISTED);
    var query = em.createNativeQuery(sql.toString());
    for (int i = 0; i < all.size(); i++) {
      query.setParameter(i + 1, all.get(i));
    }
    var rows = new ArrayList<Object[]>();
    for (Object row : query.getResultList()) {
      rows.add((Object[]) row);
    }
    // Only the lookups some row needs: a visitor signing in, the most frequent reader, is shown no
    // labels and mostly has no colleagues in the conversation (each lookup is a round trip).
    Map<String, List<Labels.LabelView>> labelled =
        labelsOf(
            rows.stream().filter(r -> !r[2].equals(readerId)).map(r -> (String) r[0]).toList());
    Map<String, List<ConversationSummary.Party>> colleagues =
        colleaguesOf(rows.stream().filter(r -> r[29] != null).map(r -> (String) r[0]).toList());
    var summaries = new ArrayList<ConversationSummary>();
    for (Object[] r : rows) {
      // Labels are the agents' own: the conversation's visitor is not shown them.
      boolean visitor = r[2].equals(readerId);
      summaries.add(
          summary(
              r,
              receipts(r[30]),
              visitor ? null : labelled.getOrDefault((String) r[0], List.of()),
              colleagues.getOrDefault((String) r[0], List.of())));
    }
    return summaries;
  }

  /**
   * SQL for how many of conversation {@code c}'s messages the reader has not read: those after the
   * seq they read up to, but their own. Seqs have no gaps, so for an agent that is the count after
   * it less their own replies there, looked for among the agents' replies only (the partial index
   * {@code message_agent_seq}; each is read to compare its sender): counting the messages
   * themselves made a supervisor's sign-in, which lists up to {@value #MAX_LISTED} conversations,
   * read every message of each (a thousand consoles signing in after a busy hour took PostgreSQL
   * long enough for sockets to miss the 5 s to authenticate). The visitor's own (few) conversations
   * are counted.
   */
  private static String unread(String c, String reader) {
    String read =
        "coalesce((select x.read_seq from receipt x where x.conversation_id = "
            + c
            + ".id and x.reader_id = "
            + reader
            + "), 0)";
    return "(case when "
        + reader
        + " = "
        + c
        + ".visitor_id then (select count(*) from message u where u.conversation_id = "
        + c
        + ".id and u.seq > "
        + read
        + " and u.sender_id is distinct from "
        + reader
        + ") else greatest(0, "
        + c
        + ".last_seq - "
        + read
        + " - (select count(*) from message u where u.conversation_id = "
        + c
        + ".id and u.sender_type = 'agent' and u.seq > "
        + read
        + " and u.sender_id = "
        + reader
        + ")) end)";
  }

  /** The receipts column: a JSON array of [type, id, delivered, read], or null for none. */
  private static List<ConversationSummary.Receipt> receipts(Object column) {
    if (column == null) {
      return List.of();
    }
    var receipts = new ArrayList<ConversationSummary.Receipt>();
    try (var reader = Json.PROVIDER.createReader(new StringReader(column.toString()))) {
      for (var item : reader.readArray().getValuesAs(JsonArray.class)) {
        receipts.add(
            new ConversationSummary.Receipt(
                new ConversationSummary.Reader(item.getString(0), item.getString(1)),
                item.getJsonNumber(2).longValue(),
                item.getJsonNumber(3).longValue()));
      }
    }
    return receipts;
  }

  private Map<String, List<Labels.LabelView>> labelsOf(List<String> conversationIds) {
    return byConversation(
        "select cl.conversation_id, l.id, l.name, l.colour from conversation_label cl"
            + " join label l on l.id = cl.label_id where cl.conversation_id in (%s)"
            + " order by lower(l.name)",
        conversationIds, r -> new Labels.LabelView((String) r[1], (String) r[2], (String) r[3]));
  }

  private Map<String, List<ConversationSummary.Party>> colleaguesOf(List<String> conversationIds) {
    return byConversation(
        "select c.id, a.id, a.display_name from conversation c join agent a"
            + " on a.id = any(string_to_array(c.colleagues, ' '))"
            + " where c.colleagues is not null and c.id in (%s)"
            + " order by array_position(string_to_array(c.colleagues, ' '), a.id)",
        conversationIds, r -> new ConversationSummary.Party((String) r[1], (String) r[2]));
  }

  /**
   * One query for several conversations ({@code %s} takes their ids): its rows, the conversation's
   * id first, as {@code item}s by conversation.
   */
  private <T> Map<String, List<T>> byConversation(
      String sql, List<String> conversationIds, Function<Object[], T> item) {
    var result = new HashMap<String, List<T>>();
    if (conversationIds.isEmpty()) {
      return result;
    }
    var placeholders = new StringBuilder();
    for (int i = 0; i < conversationIds.size(); i++) {
      placeholders.append(i == 0 ? "?" : ", ?").append(i + 1);
    }
    var query = em.createNativeQuery(sql.formatted(placeholders));
    for (int i = 0; i < conversationIds.size(); i++) {
      query.setParameter(i + 1, conversationIds.get(i));
    }
    for (Object row : query.getResultList()) {
      Object[] r = (Object[]) row;
      result.computeIfAbsent((String) r[0], id -> new ArrayList<>()).add(item.apply(r));
    }
    return result;
  }

  private static ConversationSummary summary(
      Object[] r,
      List<ConversationSummary.Receipt> receipts,
      List<Labels.LabelView> labels,
      List<ConversationSummary.Party> colleagues) {
    String visitorId = (String) r[2];
    var visitor =
        new ConversationSummary.Person(
            visitorId, Visitor.displayName(visitorId, (String) r[3]), (String) r[19]);
    var assignee =
        r[4] == null ? null : new ConversationSummary.Party((String) r[4], (String) r[5]);
    MessageView last =
        r[8] == null
            ? null
            : new MessageView(
                (String) r[8],
                (String) r[0],
                ((Number) r[9]).longValue(),
                null,
                (String) r[10],
                new MessageView.Sender((String) r[11], (String) r[12], (String) r[13]),
                (String) r[14],
                (String) r[15],
                null, // a summary names the kind; the file is in the history
                (String) r[16],
                Json.instant(r[17]),
                Json.instant(r[24]),
                r[25] != null);
    return new ConversationSummary(
        (String) r[0],
        (String) r[1],
        visitor,
        assignee,
        last,
        ((Number) r[18]).longValue(),
        receipts,
        (Boolean) r[20],
        new ConversationSummary.Party((String) r[21], (String) r[22]),
        r[23] == null ? null : ((Number) r[23]).intValue(),
        r[26] == null
            ? null
            : new ConversationSummary.Rating(
                ((Number) r[26]).intValue(), (String) r[27], Json.instant(r[28])),
        labels,
        colleagues,
        Json.instant(r[6]),
        Json.instant(r[7]));
  }
}
