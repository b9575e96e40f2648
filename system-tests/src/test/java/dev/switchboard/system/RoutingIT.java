package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Automatic routing over two instances sharing one database and broker: concurrent arrivals on both
 * instances never push an agent over capacity nor give a conversation two assignees, the queue is
 * served in arrival order when capacity frees or agents come online (all at once), and an agent who
 * goes offline has their conversations handed to another. Each test has its own team and agents, so
 * the other tests' conversations stay out of the counts.
 */
class RoutingIT {

  static final Duration ROUTED = Duration.ofSeconds(20);

  /** A team with fresh agents (password {@link #PASSWORD}) and the supervisor's token. */
  record Desk(String supervisor, String teamId, String teamName, List<Member> members) {}

  record Member(String id, String username, String token) {}

  static final String PASSWORD = "a-long-password";

  static Desk desk(String routing, int agents, int capacity) {
    URI a = TestCluster.a();
    String supervisor = AccountsIT.supervisorToken(a);
    String name = "Team " + UUID.randomUUID().toString().substring(0, 8);
    Http.Reply team =
        AccountsIT.call(
            a,
            "POST",
            "/api/teams",
            supervisor,
            Json.createObjectBuilder()
                .add("name", name)
                .add("routing", routing)
                .build()
                .toString());
    assertEquals(201, team.status(), team.body());
    String teamId = team.json().getString("id");
    var members = new ArrayList<Member>();
    for (int i = 0; i < agents; i++) {
      String username = "r" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
      String body =
          Json.createObjectBuilder()
              .add("username", username)
              .add("password", PASSWORD)
              .add("capacity", capacity)
              .add("teams", Json.createArrayBuilder().add(teamId))
              .build()
              .toString();
      Http.Reply created = AccountsIT.call(a, "POST", "/api/agents", supervisor, body);
      assertEquals(201, created.status(), created.body());
      members.add(
          new Member(
              created.json().getString("id"), username, Http.agentToken(a, username, PASSWORD)));
    }
    return new Desk(supervisor, teamId, name, members);
  }

  /** A visitor on {@code base} whose first message opens a conversation in {@code team}. */
  static ChatClient visitorIn(URI base, String team, String text) {
    var visitor =
        ChatClient.authenticated(base, "/ws/visitor", Http.newVisitor(base).getString("token"));
    visitor.send("send", "clientId", UUID.randomUUID().toString(), "text", text, "team", team);
    return visitor;
  }

  static String conversationOf(ChatClient visitor) {
    JsonObject ack = visitor.next("ack");
    assertNotNull(ack, "the first message was acknowledged");
    return ack.getJsonObject("message").getString("conversationId");
  }

  /** Conversation id to assignee id (null: waiting) for a team's unresolved conversations. */
  static Map<String, String> assignments(String teamId) {
    var result = new HashMap<String, String>();
    TestCluster.rows(
            "select id, assignee_id from conversation where team_id = ? and status <> 'resolved'",
            teamId)
        .forEach(r -> result.put(r.get(0), r.get(1)));
    return result;
  }

  /** How many times routing assigned each conversation of the team (the audit log's record). */
  static Map<String, Integer> assignmentCounts(String teamId) {
    var result = new HashMap<String, Integer>();
    TestCluster.rows(
            "select l.subject_id, count(*) from audit_log l join conversation c"
                + " on c.id = l.subject_id where l.action = 'conversation.assigned'"
                + " and c.team_id = ? group by l.subject_id",
            teamId)
        .forEach(r -> result.put(r.get(0), Integer.valueOf(r.get(1))));
    return result;
  }

  /** Waits as long as routing may take. */
  static void waitUntil(String what, Poll.Look<Boolean> done) throws Exception {
    Poll.await(what, ROUTED, done);
  }

  /**
   * Runs {@code n} tasks, each on its own thread: {@code prepare} there first, then, once all are
   * prepared, what it returned, all at the same moment. The results in task order.
   */
  static <T> List<T> atOnce(int n, IntFunction<Supplier<T>> prepare) {
    var pool = Executors.newFixedThreadPool(n);
    var allPrepared = new CyclicBarrier(n);
    try {
      var futures = new ArrayList<CompletableFuture<T>>();
      for (int i = 0; i < n; i++) {
        int task = i;
        futures.add(
            CompletableFuture.supplyAsync(
                () -> {
                  Supplier<T> go = prepare.apply(task);
                  try {
                    allPrepared.await(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  return go.get();
                },
                pool));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  static void assertWithinCapacity(Map<String, String> assignments, int capacity) {
    openPerAgent(assignments)
        .forEach((agent, open) -> assertTrue(open <= capacity, agent + " has " + open));
  }

  static Map<String, Long> openPerAgent(Map<String, String> assignments) {
    var perAgent = new HashMap<String, Long>();
    assignments.values().stream()
        .filter(java.util.Objects::nonNull)
        .forEach(agent -> perAgent.merge(agent, 1L, Long::sum));
    return perAgent;
  }

  /** The visitor's own conversation frame that shows a queue position (or null on timeout). */
  static JsonObject positionFrame(ChatClient visitor, String conversationId, int position) {
    return visitor.next(
        f ->
            "conversation".equals(f.getString("type", null))
                && conversationId.equals(f.getJsonObject("conversation").getString("id"))
                && f.getJsonObject("conversation").getInt("queuePosition", -1) == position,
        ROUTED);
  }

  @Test
  void concurrentArrivalsOnBothInstancesRespectCapacityAndWaitInArrivalOrder() throws Exception {
    Desk desk = desk("round_robin", 3, 2);
    var consoles = new ArrayList<ChatClient>();
    var visitors = new ArrayList<ChatClient>();
    try {
      for (int i = 0; i < desk.members().size(); i++) {
        URI base = i % 2 == 0 ? TestCluster.a() : TestCluster.b();
        consoles.add(ChatClient.authenticated(base, "/ws/agent", desk.members().get(i).token()));
      }
      waitUntil("the agents are online", () -> onlineCount(desk) == desk.members().size());

      // Ten first messages at once, half on each instance: room for six.
      visitors.addAll(
          atOnce(
              10,
              n -> {
                URI base = n % 2 == 0 ? TestCluster.a() : TestCluster.b();
                var v =
                    ChatClient.authenticated(
                        base, "/ws/visitor", Http.newVisitor(base).getString("token"));
                return () -> {
                  v.send(
                      "send",
                      "clientId",
                      "first-" + n,
                      "text",
                      "help " + n,
                      "team",
                      desk.teamName());
                  return v;
                };
              }));
      var conversations = new ArrayList<String>();
      for (ChatClient v : visitors) {
        conversations.add(conversationOf(v));
      }

      waitUntil(
          "six are assigned",
          () -> count(desk.teamId(), true) == 6 && count(desk.teamId(), false) == 4);
      Map<String, String> now = assignments(desk.teamId());
      assertWithinCapacity(now, 2);
      assertEquals(3, openPerAgent(now).size(), "round robin used every agent");
      assignmentCounts(desk.teamId())
          .forEach((c, n) -> assertEquals(1, n, c + " was assigned " + n + " times"));

      // The four waiting know their places, in the order they arrived (queued_at, then id).
      List<String> waiting = queueOrder(desk.teamId());
      assertEquals(4, waiting.size());
      for (int place = 0; place < waiting.size(); place++) {
        String id = waiting.get(place);
        ChatClient visitor = visitors.get(conversations.indexOf(id));
        assertNotNull(positionFrame(visitor, id, place + 1), "place " + (place + 1) + " told");
      }

      // Capacity frees one at a time: the oldest waiting gets it, at once, on either instance.
      for (int served = 0; served < waiting.size(); served++) {
        String next = waiting.get(served);
        String done =
            now.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .findFirst()
                .orElseThrow()
                .getKey();
        String freedAgent = now.get(done);
        ChatClient console = consoles.get(indexOf(desk, freedAgent));
        String ref = "r" + served;
        console.send("resolve", "ref", ref, "conversationId", done);
        assertNotNull(console.next("conversation", f -> ref.equals(f.getString("ref", ""))));
        waitUntil(next + " assigned", () -> assigneeOf(next) != null);
        assertEquals(freedAgent, assigneeOf(next), "the freed agent took the oldest waiting");
        ChatClient visitor = visitors.get(conversations.indexOf(next));
        assertNotNull(
            visitor.next(
                "message",
                m ->
                    m.getJsonObject("message")
                        .getString("text", "")
                        .endsWith("joined the conversation")),
            "the visitor is told who joined");
        now = assignments(desk.teamId());
        assertWithinCapacity(now, 2);
      }
      assertEquals(0, count(desk.teamId(), false), "nobody left waiting");
    } finally {
      consoles.forEach(ChatClient::close);
      visitors.forEach(ChatClient::close);
    }
  }

  @Test
  void agentsComingOnlineAtOnceTakeTheQueueWithoutExceedingCapacity() throws Exception {
    Desk desk = desk("least_busy", 4, 2);
    var visitors = new ArrayList<ChatClient>();
    var consoles = new ArrayList<ChatClient>();
    try {
      String first = null;
      for (int i = 0; i < 9; i++) {
        URI base = i % 2 == 0 ? TestCluster.a() : TestCluster.b();
        ChatClient v = visitorIn(base, desk.teamId(), "anyone there? " + i);
        visitors.add(v);
        String id = conversationOf(v);
        if (i == 0) {
          first = id;
          // Nobody is online: it waits, first in line, and says so.
          assertNotNull(positionFrame(v, id, 1), "the first visitor is told they are next");
        }
      }
      assertEquals(9, count(desk.teamId(), false), "all nine wait");

      // Four agents sign in at the same moment, on both instances: room for eight.
      consoles.addAll(
          atOnce(
              4,
              n -> {
                URI base = n % 2 == 0 ? TestCluster.a() : TestCluster.b();
                String token = desk.members().get(n).token();
                return () -> ChatClient.authenticated(base, "/ws/agent", token);
              }));

      waitUntil("eight are assigned", () -> count(desk.teamId(), true) == 8);
      // A few more drains: still eight.
      Poll.stays("assigned", Duration.ofSeconds(2), () -> count(desk.teamId(), true), 8L);
      Map<String, String> now = assignments(desk.teamId());
      assertEquals(8, now.values().stream().filter(java.util.Objects::nonNull).count());
      assertEquals(4, openPerAgent(now).size());
      openPerAgent(now).forEach((agent, open) -> assertEquals(2, open, agent + " has " + open));
      assignmentCounts(desk.teamId())
          .forEach((c, n) -> assertEquals(1, n, c + " was assigned " + n + " times"));
      assertNotNull(now.get(first), "the first to arrive was served");
      List<String> waiting = queueOrder(desk.teamId());
      assertEquals(1, waiting.size(), "the last to arrive waits");
      ChatClient lastVisitor = visitors.get(visitors.size() - 1);
      assertNotNull(positionFrame(lastVisitor, waiting.get(0), 1), "now next in line");
    } finally {
      consoles.forEach(ChatClient::close);
      visitors.forEach(ChatClient::close);
    }
  }

  @Test
  void anAgentWhoGoesOfflineHasTheirConversationsHandedOn() throws Exception {
    Desk desk = desk("round_robin", 2, 5);
    Member first = desk.members().get(0);
    Member second = desk.members().get(1);
    try (var leaving = ChatClient.authenticated(TestCluster.a(), "/ws/agent", first.token());
        var visitor = visitorIn(TestCluster.b(), desk.teamName(), "my screen is blank")) {
      String id = conversationOf(visitor);
      waitUntil("assigned", () -> assigneeOf(id) != null);
      assertEquals(first.id(), assigneeOf(id), "the only agent online");
      try (var staying = ChatClient.authenticated(TestCluster.b(), "/ws/agent", second.token())) {
        waitUntil("both online", () -> onlineCount(desk) == 2);
        leaving.close();
        // After the presence grace, the conversation goes to the agent who is still there.
        waitUntil("handed on", () -> second.id().equals(assigneeOf(id)));
        assertNotNull(
            visitor.next(
                "message",
                m ->
                    m.getJsonObject("message")
                        .getString("text", "")
                        .contains("no longer available")),
            "the visitor is told");
        assertNotNull(
            visitor.next(
                "message",
                m ->
                    m.getJsonObject("message")
                            .getString("text", "")
                            .endsWith("joined the conversation")
                        && m.getJsonObject("message")
                            .getString("text")
                            .startsWith(second.username())));
        assertNotNull(
            staying.next(
                "conversation",
                f ->
                    id.equals(f.getJsonObject("conversation").getString("id"))
                        && f.getJsonObject("conversation").containsKey("assignee")
                        && second
                            .id()
                            .equals(
                                f.getJsonObject("conversation")
                                    .getJsonObject("assignee")
                                    .getString("id"))));
      }
    }
    List<String> actions =
        TestCluster.rows(
                "select action from audit_log l join conversation c on c.id = l.subject_id"
                    + " where c.team_id = ? order by l.id",
                desk.teamId())
            .stream()
            .map(r -> r.get(0))
            .toList();
    assertEquals(
        List.of("conversation.assigned", "conversation.requeued", "conversation.assigned"),
        actions);
  }

  @Test
  void teamsAndCapacitiesAreForSupervisorsAndBadValuesAreRefused() {
    URI a = TestCluster.a();
    Desk desk = desk("off", 1, 5);
    String supervisor = desk.supervisor();
    String agent = desk.members().get(0).token();
    String team = "{\"name\":\"Facilities\"}";
    assertEquals(403, AccountsIT.call(a, "POST", "/api/teams", agent, team).status());
    assertEquals(
        400, AccountsIT.call(a, "POST", "/api/teams", supervisor, "{\"name\":\"  \"}").status());
    assertEquals(
        400,
        AccountsIT.call(
                a, "POST", "/api/teams", supervisor, "{\"name\":\"X\",\"routing\":\"random\"}")
            .status());
    assertEquals(
        409,
        AccountsIT.call(
                a,
                "POST",
                "/api/teams",
                supervisor,
                "{\"name\":\"" + desk.teamName().toUpperCase(java.util.Locale.ROOT) + "\"}")
            .status(),
        "names are unique whatever their case");
    String agentPath = "/api/agents/" + desk.members().get(0).id();
    assertEquals(
        400, AccountsIT.call(a, "PUT", agentPath, supervisor, "{\"capacity\":-1}").status());
    assertEquals(
        400, AccountsIT.call(a, "PUT", agentPath, supervisor, "{\"capacity\":101}").status());
    assertEquals(
        404,
        AccountsIT.call(
                a, "PUT", agentPath, supervisor, "{\"teams\":[\"" + UUID.randomUUID() + "\"]}")
            .status());
    assertEquals(403, AccountsIT.call(a, "PUT", agentPath, agent, "{\"capacity\":3}").status());
    Http.Reply changed = AccountsIT.call(a, "PUT", agentPath, supervisor, "{\"capacity\":3}");
    assertEquals(200, changed.status(), changed.body());
    assertEquals(3, changed.json().getInt("capacity"));
    Http.Reply routed =
        AccountsIT.call(
            a, "PUT", "/api/teams/" + desk.teamId(), supervisor, "{\"routing\":\"least_busy\"}");
    assertEquals(200, routed.status(), routed.body());
    assertEquals("least_busy", routed.json().getString("routing"));
    assertEquals(
        404,
        AccountsIT.call(a, "PUT", "/api/teams/nope", supervisor, "{\"routing\":\"off\"}").status());

    // Visitors see names to choose from, nothing of members or routing.
    String visitorToken = Http.newVisitor(a).getString("token");
    var visible = Http.get(a, "/api/teams", visitorToken).any().asJsonArray();
    JsonObject mine =
        visible.stream()
            .map(JsonObject.class::cast)
            .filter(t -> desk.teamId().equals(t.getString("id")))
            .findFirst()
            .orElseThrow();
    assertEquals(desk.teamName(), mine.getString("name"));
    assertFalse(mine.containsKey("members"));
    assertFalse(mine.containsKey("routing"));

    // A visitor naming a team that does not exist is told so, and nothing is opened.
    try (var visitor = ChatClient.authenticated(a, "/ws/visitor", visitorToken)) {
      visitor.send("send", "ref", "x", "clientId", "c1", "text", "hello", "team", "No such team");
      JsonObject error = visitor.next("error");
      assertEquals("bad_request", error.getString("code"), error.toString());
      assertEquals(0, Http.get(a, "/api/conversations", visitorToken).any().asJsonArray().size());
    }

    var log =
        AccountsIT.call(a, "GET", "/api/audit?limit=50", supervisor, null).any().asJsonArray();
    var actions =
        log.stream()
            .map(JsonObject.class::cast)
            .filter(
                e ->
                    List.of(desk.teamId(), desk.members().get(0).id())
                        .contains(e.getJsonObject("subject").getString("id")))
            .map(e -> e.getString("action"))
            .toList();
    assertEquals(
        List.of("team.changed", "agent.capacity_changed", "agent.created", "team.created"),
        actions);
  }

  // --- helpers over the database ---

  static int onlineCount(Desk desk) {
    return Integer.parseInt(
        TestCluster.rows(
                "select count(distinct agent_id) from agent_connection c join team_member m"
                    + " using (agent_id) where m.team_id = ? and c.disconnected_at is null",
                desk.teamId())
            .get(0)
            .get(0));
  }

  static long count(String teamId, boolean assigned) {
    return assignments(teamId).values().stream().filter(a -> (a != null) == assigned).count();
  }

  static String assigneeOf(String conversationId) {
    return TestCluster.rows("select assignee_id from conversation where id = ?", conversationId)
        .get(0)
        .get(0);
  }

  static List<String> queueOrder(String teamId) {
    return TestCluster.rows(
            "select id from conversation where team_id = ? and queued_at is not null"
                + " order by queued_at, id",
            teamId)
        .stream()
        .map(r -> r.get(0))
        .toList();
  }

  static int indexOf(Desk desk, String agentId) {
    for (int i = 0; i < desk.members().size(); i++) {
      if (desk.members().get(i).id().equals(agentId)) {
        return i;
      }
    }
    throw new AssertionError("not a member: " + agentId);
  }
}
