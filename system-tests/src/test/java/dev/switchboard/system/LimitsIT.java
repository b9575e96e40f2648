package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Limits on what a stranger can send: failed sign-ins per address and per username, visitors and
 * sockets per address, costly frames per socket. Each test is a client of its own, from a loopback
 * address of its own (the tests' usual 127.0.0.1 is exempt), or behind the trusted proxy {@link
 * #PROXY}.
 */
class LimitsIT {

  static final String PROXY = "127.0.0.9";
  static final int SIGN_IN_FAILURES_PER_ADDRESS = 5;
  static final int SIGN_IN_FAILURES_PER_USER = 10;
  static final int VISITORS_PER_ADDRESS = 10;
  static final int SOCKETS_PER_ADDRESS = 10;

  private static final AtomicInteger NEXT = new AtomicInteger(20);

  /** A loopback address no other test has used. */
  static String address() {
    return "127.0.0." + NEXT.getAndIncrement();
  }

  static RawHttp.Reply signIn(String from, String username, String password) throws IOException {
    return RawHttp.post(
        from,
        TestCluster.a(),
        "/api/agents/login",
        Map.of(),
        Json.createObjectBuilder()
            .add("username", username)
            .add("password", password)
            .build()
            .toString());
  }

  static RawHttp.Reply newVisitor(String from, Map<String, String> headers) throws IOException {
    return RawHttp.post(from, TestCluster.b(), "/api/visitors", headers, "{}");
  }

  static void assertRateLimited(RawHttp.Reply reply) {
    assertEquals(429, reply.status(), reply.body());
    assertTrue(reply.body().contains("rate_limited"), reply.body());
    long retryAfter = Long.parseLong(reply.headers().getOrDefault("retry-after", "0"));
    assertTrue(retryAfter > 0, "Retry-After " + retryAfter);
  }

  @Test
  void failedSignInsFromOneAddressMakeItWait() throws Exception {
    String from = address();
    for (int i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) {
      assertEquals(401, signIn(from, "nobody-" + i, "not-a-password").status());
    }
    assertRateLimited(signIn(from, TestCluster.AGENT, TestCluster.AGENT_PASSWORD));
    assertEquals(
        200,
        signIn(address(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD).status(),
        "another address signs in");
  }

  @Test
  void failedSignInsOfOneUsernameMakeItWaitFromAnywhere() throws Exception {
    URI a = TestCluster.a();
    String username = "guessed-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        AccountsIT.call(
            a,
            "POST",
            "/api/agents",
            AccountsIT.supervisorToken(a),
            Json.createObjectBuilder()
                .add("username", username)
                .add("password", "the-right-passphrase")
                .build()
                .toString());
    assertEquals(201, created.status(), created.body());
    int failures = 0;
    while (failures < SIGN_IN_FAILURES_PER_USER) {
      // Spread over addresses, each below its own limit: the username's limit still counts all.
      String from = address();
      for (int i = 0;
          i < SIGN_IN_FAILURES_PER_ADDRESS - 1 && failures < SIGN_IN_FAILURES_PER_USER;
          i++) {
        String guess = (i % 2 == 0 ? username : username.toUpperCase());
        assertEquals(401, signIn(from, guess, "guess-" + failures).status());
        failures++;
      }
    }
    assertRateLimited(signIn(address(), username, "the-right-passphrase"));
    assertEquals(
        200,
        signIn(address(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD).status(),
        "other usernames sign in");
  }

  @Test
  void visitorsFromOneAddressAreLimitedAndATrustedProxyNamesTheClient() throws Exception {
    String from = address();
    for (int i = 0; i < VISITORS_PER_ADDRESS; i++) {
      assertEquals(201, newVisitor(from, Map.of()).status());
    }
    assertRateLimited(newVisitor(from, Map.of()));
    assertEquals(201, newVisitor(address(), Map.of()).status(), "another address");

    var client = Map.of("X-Forwarded-For", "198.51.100.23");
    for (int i = 0; i < VISITORS_PER_ADDRESS; i++) {
      assertEquals(201, newVisitor(PROXY, client).status());
    }
    assertRateLimited(newVisitor(PROXY, client));
    assertEquals(
        201,
        newVisitor(PROXY, Map.of("X-Forwarded-For", "198.51.100.24")).status(),
        "another client behind the same proxy");
    assertEquals(
        201,
        newVisitor(address(), client).status(),
        "an untrusted peer's X-Forwarded-For names nobody");
  }

  @Test
  void socketsFromOneAddressAreLimitedOnEachInstance() throws Exception {
    String token = Http.newVisitor(TestCluster.a()).getString("token");
    String auth =
        Json.createObjectBuilder().add("type", "auth").add("token", token).build().toString();
    String from = address();
    var open = new ArrayList<RawWebSocket>();
    try {
      for (int i = 0; i < SOCKETS_PER_ADDRESS; i++) {
        var socket = RawWebSocket.open(from, TestCluster.a(), "/ws/visitor", 0);
        socket.sendText(auth);
        open.add(socket);
      }
      var refused =
          assertThrows(
              IOException.class, () -> RawWebSocket.open(from, TestCluster.a(), "/ws/visitor", 0));
      assertTrue(refused.getMessage().contains("429"), refused.getMessage());
      RawWebSocket.open(from, TestCluster.b(), "/ws/visitor", 0)
          .close(); // the other instance's own

      open.remove(0).close();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      RawWebSocket again = null;
      while (again == null) {
        try {
          again = RawWebSocket.open(from, TestCluster.a(), "/ws/visitor", 0);
        } catch (IOException stillFull) {
          assertTrue(System.nanoTime() < deadline, "a closed socket gives its place back");
          Thread.sleep(100);
        }
      }
      open.add(again);
    } finally {
      for (var socket : open) {
        socket.close();
      }
    }
  }

  /** A frame refused by its pace says when it is let through: within its minute. */
  static void assertRetryWithinAMinute(JsonObject refused) {
    int retryAfter = refused.getInt("retryAfter", 0);
    assertTrue(retryAfter >= 1 && retryAfter <= 60, refused.toString());
  }

  @Test
  void framesOverHttpArePacedAndSayWhenToTryAgain() {
    String token = Http.newVisitor(TestCluster.b()).getString("token");
    String profile = "{\"type\":\"profile\",\"ref\":\"p\",\"nickname\":\"Nick\"}";
    for (int i = 0; i < 10; i++) {
      assertEquals(200, Http.send(TestCluster.b(), "POST", "/api/frames", token, profile).status());
    }
    Http.Reply refused = Http.send(TestCluster.b(), "POST", "/api/frames", token, profile);
    assertEquals(429, refused.status(), refused.body());
    assertEquals("rate_limited", refused.json().getString("code"));
    assertRetryWithinAMinute(refused.json());
    assertEquals(
        String.valueOf(refused.json().getInt("retryAfter")),
        refused.headers().firstValue("Retry-After").orElse(null));
  }

  @Test
  void costlyFramesArePacedPerSocket() {
    JsonObject v = Http.newVisitor(TestCluster.a());
    try (var visitor =
        ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"))) {
      visitor.sendText("opening", null, "hello");
      String conversation =
          visitor.next("ack").getJsonObject("message").getString("conversationId");
      for (int i = 0; i < 10; i++) {
        visitor.send(
            Json.createObjectBuilder()
                .add("type", "profile")
                .add("ref", "p" + i)
                .add("nickname", "Nick " + i));
        assertEquals("p" + i, visitor.next("profile").getString("ref"));
      }
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "profile")
              .add("ref", "p10")
              .add("nickname", "Nick"));
      JsonObject refused = visitor.next("error");
      assertEquals("rate_limited", refused.getString("code"));
      assertEquals("p10", refused.getString("ref"));
      assertRetryWithinAMinute(refused);

      for (int i = 0; i < 120; i++) {
        visitor.send(
            Json.createObjectBuilder()
                .add("type", "history")
                .add("ref", "h" + i)
                .add("conversationId", conversation)
                .add("limit", 1));
      }
      assertEquals(120, visitor.collect(120, ChatClient.WAIT, "history").size());
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "history")
              .add("ref", "h120")
              .add("conversationId", conversation));
      JsonObject paced = visitor.next("error");
      assertEquals("rate_limited", paced.getString("code"));
      assertEquals("h120", paced.getString("ref"));
      assertRetryWithinAMinute(paced);

      // Edits and deletes count together: 30 a minute, whatever they ask.
      String message =
          TestCluster.rows(
                  "select id from message where conversation_id = ? and seq = 1", conversation)
              .get(0)
              .get(0);
      for (int i = 0; i < 30; i++) {
        visitor.send(
            Json.createObjectBuilder()
                .add("type", i % 2 == 0 ? "edit" : "delete")
                .add("ref", "e" + i)
                .add("conversationId", conversation)
                .add("messageId", i % 2 == 0 ? message : "no-such-message")
                .add("text", "hello " + i));
      }
      var answers = visitor.collect(30, ChatClient.WAIT, "message", "error");
      assertEquals(30, answers.size());
      assertTrue(
          answers.stream().noneMatch(a -> "rate_limited".equals(a.getString("code", null))),
          answers.toString());
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "delete")
              .add("ref", "e30")
              .add("conversationId", conversation)
              .add("messageId", message));
      JsonObject limited = visitor.next("error", f -> "e30".equals(f.getString("ref", null)));
      assertEquals("rate_limited", limited.getString("code"));
      assertRetryWithinAMinute(limited);
      assertEquals(
          "hello 28",
          TestCluster.rows("select text from message where id = ?", message).get(0).get(0),
          "the refused delete removed nothing");
      BadInputIT.assertAlive(visitor);
    }
  }
}
