package dev.switchboard.system;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear answer and loses nothing. */
class BadInputIT {

  static final Duration CLOSE_WAIT = Duration.ofSeconds(8);

  static ChatClient visitor() {
    return ChatClient.authenticated(
        TestCluster.a(), "/ws/visitor", Http.newVisitor(TestCluster.a()).getString("token"));
  }

  static void assertAlive(ChatClient client) {
    client.send(Json.createObjectBuilder().add("type", "ping").add("ref", "p"));
    JsonObject pong = client.next("pong");
    assertNotNull(pong, "the socket still answers");
    assertEquals("p", pong.getString("ref"));
    assertTrue(pong.getString("serverTime").endsWith("Z"));
  }

  @Test
  void malformedJsonIsABadRequestAndTheSocketStaysUsable() {
    try (var client = visitor()) {
      client.sendRaw("{not json");
      assertEquals("bad_request", client.next("error").getString("code"));
      client.sendRaw("[1,2]");
      assertEquals("bad_request", client.next("error").getString("code"));
      assertAlive(client);
    }
  }

  /**
   * A NUL character (which PostgreSQL cannot store; found by FuzzIT) is a bad request, on a socket
   * before anything is queued and over HTTP, never {@code unavailable}.
   */
  @Test
  void nulCharactersAreBadRequests() {
    try (var client = visitor()) {
      client.send(
          Json.createObjectBuilder()
              .add("type", "send")
              .add("ref", "nul")
              .add("clientId", "nul-1")
              .add("text", "before\u0000after"));
      JsonObject error = client.next("error");
      assertEquals("bad_request", error.getString("code"));
      assertEquals("nul", error.getString("ref"));
      client.send(
          Json.createObjectBuilder()
              .add("type", "history")
              .add("ref", "nul-id")
              .add("conversationId", "\u0000"));
      assertEquals("bad_request", client.next("error").getString("code"));
      assertAlive(client);
    }
    var reply =
        Http.post(
            TestCluster.a(),
            "/api/visitors",
            Json.createObjectBuilder().add("email", "ann\u0000@example.com").build().toString());
    assertEquals(400, reply.status(), reply.body());
  }

  /** An error echoes the frame's ref whenever it had one, whatever else is wrong with it. */
  @Test
  void errorsEchoTheRefEvenWithoutAType() {
    try (var client = visitor()) {
      client.sendRaw("{\"ref\":\"no-type\"}");
      JsonObject missing = client.next("error");
      assertEquals("bad_request", missing.getString("code"));
      assertEquals("no-type", missing.getString("ref"));
      client.sendRaw("{\"ref\":\"typed-wrong\",\"type\":5}");
      JsonObject wrong = client.next("error");
      assertEquals("bad_request", wrong.getString("code"));
      assertEquals("typed-wrong", wrong.getString("ref"));
      client.sendRaw("{\"ref\":\"null-type\",\"type\":null,\"clientId\":\"c\"}");
      JsonObject nullType = client.next("error");
      assertEquals("null-type", nullType.getString("ref"));
      assertEquals("c", nullType.getString("clientId"));
      assertAlive(client);
    }
  }

  @Test
  void unknownTypesAndWrongFieldsAreBadRequests() {
    try (var client = visitor()) {
      client.send(Json.createObjectBuilder().add("type", "launch-rockets").add("ref", "u"));
      JsonObject error = client.next("error");
      assertEquals("bad_request", error.getString("code"));
      assertEquals("u", error.getString("ref"));
      assertTrue(!error.containsKey("stack") && !error.toString().contains("Exception"));
      client.send(Json.createObjectBuilder().add("type", "send").add("text", "no client id"));
      assertEquals("bad_request", client.next("error").getString("code"));
      client.send(
          Json.createObjectBuilder().add("type", "send").add("clientId", 42).add("text", "x"));
      assertEquals("bad_request", client.next("error").getString("code"));
      client.send(
          Json.createObjectBuilder()
              .add("type", "send")
              .add("clientId", "blank")
              .add("text", "  "));
      assertEquals("bad_request", client.next("error").getString("code"));
      client.send(Json.createObjectBuilder().add("type", "history"));
      assertEquals("bad_request", client.next("error").getString("code"));
      client.send(
          Json.createObjectBuilder()
              .add("type", "history")
              .add("conversationId", "no-such-conversation"));
      assertEquals("not_found", client.next("error").getString("code"));
      assertAlive(client);
    }
  }

  /**
   * Names others see lose their line breaks, control and bidi characters: a nickname, a team's
   * name, an agent's display name.
   */
  @Test
  void namesLoseLineBreaksControlAndBidiCharacters() {
    try (var client = visitor()) {
      client.send(
          Json.createObjectBuilder()
              .add("type", "profile")
              .add("ref", "n")
              .add("nickname", "Eve\r\nBcc: all@example.com\u202E\u0007"));
      assertEquals("Eve Bcc: all@example.com", client.next("profile").getString("nickname"));
    }
    var a = TestCluster.a();
    String supervisor = AccountsIT.supervisorToken(a);
    String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
    var team =
        AccountsIT.call(
            a,
            "POST",
            "/api/teams",
            supervisor,
            Json.createObjectBuilder()
                .add("name", "\u2066Billing\n" + suffix + "\t")
                .build()
                .toString());
    assertEquals(201, team.status(), team.body());
    assertEquals("Billing " + suffix, team.json().getString("name"));
    var agent =
        AccountsIT.call(
            a,
            "POST",
            "/api/agents",
            supervisor,
            Json.createObjectBuilder()
                .add("username", "names-" + suffix)
                .add("password", "a-long-password")
                .add("displayName", "Mallory\r\n\u202Dadmin")
                .build()
                .toString());
    assertEquals(201, agent.status(), agent.body());
    assertEquals("Mallory admin", agent.json().getString("displayName"));
  }

  @Test
  void textIsLimitedTo4000CodePoints() {
    try (var client = visitor()) {
      String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units
      client.sendText("long", null, emoji.repeat(4001));
      JsonObject error = client.next("error");
      assertEquals("too_large", error.getString("code"));
      assertEquals("long", error.getString("clientId"));
      client.sendText("exact", null, emoji.repeat(4000));
      JsonObject ack = client.next("ack");
      assertNotNull(ack, "4,000 code points are allowed even as 8,000 UTF-16 units");
      assertEquals(1, ack.getJsonObject("message").getInt("seq"), "the refused one took no seq");
    }
  }

  /**
   * A client that sends requests but never reads their answers is closed (1013, to resume) once it
   * leaves a mebibyte unread, instead of the server keeping every answer for it on the heap.
   */
  @Test
  // Without the connection ended at once, the client's writes block for good: fail instead.
  @org.junit.jupiter.api.Timeout(180)
  void aClientThatDoesNotReadIsClosedRatherThanBuffered() throws Exception {
    String token = Http.newVisitor(TestCluster.a()).getString("token");
    String ref = "r".repeat(4000);
    int pings = 6000; // answers of about 24 MB in all
    String ping = Json.createObjectBuilder().add("type", "ping").add("ref", ref).build().toString();
    try (var raw = RawWebSocket.open(TestCluster.a(), "/ws/visitor", 4096)) {
      raw.sendText(
          Json.createObjectBuilder().add("type", "auth").add("token", token).build().toString());
      try {
        for (int i = 0; i < pings; i++) {
          raw.sendText(ping);
        }
      } catch (java.io.IOException closed) {
        // the server ended the connection while we were still writing
      }
      long read = raw.drain(Duration.ofSeconds(60));
      assertTrue(read >= 0, "the server should have closed the connection");
      assertTrue(
          read < (long) pings * ref.length(), "not every answer was kept: " + read + " bytes");
    }
    try (var client = visitor()) {
      assertAlive(client); // the instance is fine
    }
  }

  @Test
  void aFrameOver64KiBClosesTheSocketWith1009() {
    try (var client = visitor()) {
      client.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
      assertEquals(1009, client.closeCode(CLOSE_WAIT));
    }
  }

  @Test
  void authMustComeFirstWithARightTokenOfTheRightKind() {
    try (var client = ChatClient.connect(TestCluster.a(), "/ws/visitor")) {
      client.send(Json.createObjectBuilder().add("type", "auth").add("token", "wrong"));
      assertEquals(4401, client.closeCode(CLOSE_WAIT));
    }
    try (var client = ChatClient.connect(TestCluster.a(), "/ws/visitor")) {
      client.send(Json.createObjectBuilder().add("type", "auth"));
      assertEquals(4401, client.closeCode(CLOSE_WAIT), "missing token");
    }
    try (var client = ChatClient.connect(TestCluster.a(), "/ws/visitor")) {
      // Once left the socket open and unauthenticated, past its deadline.
      client.send(Json.createObjectBuilder().add("type", "auth").add("token", 42));
      assertEquals(4401, client.closeCode(CLOSE_WAIT), "a token that is not a string");
    }
    String visitorToken = Http.newVisitor(TestCluster.a()).getString("token");
    try (var client = ChatClient.connect(TestCluster.b(), "/ws/agent")) {
      client.send(Json.createObjectBuilder().add("type", "auth").add("token", visitorToken));
      assertEquals(4401, client.closeCode(CLOSE_WAIT), "a visitor token on the agent socket");
    }
    try (var client = ChatClient.connect(TestCluster.a(), "/ws/visitor")) {
      client.send(Json.createObjectBuilder().add("type", "ping"));
      assertEquals(4401, client.closeCode(CLOSE_WAIT), "a request before auth");
    }
    try (var client = ChatClient.connect(TestCluster.a(), "/ws/visitor")) {
      Integer code = client.closeCode(Duration.ofSeconds(8));
      assertEquals(4401, code, "no auth within 5 s");
    }
  }

  /**
   * A client that sends its {@code auth} in the same packet as the handshake, before the 101 (no
   * client may, some do), is answered, and takes no worker thread for good: Tyrus' handler waited
   * for itself on such a socket, forever, and as many of them as the instance has workers stopped
   * it (200 did). More of them than that, each answered.
   */
  @Test
  void aFrameSentWithTheHandshakeIsAnsweredAndHoldsNoThread() throws Exception {
    String token = Http.newVisitor(TestCluster.a()).getString("token");
    byte[] auth =
        RawWebSocket.frame(
            0x1, ("{\"type\":\"auth\",\"token\":\"" + token + "\"}").getBytes(UTF_8));
    for (int i = 0; i < 250; i++) {
      try (var socket = RawWebSocket.openWith(TestCluster.a(), "/ws/visitor", auth)) {
        assertTrue(socket.readUntil("\"ready\"", Duration.ofSeconds(10)), "socket " + i);
      }
    }
  }

  /**
   * A request's body is read as it arrives, with no thread waiting for it: 250 bodies that stall
   * (JSON and uploads, more than Payara's 200 HTTP workers; 20 stopped an instance with 16 workers
   * when each held one) leave the instance answering a new visitor and an open socket at once, and
   * each is answered 408 once its deadline (the test cluster's 5 s) has passed.
   */
  @Test
  void stalledRequestBodiesHoldNoThreadAndAreGivenUpAtTheirDeadline() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    var stalled = new ArrayList<Socket>();
    try (var client = visitor()) {
      for (int i = 0; i < 250; i++) {
        var socket = new Socket(a.getHost(), a.getPort());
        socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        String request =
            i % 5 == 0
                ? "POST /api/attachments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data;"
                : "POST /api/visitors HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"nick";
        socket.getOutputStream().write(request.getBytes(UTF_8));
        stalled.add(socket);
      }
      var answered =
          CompletableFuture.supplyAsync(() -> Http.newVisitor(a).getString("token"))
              .get(5, TimeUnit.SECONDS);
      assertFalse(answered.isBlank(), "a new visitor's token, with 250 bodies stalled");
      assertAlive(client);
      for (int i : new int[] {0, 1, 249}) {
        String reply = RawHttp.readResponse(stalled.get(i));
        assertTrue(reply.startsWith("HTTP/1.1 408"), i + ": " + reply);
        assertTrue(reply.contains("\"code\":\"bad_request\""), i + ": " + reply);
      }
    } finally {
      for (var socket : stalled) {
        socket.close();
      }
    }
  }

  /**
   * Bodies still arriving are held in memory up to a budget per instance (the test cluster's: 1
   * MiB), so that a stranger's slow bodies cannot fill the heap: six bodies of which 200 KiB each
   * have come, and one past the budget is answered 503 {@code unavailable} with Retry-After at
   * once, the others 408 at their deadline. A body that comes whole takes nothing from it.
   */
  @Test
  void bodiesStillArrivingHoldAtMostTheirMemoryBudget() throws Exception {
    URI b = TestCluster.b();
    assertBudgetHolds(
        b,
        6,
        "POST /api/visitors HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: "
            + 256 * 1024
            + "\r\n\r\n",
        ("{\"nickname\":\"" + "x".repeat(200 * 1024)).getBytes(UTF_8),
        () ->
            assertEquals(201, Http.post(b, "/api/visitors", "{\"nickname\":\"Whole\"}").status()));
  }

  /**
   * Uploads still arriving are spooled to disk up to a budget per instance (the test cluster's: 32
   * MiB), so that a stranger with a visitor's token cannot fill the disk with slow uploads: eight
   * of which 6 MiB each have come, and one past the budget is answered 503 {@code unavailable} with
   * Retry-After at once, the others 408 at their deadline.
   */
  @Test
  void uploadsStillArrivingHoldAtMostTheirDiskBudget() throws Exception {
    URI b = TestCluster.b();
    String token = Http.newVisitor(b).getString("token");
    byte[] part = new byte[6 * 1024 * 1024];
    java.util.Arrays.fill(part, (byte) 'x');
    assertBudgetHolds(
        b,
        8,
        "POST /api/attachments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            + "Content-Length: "
            + 10 * 1024 * 1024
            + "\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\";"
            + " filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n",
        part,
        () -> {});
  }

  /**
   * Sends {@code count} requests, each its {@code head} and then {@code part} of a body that never
   * ends, runs {@code meanwhile}, and checks what a budget for bodies still arriving answers: one
   * past it 503 {@code unavailable} with Retry-After, the others 408 at their deadline.
   */
  private static void assertBudgetHolds(
      URI base, int count, String head, byte[] part, Runnable meanwhile) throws Exception {
    var slow = new ArrayList<Socket>();
    var writers = java.util.concurrent.Executors.newCachedThreadPool();
    try {
      for (int i = 0; i < count; i++) {
        var socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        slow.add(socket);
        // On a thread of its own: a body refused midway is read no further, and its writer waits.
        CompletableFuture.runAsync(
            () -> {
              try {
                var out = socket.getOutputStream();
                out.write(head.getBytes(UTF_8));
                out.write(part);
                out.flush();
              } catch (java.io.IOException closed) {
                // answered and closed: the rest of the body is not wanted
              }
            },
            writers);
      }
      meanwhile.run();
      var answers = new ArrayList<String>();
      for (var socket : slow) {
        answers.add(RawHttp.readResponse(socket));
      }
      var busy = answers.stream().filter(r -> r.startsWith("HTTP/1.1 503")).toList();
      assertFalse(busy.isEmpty(), "one past the budget: " + answers);
      assertTrue(busy.get(0).contains("\"code\":\"unavailable\""), busy.get(0));
      assertTrue(busy.get(0).toLowerCase(java.util.Locale.ROOT).contains("retry-after: 5"));
      assertTrue(
          answers.stream()
              .allMatch(r -> r.startsWith("HTTP/1.1 503") || r.startsWith("HTTP/1.1 408")),
          answers.toString());
      assertTrue(busy.size() < count, "the budget held some: " + answers);
    } finally {
      for (var socket : slow) {
        socket.close();
      }
      writers.shutdownNow();
    }
  }

  /**
   * A JSON body is at most 256 KiB, said by its Content-Length or found while it arrives (chunked
   * over HTTP/1.1, or an HTTP/2 stream that does not say its length): 413 {@code too_large},
   * without the API reading it.
   */
  @Test
  void aJsonBodyOver256KiBIsTooLarge() throws Exception {
    String body = "{\"nickname\":\"" + "x".repeat(256 * 1024) + "\"}";
    Http.Reply declared = Http.post(TestCluster.a(), "/api/visitors", body);
    assertEquals(413, declared.status(), declared.body());
    assertEquals("too_large", declared.json().getString("code"));
    var http2 = HttpClient.newHttpClient(); // h2c, upgraded on its first request
    assertEquals(
        HttpClient.Version.HTTP_2,
        http2
            .send(
                HttpRequest.newBuilder(TestCluster.a().resolve("/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding())
            .version());
    for (var client :
        List.of(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), http2)) {
      var unsaid =
          client.send(
              HttpRequest.newBuilder(TestCluster.a().resolve("/api/visitors"))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(body.getBytes(UTF_8))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(413, unsaid.statusCode(), unsaid.version() + ": " + unsaid.body());
      assertTrue(unsaid.body().contains("\"too_large\""), unsaid.body());
    }
    assertEquals(
        201, Http.post(TestCluster.a(), "/api/visitors", "{\"nickname\":\"Ann\"}").status());
  }

  /**
   * More sockets awaiting their auth than an instance reads in time is a reconnect storm: their
   * deadline stretches (an auth sent late is still answered); once they are gone, 5 s again.
   */
  @Test
  void inAReconnectStormTheAuthDeadlineStretchesAndEndsWithTheStorm() throws Exception {
    var awaiting = new ArrayList<ChatClient>();
    try {
      for (int i = 0; i < 120; i++) {
        awaiting.add(ChatClient.connect(TestCluster.b(), "/ws/visitor"));
      }
      Poll.stays(
          "sockets awaiting their auth in a storm, closed",
          Duration.ofSeconds(7),
          () -> awaiting.stream().filter(c -> c.closeCode(Duration.ZERO) != null).count(),
          0L);
      String token = Http.newVisitor(TestCluster.b()).getString("token");
      ChatClient late = awaiting.get(0);
      late.send(Json.createObjectBuilder().add("type", "auth").add("token", token));
      assertNotNull(late.next("ready"), "an auth sent past 5 s in a storm is answered");
    } finally {
      awaiting.forEach(ChatClient::close);
    }
    try (var client = ChatClient.connect(TestCluster.b(), "/ws/visitor")) {
      assertEquals(4401, client.closeCode(CLOSE_WAIT), "no auth within 5 s once the storm is over");
    }
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    String token = Http.newVisitor(TestCluster.a()).getString("token");
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
    try (var sql = TestCluster.sql();
        var update =
            sql.prepareStatement(
                "update auth_token set expires_at = now() - interval '1 minute' where token_hash = ?")) {
      update.setString(1, hash);
      assertEquals(1, update.executeUpdate());
    }
    try (var client = ChatClient.connect(TestCluster.a(), "/ws/visitor")) {
      client.send(Json.createObjectBuilder().add("type", "auth").add("token", token));
      assertEquals(4401, client.closeCode(CLOSE_WAIT));
    }
    assertEquals(401, Http.get(TestCluster.a(), "/api/conversations", token).status());
    // Expired tokens are purged (the test cluster sweeps every 2 s).
    Poll.await(
        "the expired token purged",
        Duration.ofSeconds(30),
        () -> TestCluster.rows("select 1 from auth_token where token_hash = ?", hash).isEmpty());
  }

  @Test
  void theHandshakeChecksOrigin() {
    var forbidden =
        assertThrows(
            CompletionException.class,
            () -> ChatClient.connect(TestCluster.a(), "/ws/visitor", "https://evil.example.org"));
    assertEquals(
        403,
        ((java.net.http.WebSocketHandshakeException) forbidden.getCause())
            .getResponse()
            .statusCode());
    var base = TestCluster.a();
    try (var own =
        ChatClient.connect(
            base, "/ws/visitor", "http://" + base.getHost() + ":" + base.getPort())) {
      own.send(Json.createObjectBuilder().add("type", "auth").add("token", "x"));
      assertEquals(4401, own.closeCode(CLOSE_WAIT), "its own origin passes the handshake");
    }
    try (var allowed = ChatClient.connect(base, "/ws/agent", TestCluster.ALLOWED_ORIGIN)) {
      allowed.send(Json.createObjectBuilder().add("type", "auth").add("token", "x"));
      assertEquals(
          4401, allowed.closeCode(CLOSE_WAIT), "an allow-listed origin passes the handshake");
    }
  }

  @Test
  void aSocketsAddressAnswersARequestThatIsNoHandshake() {
    var base = TestCluster.b();
    var plain = Http.get(base, "/ws/visitor", null);
    assertEquals(400, plain.status());
    assertEquals("bad_request", plain.json().getString("code"));
    // With a length: a proxy in front reads the answer's end (426 with Upgrade had none).
    assertTrue(
        plain.headers().firstValue("Content-Length").isPresent(), plain.headers().toString());
    var elsewhere = Http.get(base, "/ws/nothing", null);
    assertEquals(404, elsewhere.status());
    assertEquals("not_found", elsewhere.json().getString("code"));
  }

  @Test
  void httpAnswersWithTheRightStatus() {
    var base = TestCluster.b();
    assertEquals(400, Http.post(base, "/api/visitors", "{\"email\":\"not-an-address\"}").status());
    assertEquals(400, Http.post(base, "/api/visitors", "{\"nickname\":").status());
    var created =
        Http.post(base, "/api/visitors", "{\"nickname\":\"Ann\",\"email\":\"ann@example.com\"}");
    assertEquals(201, created.status());
    assertTrue(created.json().getString("token").length() >= 22, "at least 128 random bits");
    assertEquals(
        401,
        Http.post(base, "/api/agents/login", "{\"username\":\"alice\",\"password\":\"nope\"}")
            .status());
    assertEquals(
        401,
        Http.post(base, "/api/agents/login", "{\"username\":\"nobody\",\"password\":\"x\"}")
            .status());
    assertEquals(401, Http.get(base, "/api/conversations", null).status());
    assertEquals(401, Http.get(base, "/api/conversations", "made-up").status());
    String token = created.json().getString("token");
    assertEquals(404, Http.get(base, "/api/conversations/nope/messages", token).status());
    var list = Http.get(base, "/api/conversations", token);
    assertEquals(200, list.status());
    assertEquals("[]", list.body().replace(" ", ""));
  }
}
