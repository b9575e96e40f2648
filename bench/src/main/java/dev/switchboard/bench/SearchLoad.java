package dev.switchboard.bench;

import dev.switchboard.launcher.Cluster;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Scenario 5: search on a million stored messages. The messages are written straight into the
 * database (COPY; sending a million through the protocol would measure the send path, for half an
 * hour), with words drawn from a Zipf-like vocabulary as chat text has them, order numbers and
 * visitors with names and addresses; then {@code GET /api/search} is asked, one query at a time, by
 * a supervisor (sees every team) and by an agent of one of four teams, with a mix of what support
 * agents look for. Latency is the client's: request to parsed answer.
 */
final class SearchLoad {

  static final int VISITORS = 20_000;
  static final int CONVERSATIONS = 50_000;
  static final int PER_CONVERSATION = 20; // 1,000,000 messages
  static final int VOCABULARY = 5000;
  static final int TEAMS = 4;

  private static final List<String> COMMON =
      List.of(
          "the",
          "i",
          "my",
          "to",
          "is",
          "it",
          "you",
          "and",
          "a",
          "for",
          "not",
          "can",
          "please",
          "order",
          "thanks",
          "help",
          "with",
          "on",
          "of",
          "account",
          "password",
          "payment",
          "invoice",
          "delivery",
          "refund",
          "error",
          "login",
          "still",
          "when",
          "again");

  private static final List<String> FIRST =
      List.of(
          "Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Greta", "Hiro", "Ines", "Jon", "Kofi",
          "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tove");

  private static final List<String> LAST =
      List.of(
          "Okafor",
          "Lindqvist",
          "Moreau",
          "Tanaka",
          "Kowalski",
          "Haddad",
          "Novak",
          "Fischer",
          "Silva",
          "Murphy",
          "Rossi",
          "Dubois",
          "Jensen",
          "Kaur",
          "Petrov",
          "Yilmaz",
          "Nguyen",
          "Schmidt",
          "Garcia",
          "Ahmed");

  /** One kind of query, its weight in the mix and how a query of it is made. */
  record Kind(String name, int weight, Supplier<String> query) {}

  record Result(Map<String, Histogram> byKind, Histogram all, long results) {}

  private final int conversations;
  private final Random random = new Random(26);
  private String supervisorToken;
  private String memberToken;
  private final List<String> words = new ArrayList<>();
  private final List<String> orderNumbers = new ArrayList<>();
  private final List<String> phrases = new ArrayList<>();

  SearchLoad(int conversations) {
    this.conversations = conversations;
    words.addAll(COMMON);
    var seen = new HashSet<>(COMMON);
    String[] onsets = {"b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"};
    String[] vowels = {"a", "e", "i", "o", "u", "ai", "ou"};
    while (words.size() < VOCABULARY) {
      var word = new StringBuilder();
      for (int s = 0, n = 2 + random.nextInt(2); s < n; s++) {
        word.append(onsets[random.nextInt(onsets.length)])
            .append(vowels[random.nextInt(vowels.length)]);
      }
      if (random.nextBoolean()) {
        word.append(onsets[random.nextInt(onsets.length)]);
      }
      if (seen.add(word.toString())) {
        words.add(word.toString());
      }
    }
  }

  /** A rank from 0, drawn log-uniformly: rank r about as often as 1/r (Zipf, s = 1). */
  private int rank() {
    return (int) Math.floor(Math.exp(random.nextDouble() * Math.log(VOCABULARY + 1))) - 1;
  }

  private String text() {
    int n = 6 + random.nextInt(15);
    var text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(i == 0 ? "" : " ").append(words.get(Math.min(rank(), VOCABULARY - 1)));
    }
    if (random.nextInt(10) == 0) {
      String number = Integer.toString(100_000 + random.nextInt(900_000));
      text.append(" order ").append(number);
      if (orderNumbers.size() < 5000) {
        orderNumbers.add(number);
      }
    }
    if (phrases.size() < 5000 && random.nextInt(200) == 0) {
      String[] parts = text.toString().split(" ");
      int at = random.nextInt(parts.length - 1);
      phrases.add("\"" + parts[at] + " " + parts[at + 1] + "\"");
    }
    return text.toString();
  }

  /**
   * Four teams, an agent in the first, {@code conversations} conversations of 20 messages stored: a
   * load ready to {@link #run}. The supervisor is the one {@link Servers#ours} bootstraps.
   */
  static SearchLoad prepare(Cluster cluster, Target target, int conversations) throws Exception {
    var load = new SearchLoad(conversations);
    load.supervisorToken = login(target.a(), Servers.SUPERVISOR, target.password());
    var teams = new ArrayList<String>();
    for (int i = 0; i < TEAMS; i++) {
      teams.add(
          call(
                  target.a(),
                  "POST",
                  "/api/teams",
                  load.supervisorToken,
                  "{\"name\":\"Search " + i + "\",\"routing\":\"off\"}")
              .getString("id"));
    }
    call(
        target.a(),
        "POST",
        "/api/agents",
        load.supervisorToken,
        "{\"username\":\"searcher\",\"password\":\"searcher-secret-1\",\"teams\":[\""
            + teams.get(0)
            + "\"]}");
    load.memberToken = login(target.b(), "searcher", "searcher-secret-1");
    load.seed(cluster.databaseUrl(), cluster.databaseUser(), cluster.databasePassword(), teams);
    return load;
  }

  String supervisorToken() {
    return supervisorToken;
  }

  String memberToken() {
    return memberToken;
  }

  static String login(URI base, String username, String password) throws Exception {
    return call(
            base,
            "POST",
            "/api/agents/login",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
        .getString("token");
  }

  /** A JSON call to the API; anything but a success throws. */
  static jakarta.json.JsonObject call(
      URI base, String method, String path, String token, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    var response = Target.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return WsClient.parse(response.body());
  }

  /** Fills the cluster's database: visitors, conversations in the teams, the messages. */
  private void seed(String url, String user, String password, List<String> teamIds)
      throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.setAutoCommit(true);
      String indexdef;
      try (var rs =
          c.createStatement()
              .executeQuery("select indexdef from pg_indexes where indexname = 'message_search'")) {
        if (!rs.next()) {
          throw new IllegalStateException("no message_search index: not a release with search");
        }
        indexdef = rs.getString(1);
      }
      // Built once at the end, as a restore would: a million inserts into it would take longer.
      c.createStatement().execute("drop index message_search");
      var firsts = String.join("','", FIRST);
      var lasts = String.join("','", LAST);
      c.createStatement()
          .execute(
              ("insert into visitor (id, nickname, email, created_at)"
                      + " select md5('v' || i)::uuid::text, f[1 + i %% 20] || ' ' || l[1 + (i / 20) %% 20],"
                      + " lower(f[1 + i %% 20] || '.' || l[1 + (i / 20) %% 20]) || i || '@example.com',"
                      + " now() - interval '400 days'"
                      + " from generate_series(1, %d) i, (select array['%s'] f, array['%s'] l) n")
                  .formatted(VISITORS, firsts, lasts));
      var teams = String.join("','", teamIds);
      // All resolved but the first 2,000 (one open per visitor at most); a year of them.
      c.createStatement()
          .execute(
              ("insert into conversation (id, visitor_id, status, last_seq, created_at, updated_at,"
                      + " resolved_at, team_id)"
                      + " select md5('c' || i)::uuid::text, md5('v' || (1 + i %% %d))::uuid::text,"
                      + " case when i <= 2000 then 'open' else 'resolved' end, %d, t0, t0 + interval '10 minutes',"
                      + " case when i <= 2000 then null else t0 + interval '10 minutes' end,"
                      + " (array['%s'])[1 + i %% %d]"
                      + " from generate_series(1, %d) i,"
                      + " lateral (select now() - interval '365 days' * (1 - i::float8 / %d) as t0) t")
                  .formatted(
                      VISITORS, PER_CONVERSATION, teams, TEAMS, conversations, conversations));
      var copy = new CopyManager(c.unwrap(BaseConnection.class));
      for (int from = 1; from <= conversations; from += 2500) {
        var csv = new StringBuilder(4 << 20);
        for (int i = from; i < from + 2500 && i <= conversations; i++) {
          for (int s = 1; s <= PER_CONVERSATION; s++) {
            boolean visitor = s % 2 == 1;
            csv.append("m-")
                .append(i)
                .append('-')
                .append(s)
                .append(',')
                .append("c")
                .append(i)
                .append(',')
                .append(s)
                .append(',')
                .append("b")
                .append(s)
                .append(',')
                .append(visitor ? "visitor" : "agent")
                .append(',')
                .append(visitor ? "v" : "agent")
                .append(',')
                .append(visitor ? "Visitor" : "Agent")
                .append(',')
                .append("text,\"")
                .append(text())
                .append("\",")
                .append(s)
                .append('\n');
          }
        }
        // Ids and times from the conversation, so messages sort as they would have been sent.
        c.createStatement()
            .execute(
                "create temporary table if not exists bench_message (id text, c text, seq bigint,"
                    + " client_id text, sender_type text, sender_id text, sender_name text,"
                    + " kind text, text text, minute int)");
        copy.copyIn("copy bench_message from stdin (format csv)", new StringReader(csv.toString()));
        c.createStatement()
            .execute(
                "insert into message (id, conversation_id, seq, client_id, sender_type, sender_id,"
                    + " sender_name, kind, text, created_at)"
                    + " select md5(b.id)::uuid::text, md5(b.c)::uuid::text, b.seq, b.client_id,"
                    + " b.sender_type, case when b.sender_type = 'visitor' then cv.visitor_id end,"
                    + " b.sender_name, b.kind, b.text, cv.created_at + b.minute * interval '20 seconds'"
                    + " from bench_message b join conversation cv on cv.id = md5(b.c)::uuid::text;"
                    + " truncate bench_message");
      }
      c.createStatement().execute(indexdef);
      c.createStatement().execute("vacuum analyze visitor");
      c.createStatement().execute("vacuum analyze conversation");
      c.createStatement().execute("vacuum analyze message");
    }
  }

  List<Kind> mix() {
    return List.of(
        new Kind(
            "an order number", 25, () -> orderNumbers.get(random.nextInt(orderNumbers.size()))),
        new Kind(
            "a rare word (rank 1,000-5,000)", 20, () -> words.get(1000 + random.nextInt(4000))),
        new Kind(
            "a middling word (rank 100-1,000)", 20, () -> words.get(100 + random.nextInt(900))),
        new Kind(
            "two words (rank 30-500)",
            15,
            () -> words.get(30 + random.nextInt(470)) + " " + words.get(30 + random.nextInt(470))),
        new Kind("a phrase", 10, () -> phrases.get(random.nextInt(phrases.size()))),
        new Kind("a visitor's surname", 5, () -> LAST.get(random.nextInt(LAST.size()))),
        new Kind("a common word (rank 1-30)", 5, () -> words.get(random.nextInt(30))));
  }

  /** {@code count} queries of the mix, one at a time, after {@code warmup} unmeasured ones. */
  Result run(URI base, String token, int warmup, int count) throws Exception {
    var kinds = mix();
    int total = kinds.stream().mapToInt(Kind::weight).sum();
    var byKind = new LinkedHashMap<String, Histogram>();
    kinds.forEach(k -> byKind.put(k.name(), new Histogram(3)));
    var all = new Histogram(3);
    long results = 0;
    for (int i = 0; i < warmup + count; i++) {
      int pick = random.nextInt(total);
      Kind kind = kinds.get(0);
      for (Kind k : kinds) {
        if (pick < k.weight()) {
          kind = k;
          break;
        }
        pick -= k.weight();
      }
      String q = kind.query().get();
      long start = System.nanoTime();
      var response =
          Target.HTTP.send(
              HttpRequest.newBuilder(
                      base.resolve("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("search for " + q + " answered " + response.statusCode());
      }
      int found =
          Json.createReader(new StringReader(response.body()))
              .readObject()
              .getJsonArray("results")
              .size();
      long nanos = System.nanoTime() - start;
      if (i >= warmup) {
        byKind.get(kind.name()).recordValue(nanos);
        all.recordValue(nanos);
        results += found;
      }
    }
    return new Result(byKind, all, results);
  }
}
