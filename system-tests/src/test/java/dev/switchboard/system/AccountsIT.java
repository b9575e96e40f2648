package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Agents' accounts across two instances: a supervisor adds and disables agents (a disabled agent's
 * sockets close on every instance, their tokens die, they cannot sign in), tokens that expire close
 * their live sockets, and every such change and every assignment is in the audit log.
 */
class AccountsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static Http.Reply call(URI base, String method, String path, String token, String json) {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    try {
      var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Http.Reply(response.statusCode(), response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String newAgent(String username, String password, String role) {
    return Json.createObjectBuilder()
        .add("username", username)
        .add("password", password)
        .add("displayName", "Agent " + username)
        .add("role", role)
        .build()
        .toString();
  }

  static String supervisorToken(URI base) {
    return Http.agentToken(base, TestCluster.SUPERVISOR, TestCluster.AGENT_PASSWORD);
  }

  @Test
  void aDisabledAgentIsSignedOutEverywhereAndCannotSignInUntilEnabled() {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String supervisor = supervisorToken(a);
    String username = "temp-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "a-long-password";
    Http.Reply created =
        call(a, "POST", "/api/agents", supervisor, newAgent(username, password, "agent"));
    assertEquals(201, created.status(), created.body());
    String agentId = created.json().getString("id");
    assertEquals(false, created.json().getBoolean("disabled"));

    String token = Http.agentToken(b, username, password);
    try (var onA = ChatClient.authenticated(a, "/ws/agent", token);
        var onB = ChatClient.authenticated(b, "/ws/agent", token)) {
      Http.Reply disabled =
          call(b, "POST", "/api/agents/" + agentId + "/disable", supervisor, null);
      assertEquals(200, disabled.status(), disabled.body());
      assertTrue(disabled.json().getBoolean("disabled"));
      assertEquals(4401, onA.closeCode(ChatClient.WAIT), "closed on instance A");
      assertEquals(4401, onB.closeCode(ChatClient.WAIT), "closed on instance B");
    }
    assertEquals(401, Http.get(a, "/api/conversations", token).status(), "the token is dead");
    try (var console = ChatClient.authenticated(b, "/ws/agent", supervisor)) {
      JsonObject presence = console.next("presence");
      assertTrue(
          presence.getJsonArray("agents").stream()
              .noneMatch(x -> agentId.equals(x.asJsonObject().getString("id"))),
          "a disabled agent is not listed among the agents");
    }
    Http.Reply login = Http.login(a, username, password);
    assertEquals(403, login.status(), login.body());
    assertEquals("forbidden", login.json().getString("code"));

    assertEquals(
        200, call(a, "POST", "/api/agents/" + agentId + "/enable", supervisor, null).status());
    assertEquals(200, Http.login(b, username, password).status(), "enabled again");

    JsonArray log = call(a, "GET", "/api/audit?limit=20", supervisor, null).any().asJsonArray();
    List<String> actions =
        log.stream()
            .map(JsonObject.class::cast)
            .filter(e -> agentId.equals(e.getJsonObject("subject").getString("id")))
            .map(e -> e.getString("action"))
            .toList();
    assertEquals(
        List.of("agent.enabled", "agent.disabled", "agent.created"), actions, log.toString());
    assertEquals(
        "Agent " + username,
        log.stream()
            .map(JsonObject.class::cast)
            .filter(e -> agentId.equals(e.getJsonObject("subject").getString("id")))
            .findFirst()
            .orElseThrow()
            .getJsonObject("subject")
            .getString("name"),
        "subjects are named");
    JsonObject newest = log.getJsonObject(0);
    assertEquals(TestCluster.SUPERVISOR, newest.getJsonObject("actor").getString("name"));
  }

  @Test
  void onlySupervisorsManageAgentsAndReadTheLogAndBadInputIsRefused() {
    URI a = TestCluster.a();
    String supervisor = supervisorToken(a);
    String agent = Http.agentToken(a, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String visitor = Http.newVisitor(a).getString("token");
    String body =
        newAgent("x-" + UUID.randomUUID().toString().substring(0, 8), "a-long-password", "agent");
    assertEquals(403, call(a, "POST", "/api/agents", agent, body).status(), "an agent");
    assertEquals(403, call(a, "POST", "/api/agents", visitor, body).status(), "a visitor");
    assertEquals(403, call(a, "GET", "/api/agents", agent, null).status());
    assertEquals(403, call(a, "GET", "/api/audit", agent, null).status());
    assertEquals(401, call(a, "GET", "/api/audit", "nope", null).status());

    assertEquals(
        400,
        call(
                a,
                "POST",
                "/api/agents",
                supervisor,
                newAgent("bad name!", "a-long-password", "agent"))
            .status());
    assertEquals(
        400,
        call(a, "POST", "/api/agents", supervisor, newAgent("shortpw", "short", "agent")).status());
    assertEquals(
        400,
        call(a, "POST", "/api/agents", supervisor, newAgent("role-x", "a-long-password", "root"))
            .status());
    assertEquals(400, call(a, "POST", "/api/agents", supervisor, "{not json").status());
    assertEquals(
        409,
        call(
                a,
                "POST",
                "/api/agents",
                supervisor,
                newAgent(TestCluster.AGENT, "a-long-password", "agent"))
            .status());
    assertEquals(
        404,
        call(a, "POST", "/api/agents/" + UUID.randomUUID() + "/disable", supervisor, null)
            .status());
    String me =
        Http.agentLogin(a, TestCluster.SUPERVISOR, TestCluster.AGENT_PASSWORD).getString("agentId");
    assertEquals(
        400,
        call(a, "POST", "/api/agents/" + me + "/disable", supervisor, null).status(),
        "not oneself");

    JsonArray agents = call(a, "GET", "/api/agents", supervisor, null).any().asJsonArray();
    assertTrue(
        agents.stream()
            .map(JsonObject.class::cast)
            .anyMatch(x -> TestCluster.AGENT.equals(x.getString("username"))));
  }

  @Test
  void anExpiredTokenClosesItsSocketsOnBothInstances() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String token = Http.agentToken(a, TestCluster.THIRD_AGENT, TestCluster.AGENT_PASSWORD);
    try (var sql = TestCluster.sql();
        var soon =
            sql.prepareStatement(
                "update auth_token set expires_at = now() + interval '3 seconds'"
                    + " where token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')")) {
      soon.setString(1, token);
      assertEquals(1, soon.executeUpdate());
    }
    try (var onA = ChatClient.authenticated(a, "/ws/agent", token);
        var onB = ChatClient.authenticated(b, "/ws/agent", token)) {
      // Sockets are checked with the 25 s keep-alive round.
      Duration wait = Duration.ofSeconds(40);
      assertEquals(4401, onA.closeCode(wait), "closed on instance A");
      assertEquals(4401, onB.closeCode(wait), "closed on instance B");
    }
    assertEquals(401, Http.get(b, "/api/conversations", token).status());
  }

  @Test
  void assignmentsAreAudited() {
    URI a = TestCluster.a();
    String agent = Http.agentToken(a, TestCluster.OTHER_AGENT, TestCluster.AGENT_PASSWORD);
    String carolId =
        Http.agentLogin(a, TestCluster.THIRD_AGENT, TestCluster.AGENT_PASSWORD)
            .getString("agentId");
    String conversation;
    try (var visitor =
            ChatClient.authenticated(a, "/ws/visitor", Http.newVisitor(a).getString("token"));
        var console = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agent)) {
      visitor.sendText("a1", null, "audit me");
      conversation = visitor.next("ack").getJsonObject("message").getString("conversationId");
      for (var frame :
          List.of(
              ChatClient.frame("claim", "conversationId", conversation, "ref", "c"),
              ChatClient.frame(
                  "transfer", "conversationId", conversation, "toAgentId", carolId, "ref", "t"),
              ChatClient.frame("resolve", "conversationId", conversation, "ref", "r"))) {
        console.send(frame);
        assertNotNull(console.next("conversation", f -> f.containsKey("ref")), frame.toString());
      }
    }
    JsonArray log =
        call(a, "GET", "/api/audit?limit=50", supervisorToken(a), null).any().asJsonArray();
    List<String> actions =
        log.stream()
            .map(JsonObject.class::cast)
            .filter(e -> conversation.equals(e.getJsonObject("subject").getString("id")))
            .map(e -> e.getString("action"))
            .toList();
    assertEquals(
        List.of("conversation.resolved", "conversation.transferred", "conversation.claimed"),
        actions);
  }
}
