package dev.switchboard.search.boundary;

import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.conversations.control.ConversationAccess;
import dev.switchboard.labels.boundary.Labels;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.Json;
import dev.switchboard.search.control.SearchIndex;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What agents find: messages (notes too, deleted ones never) by PostgreSQL full-text search in the
 * configured language, and visitors by name and address, in the conversations the agent may see,
 * newest first. Quoted phrases, {@code or} and {@code -word} work ({@code websearch_to_tsquery}).
 * Both sides are found through their GIN indexes: {@code message_search} on the messages' stored
 * words ({@link SearchIndex}), {@code visitor_search} on an expression the condition here repeats.
 */
@Stateless
public class Search {

  public static final int MAX_QUERY = 200;
  public static final int MAX_LIMIT = 50;
  static final int DEFAULT_LIMIT = 20;

  /** A result: a message, or (messageId null) a conversation whose visitor's name or address. */
  @Schema(name = "SearchResult")
  public record Result(
      String conversationId,
      String messageId,
      Long seq,
      Long afterSeq,
      String snippet,
      String createdAt,
      Party visitor) {}

  public record Party(String id, String name) {}

  /** A page of results; {@code next}, when there are more, is the {@code before} of the next. */
  @Schema(name = "SearchPage")
  public record Page(List<Result> results, String next) {}

  /** What an agent asks; only {@code q} is required. */
  public record Query(
      String q, String status, String teamId, String label, String before, Integer limit) {}

  private static final String VISITOR_VECTOR =
      "to_tsvector('simple', coalesce(v.nickname, '') || ' ' || coalesce(v.email, '') || ' '"
          + " || translate(coalesce(v.email, ''), '@.', '  '))";

  /** Texts up to this long are their own snippet; longer ones give the fragments around matches. */
  static final int WHOLE = 200;

  /** Marks are control characters until the snippet is escaped (see {@link #marked}). */
  private static final String OPTIONS = "'StartSel=' || chr(2) || ', StopSel=' || chr(3)";

  /** A page's end: a time in UTC, an underscore, the id it ends with. */
  private static final Pattern CURSOR =
      Pattern.compile("([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,15}Z)(?:_([0-9a-f-]{36}))?");

  @PersistenceContext EntityManager em;

  @EJB Labels labels;

  @Inject
  @ConfigProperty(name = Config.SEARCH_LANGUAGE, defaultValue = "simple")
  String configuredLanguage;

  private String language;

  @PostConstruct
  void validate() {
    language = SearchIndex.validLanguage(configuredLanguage);
  }

  public Page search(Participant reader, Query query) {
    if (!reader.isAgent()) {
      throw ChatException.forbidden("only agents search");
    }
    String q = query.q() == null ? "" : query.q().strip();
    if (q.isEmpty()) {
      throw ChatException.badRequest("q is required: the words to search for");
    }
    if (q.length() > MAX_QUERY) {
      throw ChatException.badRequest("q is longer than " + MAX_QUERY + " characters");
    }
    int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ChatException.badRequest("limit is from 1 to " + MAX_LIMIT);
    }
    if (query.status() != null && !Conversations.STATUSES.contains(query.status())) {
      throw ChatException.badRequest("status is one of " + Conversations.STATUSES);
    }
    String[] before = cursor(query.before());

    // The filters on the conversation, the same for both sides.
    var filterParameters = new ArrayList<Object>();
    var filter = new StringBuilder(ConversationAccess.visibleTo(reader, "c", filterParameters));
    if (query.status() != null) {
      filter.append(" and c.status = ?");
      filterParameters.add(query.status());
    }
    if (query.teamId() != null) {
      filter.append(" and c.team_id = ?");
      filterParameters.add(query.teamId());
    }
    if (query.label() != null) {
      filter.append(" and ").append(labels.carriedBy(reader, query.label(), "c", filterParameters));
    }

    // Planned for this query's words each time: a generic plan (the driver's prepared statement,
    // from its fifth use on) cannot tell a rare word from a common one.
    em.createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
    // A word in many messages fills a page from the newest ones; looking among all its matches
    // would read and sort them all. Any other word's matches come from the index, which the
    // planner is then not left to second-guess: a word it has no statistics for (an order number,
    // a name) it may take for common and read the whole table newest first for.
    List<Object[]> rows = messages(q, filter.toString(), filterParameters, before, limit, true);
    if (rows.size() <= limit) {
      em.createNativeQuery("set local enable_indexscan = off").executeUpdate();
      rows = messages(q, filter.toString(), filterParameters, before, limit, false);
      em.createNativeQuery("set local enable_indexscan = on").executeUpdate();
    }
    rows = new ArrayList<>(rows);
    rows.addAll(visitors(q, filter.toString(), filterParameters, before, limit));
    // Newest first: by time (as the database wrote it, so it sorts as text), then id.
    rows.sort(
        java.util.Comparator.comparing((Object[] r) -> (String) r[9])
            .thenComparing(r -> (String) r[10])
            .reversed());

    var results = new ArrayList<Result>();
    String next = null;
    for (Object[] r : rows) {
      if (results.size() == limit) {
        Object[] last = rows.get(limit - 1);
        next = last[9] + "_" + last[10];
        break;
      }
      results.add(
          new Result(
              (String) r[1],
              (String) r[2],
              r[3] == null ? null : ((Number) r[3]).longValue(),
              r[4] == null ? null : ((Number) r[4]).longValue(),
              marked((String) r[8]),
              Json.instant(r[5]),
              new Party((String) r[6], Visitor.displayName((String) r[6], (String) r[7]))));
    }
    return new Page(results, next);
  }

  /** Messages newest first must come from the newest {@value #WINDOW} for the first attempt. */
  static final int WINDOW = 5000;

  /**
   * Up to {@code limit + 1} messages matching, newest first, before {@code before}: among the
   * newest {@value #WINDOW} only ({@code newest}), or among all. Rows as {@link #rows} makes them.
   */
  private List<Object[]> messages(
      String q,
      String filter,
      List<Object> filterParameters,
      String[] before,
      int limit,
      boolean newest) {
    var parameters = new ArrayList<Object>();
    var source = new StringBuilder("message");
    if (newest) {
      source =
          new StringBuilder("(select * from message")
              .append(before == null ? "" : " where " + before("", before, parameters))
              .append(" order by created_at desc, id desc limit ")
              .append(WINDOW)
              .append(")");
    }
    parameters.add(q);
    parameters.addAll(filterParameters);
    var sql =
        new StringBuilder(
                "select 'm' as kind, m.conversation_id, m.id as message_id, m.seq, m.after_seq,"
                    + " m.created_at, c.visitor_id, v.nickname, "
                    + snippet(language, "translate(m.text, chr(2) || chr(3), '')", false)
                    + ", "
                    + utc("m")
                    + ", m.id from ")
            .append(source)
            .append(
                " m join conversation c on c.id = m.conversation_id"
                    + " join visitor v on v.id = c.visitor_id where m.search @@ websearch_to_tsquery('")
            .append(language)
            .append("', ?) and m.deleted_at is null and m.sender_type <> 'system' and ")
            .append(filter);
    if (before != null && !newest) {
      sql.append(" and ").append(before("m.", before, parameters));
    }
    sql.append(" order by m.created_at desc, m.id desc limit ?");
    parameters.add(limit + 1);
    return rows(sql.toString(), parameters, q);
  }

  /** Up to {@code limit + 1} conversations of visitors matching, newest first. */
  private List<Object[]> visitors(
      String q, String filter, List<Object> filterParameters, String[] before, int limit) {
    var parameters = new ArrayList<Object>();
    parameters.add(q);
    parameters.addAll(filterParameters);
    var sql =
        new StringBuilder(
                "select 'v', c.id, null, null, null, c.created_at, c.visitor_id, v.nickname, "
                    + snippet(
                        "simple",
                        "translate(coalesce(v.nickname, '') || ' ' || coalesce(v.email, ''),"
                            + " chr(2) || chr(3), '')",
                        true)
                    + ", "
                    + utc("c")
                    + ", c.id from visitor v join conversation c on c.visitor_id = v.id where "
                    + VISITOR_VECTOR
                    + " @@ websearch_to_tsquery('simple', ?) and ")
            .append(filter);
    if (before != null) {
      sql.append(" and ").append(before("c.", before, parameters));
    }
    sql.append(" order by c.created_at desc, c.id desc limit ?");
    parameters.add(limit + 1);
    return rows(sql.toString(), parameters, q);
  }

  /**
   * SQL for {@code t}'s time as the cursor writes it: UTC to the microsecond, so it sorts as text.
   */
  private static String utc(String t) {
    return "to_char(" + t + ".created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
  }

  /** SQL for "before the page's end" ({@code prefix}: the table's alias and a dot, or nothing). */
  private static String before(String prefix, String[] before, List<Object> parameters) {
    parameters.add(before[0]);
    parameters.add(before[1]);
    return "(" + prefix + "created_at, " + prefix + "id) < (cast(? as timestamptz), ?)";
  }

  /**
   * {@code ts_headline} of {@code text} for the query (the first placeholder, which {@link #rows}
   * fills): marks as control characters (any in the text taken out first), HTML after escaping;
   * short texts whole, or {@code whole} always.
   */
  private static String snippet(String language, String text, boolean whole) {
    String options =
        whole
            ? "', HighlightAll=true'"
            : "case when length("
                + text
                + ") <= "
                + WHOLE
                + " then ', HighlightAll=true'"
                + " else ', MaxWords=20, MinWords=8, MaxFragments=2, FragmentDelimiter=\" … \"' end";
    return "ts_headline('"
        + language
        + "', "
        + text
        + ", websearch_to_tsquery('"
        + language
        + "', ?), "
        + OPTIONS
        + " || "
        + options
        + ")";
  }

  /** Runs {@code sql}, its {@code ?}s numbered in order: the snippet's query first, then these. */
  @SuppressWarnings("unchecked")
  private List<Object[]> rows(String sql, List<Object> parameters, String q) {
    var numbered = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      numbered.append(ch);
      if (ch == '?') {
        numbered.append(++n);
      }
    }
    var query = em.createNativeQuery(numbered.toString());
    var all = new ArrayList<Object>();
    all.add(q); // the snippet's, in the select list
    all.addAll(parameters);
    for (int i = 0; i < all.size(); i++) {
      query.setParameter(i + 1, all.get(i));
    }
    return query.getResultList();
  }

  /** {@code before}: a {@code next} ({@code time_id}) or a bare time; null for none. */
  static String[] cursor(String before) {
    if (before == null || before.isEmpty()) {
      return null;
    }
    var match = CURSOR.matcher(before);
    if (!match.matches()) {
      throw ChatException.badRequest("before is a next from an earlier page, or a time");
    }
    try {
      Instant.parse(match.group(1));
    } catch (DateTimeParseException e) {
      throw ChatException.badRequest("before is a next from an earlier page, or a time");
    }
    // A bare time: everything before it (any id sorts after the empty one).
    return new String[] {match.group(1), match.group(2) == null ? "" : match.group(2)};
  }

  /** The snippet as HTML: its text escaped, the matches in {@code <mark>}. */
  static String marked(String headline) {
    if (headline == null) {
      return "";
    }
    var html = new StringBuilder(headline.length() + 32);
    for (int i = 0; i < headline.length(); i++) {
      char ch = headline.charAt(i);
      switch (ch) {
        case '\u0002' -> html.append("<mark>");
        case '\u0003' -> html.append("</mark>");
        case '&' -> html.append("&amp;");
        case '<' -> html.append("&lt;");
        case '>' -> html.append("&gt;");
        case '"' -> html.append("&quot;");
        case '\'' -> html.append("&#39;");
        default -> html.append(ch);
      }
    }
    return html.toString();
  }
}
