package dev.switchboard.bench;

import dev.switchboard.launcher.Cluster;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Scenario 7: supervisors' reports on a year of support, 100,000 conversations in five teams
 * handled by twenty agents and 1,000,000 messages, written straight into the database (as scenario
 * 5 does); then each report, over 30 days and over the year, of every team and of one, asked one at
 * a time by a supervisor. Latency is the client's: request to the whole answer.
 */
final class ReportLoad {

  static final int CONVERSATIONS = 100_000;
  static final int PER_CONVERSATION = 10; // 1,000,000 messages
  static final int TEAMS = 5;
  static final int AGENTS = 20;

  private final String supervisorToken;
  private final List<String> teams;

  private ReportLoad(String supervisorToken, List<String> teams) {
    this.supervisorToken = supervisorToken;
    this.teams = teams;
  }

  /** Teams and agents through the API, the year of conversations and messages through SQL. */
  static ReportLoad prepare(Cluster cluster, Target target) throws Exception {
    String supervisor = SearchLoad.login(target.a(), Servers.SUPERVISOR, target.password());
    var teams = new ArrayList<String>();
    for (int i = 0; i < TEAMS; i++) {
      teams.add(
          SearchLoad.call(
                  target.a(),
                  "POST",
                  "/api/teams",
                  supervisor,
                  "{\"name\":\"Reports " + i + "\",\"routing\":\"off\"}")
              .getString("id"));
    }
    var agents = new ArrayList<String>();
    for (int i = 0; i < AGENTS; i++) {
      agents.add(
          SearchLoad.call(
                  target.a(),
                  "POST",
                  "/api/agents",
                  supervisor,
                  "{\"username\":\"reporter-"
                      + i
                      + "\",\"password\":\"reporter-secret-1\",\"teams\":[\""
                      + teams.get(i % TEAMS)
                      + "\"]}")
              .getString("id"));
    }
    seed(cluster, teams, agents);
    return new ReportLoad(supervisor, teams);
  }

  /**
   * A year of conversations, one visitor each, evenly spread up to now; the newest 1 % still open
   * (half of them waiting in their team's queue); an agent of the conversation's team answered each
   * taken one within 20 s to 10 min and resolved it within 5 min to 2 days; a third of the resolved
   * ones rated.
   */
  private static void seed(Cluster cluster, List<String> teams, List<String> agents)
      throws Exception {
    try (Connection c =
        DriverManager.getConnection(
            cluster.databaseUrl(), cluster.databaseUser(), cluster.databasePassword())) {
      c.setAutoCommit(true);
      var s = c.createStatement();
      String search;
      try (var rs =
          s.executeQuery("select indexdef from pg_indexes where indexname = 'message_search'")) {
        search = rs.next() ? rs.getString(1) : null;
      }
      if (search != null) {
        s.execute("drop index message_search"); // built once at the end, as a restore would
      }
      s.execute(
          ("insert into visitor (id, nickname, created_at)"
                  + " select md5('rv' || i)::uuid::text, 'Visitor ' || i, now() - interval '400 days'"
                  + " from generate_series(1, %d) i")
              .formatted(CONVERSATIONS));
      String teamArray = "array['" + String.join("','", teams) + "']";
      String agentArray = "array['" + String.join("','", agents) + "']";
      // Agent k is in team k % 5: a conversation of team t goes to agent t + 5j.
      s.execute(
          ("insert into conversation (id, visitor_id, status, assignee_id, last_seq, created_at,"
                  + " updated_at, team_id, queued_at, first_response_at, resolved_at)"
                  + " select md5('rc' || i)::uuid::text, md5('rv' || i)::uuid::text,"
                  + " case when open then 'open' else 'resolved' end,"
                  + " case when waiting then null else (%2$s)[1 + i %% 5 + 5 * (i / 5 %% 4)] end,"
                  + " %3$d, t0, t0, (%1$s)[1 + i %% 5], case when waiting then t0 end,"
                  + " case when not waiting then t0 + (20 + i * 37 %% 580) * interval '1 second' end,"
                  + " case when not open then t0 + (300 + i * 97 %% 172500) * interval '1 second' end"
                  + " from generate_series(1, %4$d) i,"
                  + " lateral (select now() - interval '365 days' * (1 - i::float8 / %4$d) as t0,"
                  + " i > %4$d * 0.99 as open, i > %4$d * 0.99 and i %% 2 = 0 as waiting) t")
              .formatted(teamArray, agentArray, PER_CONVERSATION, CONVERSATIONS));
      s.execute(
          ("insert into rating (conversation_id, resolved_at, score, rated_at)"
                  + " select c.id, c.resolved_at, 1 + i %% 5, c.resolved_at + interval '5 minutes'"
                  + " from generate_series(1, %d) i"
                  + " join conversation c on c.id = md5('rc' || i)::uuid::text"
                  + " where c.status = 'resolved' and i %% 3 = 0")
              .formatted(CONVERSATIONS));
      s.execute(
          ("insert into message (id, conversation_id, seq, client_id, sender_type, sender_id,"
                  + " sender_name, kind, text, created_at)"
                  + " select md5('rm' || i || '-' || n)::uuid::text, c.id, n, 'r' || n,"
                  + " case when n %% 2 = 1 then 'visitor' else 'agent' end,"
                  + " case when n %% 2 = 1 then c.visitor_id else c.assignee_id end,"
                  + " case when n %% 2 = 1 then 'Visitor' else 'Agent' end, 'text',"
                  + " 'message ' || n || ' of conversation ' || i, c.created_at + n * interval '30 seconds'"
                  + " from generate_series(1, %d) i"
                  + " join conversation c on c.id = md5('rc' || i)::uuid::text,"
                  + " generate_series(1, %d) n")
              .formatted(CONVERSATIONS, PER_CONVERSATION));
      if (search != null) {
        s.execute(search);
      }
      for (String table : List.of("visitor", "conversation", "rating", "message")) {
        s.execute("vacuum analyze " + table);
      }
    }
  }

  /** The reports asked, by name: each its path and query. */
  Map<String, String> asks() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String month = "from=" + today.minusDays(29) + "&to=" + today;
    String year = "from=" + today.minusDays(364) + "&to=" + today;
    String team = "&teamId=" + teams.get(0);
    var asks = new LinkedHashMap<String, String>();
    asks.put("summary, 30 days, every team", "summary?" + month);
    asks.put("summary, a year, every team", "summary?" + year);
    asks.put("summary, a year, one team", "summary?" + year + team);
    asks.put("daily, 30 days, every team", "daily?" + month);
    asks.put("daily, a year, every team", "daily?" + year);
    asks.put(
        "daily, a year, one team, Europe/Berlin",
        "daily?" + year + team + "&timeZone=Europe%2FBerlin");
    return asks;
  }

  /** Each report {@code count} times after {@code warmup} unmeasured, one at a time. */
  Map<String, Histogram> run(URI base, int warmup, int count) throws Exception {
    var results = new LinkedHashMap<String, Histogram>();
    for (var ask : asks().entrySet()) {
      var histogram = new Histogram(3);
      for (int i = 0; i < warmup + count; i++) {
        long start = System.nanoTime();
        var response =
            Target.HTTP.send(
                HttpRequest.newBuilder(base.resolve("/api/reports/" + ask.getValue()))
                    .header("Authorization", "Bearer " + supervisorToken)
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              ask.getKey() + " answered " + response.statusCode() + ": " + response.body());
        }
        long nanos = System.nanoTime() - start;
        if (i >= warmup) {
          histogram.recordValue(nanos);
        }
      }
      results.put(ask.getKey(), histogram);
    }
    return results;
  }
}
