package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Teams decide who sees a conversation, on every instance: an agent outside its team gets none of
 * its frames (messages, typing, summaries) and is refused when asking for it; a transfer to another
 * team moves it to that team's agents and out of the others' consoles.
 */
class TeamsIT {

  static final Duration QUIET = Duration.ofSeconds(2);

  static String team(String supervisor, String name) {
    Http.Reply team =
        AccountsIT.call(
            TestCluster.a(),
            "POST",
            "/api/teams",
            supervisor,
            Json.createObjectBuilder().add("name", name).add("routing", "off").build().toString());
    assertEquals(201, team.status(), team.body());
    return team.json().getString("id");
  }

  record Agent(String id, String token) {}

  static String agentIn(String supervisor, String teamId) {
    return newAgent(supervisor, teamId).token();
  }

  static Agent newAgent(String supervisor, String teamId) {
    String username = "t-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        Json.createObjectBuilder()
            .add("username", username)
            .add("password", RoutingIT.PASSWORD)
            .add("teams", Json.createArrayBuilder().add(teamId))
            .build()
            .toString();
    Http.Reply created = AccountsIT.call(TestCluster.a(), "POST", "/api/agents", supervisor, body);
    assertEquals(201, created.status(), created.body());
    return new Agent(
        created.json().getString("id"),
        Http.agentToken(TestCluster.a(), username, RoutingIT.PASSWORD));
  }

  /** The next frame that names the conversation anywhere, within {@code wait}; null if none. */
  static JsonObject about(ChatClient client, String conversationId, Duration wait) {
    return client.next(f -> f.toString().contains(conversationId), wait);
  }

  @Test
  void anAgentOutsideTheTeamReceivesNothingOfItsConversations() {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String supervisor = AccountsIT.supervisorToken(a);
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String hr = team(supervisor, "HR " + suffix);
    String it = team(supervisor, "IT " + suffix);
    String hrAgent = agentIn(supervisor, hr);
    String itAgent = agentIn(supervisor, it);
    String visitorToken = Http.newVisitor(a).getString("token");
    try (var outsiderOnA = ChatClient.authenticated(a, "/ws/agent", itAgent);
        var outsiderOnB = ChatClient.authenticated(b, "/ws/agent", itAgent);
        var member = ChatClient.authenticated(b, "/ws/agent", hrAgent);
        var boss = ChatClient.authenticated(a, "/ws/agent", supervisor);
        var visitor = ChatClient.authenticated(a, "/ws/visitor", visitorToken)) {
      visitor.send("send", "clientId", "hr-1", "text", "about my payslip", "team", "hr " + suffix);
      String id = visitor.next("ack").getJsonObject("message").getString("conversationId");
      JsonObject summary =
          member
              .next("conversation", f -> id.equals(f.getJsonObject("conversation").getString("id")))
              .getJsonObject("conversation");
      assertEquals(hr, summary.getJsonObject("team").getString("id"));
      assertEquals("HR " + suffix, summary.getJsonObject("team").getString("name"));
      assertFalse(summary.containsKey("queuePosition"), "no automatic routing: no queue place");
      assertNotNull(
          member.next(
              "message", f -> id.equals(f.getJsonObject("message").getString("conversationId"))));
      assertNotNull(
          boss.next(
              "message", f -> id.equals(f.getJsonObject("message").getString("conversationId"))),
          "supervisors see every team");

      visitor.send("typing", "conversationId", id, "typing", true);
      assertNotNull(member.next("typing", f -> id.equals(f.getString("conversationId"))));
      member.send("claim", "ref", "c", "conversationId", id);
      assertNotNull(member.next("conversation", f -> "c".equals(f.getString("ref", ""))));
      member.sendText("hr-reply", id, "Let me look");
      assertNotNull(
          visitor.next(
              "message",
              f -> "Let me look".equals(f.getJsonObject("message").getString("text", ""))));

      // The outsider asks for it directly: refused, and it is not in their list.
      outsiderOnA.send("history", "ref", "h", "conversationId", id);
      assertEquals(
          "forbidden",
          outsiderOnA.next("error", f -> "h".equals(f.getString("ref", ""))).getString("code"));
      outsiderOnB.send("claim", "ref", "c2", "conversationId", id);
      assertEquals(
          "forbidden",
          outsiderOnB.next("error", f -> "c2".equals(f.getString("ref", ""))).getString("code"));
      outsiderOnB.sendText("sneak", id, "hello?");
      assertEquals("forbidden", outsiderOnB.next("error").getString("code"));
      assertEquals(403, Http.get(a, "/api/conversations/" + id + "/messages", itAgent).status());
      assertFalse(Http.get(b, "/api/conversations", itAgent).body().contains(id));
      assertTrue(Http.get(b, "/api/conversations", hrAgent).body().contains(id));

      // Nothing of it reached the outsider's sockets on either instance.
      assertNull(about(outsiderOnA, id, QUIET), "instance A");
      assertNull(about(outsiderOnB, id, Duration.ZERO), "instance B");

      // Transferred to IT: the outsider's team now sees it, HR's member no longer.
      member.send("transfer", "ref", "t", "conversationId", id, "toTeamId", it);
      JsonObject moved = member.next("withdrawn", f -> "t".equals(f.getString("ref", "")));
      assertNotNull(moved, "the transfer is answered: out of this agent's view");
      assertEquals(id, moved.getString("conversationId"));
      JsonObject arrived =
          outsiderOnB.next(
              "conversation", f -> id.equals(f.getJsonObject("conversation").getString("id")));
      assertNotNull(arrived, "IT's agent sees it arrive");
      assertEquals(it, arrived.getJsonObject("conversation").getJsonObject("team").getString("id"));
      assertFalse(arrived.getJsonObject("conversation").containsKey("assignee"), "waits for IT");
      assertNotNull(
          visitor.next(
              "message",
              f ->
                  f.getJsonObject("message")
                      .getString("text", "")
                      .endsWith("to the IT " + suffix + " team")));
      assertEquals(403, Http.get(a, "/api/conversations/" + id + "/messages", hrAgent).status());
      visitor.sendText("hr-2", id, "still there?");
      assertNotNull(
          outsiderOnA.next(
              "message",
              f -> "still there?".equals(f.getJsonObject("message").getString("text", ""))));
      assertNull(
          member.next(
              "message",
              f -> "still there?".equals(f.getJsonObject("message").getString("text", "")),
              QUIET),
          "HR's agent gets nothing after the transfer");
    }
  }

  @Test
  void cannedResponsesBelongToTheirTeam() {
    URI a = TestCluster.a();
    String supervisor = AccountsIT.supervisorToken(a);
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String legal = team(supervisor, "Legal " + suffix);
    String sales = team(supervisor, "Sales " + suffix);
    String lawyer = agentIn(supervisor, legal);
    String seller = agentIn(supervisor, sales);
    String body =
        Json.createObjectBuilder()
            .add("teamId", legal)
            .add("shortcut", "nda")
            .add("text", "Hello {visitor}, the NDA template is on the intranet.")
            .build()
            .toString();
    assertEquals(403, AccountsIT.call(a, "POST", "/api/canned-responses", lawyer, body).status());
    Http.Reply created = AccountsIT.call(a, "POST", "/api/canned-responses", supervisor, body);
    assertEquals(201, created.status(), created.body());
    assertEquals("Legal " + suffix, created.json().getString("teamName"));
    assertEquals(
        409,
        AccountsIT.call(a, "POST", "/api/canned-responses", supervisor, body.replace("nda", "NDA"))
            .status(),
        "a team's shortcuts are unique whatever their case");
    assertEquals(
        400,
        AccountsIT.call(
                a, "POST", "/api/canned-responses", supervisor, body.replace("nda", "n d a"))
            .status());
    assertEquals(
        400,
        AccountsIT.call(
                a,
                "POST",
                "/api/canned-responses",
                supervisor,
                body.replace("Hello {visitor}, the NDA template is on the intranet.", " "))
            .status());
    assertEquals(
        404,
        AccountsIT.call(
                a, "POST", "/api/canned-responses", supervisor, body.replace(legal, "no-such-team"))
            .status());

    assertTrue(Http.get(a, "/api/canned-responses", lawyer).body().contains("\"nda\""));
    assertFalse(Http.get(a, "/api/canned-responses", seller).body().contains("\"nda\""), "Sales");
    assertEquals(
        403, Http.get(a, "/api/canned-responses", Http.newVisitor(a).getString("token")).status());

    String id = created.json().getString("id");
    Http.Reply changed =
        AccountsIT.call(
            a,
            "PUT",
            "/api/canned-responses/" + id,
            supervisor,
            "{\"shortcut\":\"nda2\",\"text\":\"See the intranet.\"}");
    assertEquals(200, changed.status(), changed.body());
    assertEquals("nda2", changed.json().getString("shortcut"));
    assertEquals(
        204,
        AccountsIT.call(a, "DELETE", "/api/canned-responses/" + id, supervisor, null).status());
    assertEquals(
        404,
        AccountsIT.call(a, "DELETE", "/api/canned-responses/" + id, supervisor, null).status());
    assertFalse(Http.get(a, "/api/canned-responses", lawyer).body().contains(id));
  }

  /** A supervisor puts an agent into a team, then takes them out: their open sockets follow. */
  @Test
  void anAgentsNewTeamAppliesToTheirOpenSocketsAtOnce() {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String supervisor = AccountsIT.supervisorToken(a);
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String finance = team(supervisor, "Finance " + suffix);
    String travel = team(supervisor, "Travel " + suffix);
    Agent agent = newAgent(supervisor, travel);
    try (var onA = ChatClient.authenticated(a, "/ws/agent", agent.token());
        var onB = ChatClient.authenticated(b, "/ws/agent", agent.token());
        var visitor =
            ChatClient.authenticated(a, "/ws/visitor", Http.newVisitor(a).getString("token"))) {
      visitor.send("send", "clientId", "f-1", "text", "my expenses", "team", finance);
      String id = visitor.next("ack").getJsonObject("message").getString("conversationId");
      assertNull(about(onB, id, QUIET), "not in Finance yet");

      String path = "/api/agents/" + agent.id();
      String join = "{\"teams\":[\"" + travel + "\",\"" + finance + "\"]}";
      assertEquals(200, AccountsIT.call(a, "PUT", path, supervisor, join).status());
      for (ChatClient socket : new ChatClient[] {onA, onB}) {
        JsonObject access = socket.next("access");
        assertNotNull(access, "told on both instances");
        assertEquals(2, access.getJsonArray("teams").size());
      }
      visitor.sendText("f-2", id, "are they paid?");
      assertNotNull(
          onA.next("message", f -> "f-2".equals(f.getJsonObject("message").getString("clientId"))));
      assertNotNull(
          onB.next("message", f -> "f-2".equals(f.getJsonObject("message").getString("clientId"))));
      onB.send("history", "ref", "h", "conversationId", id);
      assertNotNull(onB.next("history", f -> "h".equals(f.getString("ref", ""))));

      String leave = "{\"teams\":[\"" + travel + "\"]}";
      assertEquals(200, AccountsIT.call(a, "PUT", path, supervisor, leave).status());
      assertNotNull(onA.next("access"));
      assertNotNull(onB.next("access"));
      visitor.sendText("f-3", id, "hello?");
      assertNull(
          onA.next(
              "message",
              f -> "f-3".equals(f.getJsonObject("message").getString("clientId")),
              QUIET),
          "out of Finance again");
      assertNull(
          onB.next(
              "message",
              f -> "f-3".equals(f.getJsonObject("message").getString("clientId")),
              Duration.ZERO));
    }
    var log =
        AccountsIT.call(a, "GET", "/api/audit?limit=20", supervisor, null).any().asJsonArray();
    assertEquals(
        2,
        log.stream()
            .map(JsonObject.class::cast)
            .filter(e -> agent.id().equals(e.getJsonObject("subject").getString("id")))
            .filter(e -> "agent.teams_changed".equals(e.getString("action")))
            .count());
  }
}
