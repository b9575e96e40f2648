package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated frames and requests (wrong types, huge numbers, deep nesting,
 * control and bidi characters, unknown fields, cut-off JSON, invalid UTF-8) against both sockets
 * and the JSON endpoints. Every answer is an error of the contract or the normal answer, never an
 * {@code unavailable} (our 5xx), a 5xx, a stack trace or a closed instance; nothing is stored that
 * was not acknowledged. A fixed seed by default, so the suite runs the same inputs every time;
 * {@code -Dfuzz.seed=…} tries (or replays) others.
 */
class FuzzIT {

  static final long SEED = Long.getLong("fuzz.seed", 20261203L);
  static final int FRAMES_PER_SOCKET = 1500;
  static final Set<String> ERRORS =
      Set.of(
          "bad_request",
          "unauthorized",
          "forbidden",
          "not_found",
          "conflict",
          "too_large",
          "rate_limited",
          "unsupported_type");
  static final List<String> TYPES =
      List.of(
          "auth",
          "send",
          "note",
          "delivered",
          "read",
          "claim",
          "transfer",
          "resolve",
          "reopen",
          "transcript",
          "edit",
          "delete",
          "rate",
          "label",
          "status",
          "history",
          "typing",
          "profile",
          "ping",
          "",
          "SEND",
          "history ",
          "__proto__",
          "constructor",
          "ack",
          "message");
  static final List<String> FIELDS =
      List.of(
          "conversationId",
          "clientId",
          "text",
          "attachmentId",
          "replyTo",
          "team",
          "upToSeq",
          "toAgentId",
          "toTeamId",
          "wanted",
          "status",
          "beforeSeq",
          "afterSeq",
          "limit",
          "typing",
          "nickname",
          "email",
          "token",
          "resume",
          "ref",
          "type");

  final Random random = new Random(SEED);
  final List<String> ids = new ArrayList<>();

  {
    System.out.println("FuzzIT seed " + SEED + " (replay: -Dfuzz.seed=" + SEED + ")");
  }

  String string(int length) {
    var s = new StringBuilder();
    while (s.length() < length) {
      int c =
          switch (random.nextInt(6)) {
            case 0 -> random.nextInt(32); // control
            case 1 -> 0x202A + random.nextInt(5); // bidi embeddings and overrides
            case 2 -> 0x1F600 + random.nextInt(80); // emoji, outside the BMP
            case 3 -> 0x4E00 + random.nextInt(500);
            default -> 32 + random.nextInt(95);
          };
      s.appendCodePoint(c);
    }
    return s.toString();
  }

  JsonValue value(int depth) {
    return switch (random.nextInt(13)) {
      case 0 -> JsonValue.NULL;
      case 1 -> JsonValue.TRUE;
      case 2 -> JsonValue.FALSE;
      case 3 -> Json.createValue(random.nextLong());
      case 4 -> Json.createValue(new BigDecimal("1e" + (300 + random.nextInt(10_000))));
      case 5 -> Json.createValue(-random.nextInt(1000));
      case 6 -> Json.createValue(random.nextDouble() * 1e6);
      case 7 -> Json.createValue(string(random.nextInt(40)));
      case 8 -> Json.createValue(string(3000 + random.nextInt(3000)));
      case 9 -> depth < 3 ? object(depth + 1, 4).build() : JsonValue.EMPTY_JSON_OBJECT;
      case 10 -> depth < 3 ? array(depth + 1).build() : JsonValue.EMPTY_JSON_ARRAY;
      default -> Json.createValue(ids.get(random.nextInt(ids.size())));
    };
  }

  JsonObjectBuilder object(int depth, int fields) {
    var o = Json.createObjectBuilder();
    for (int i = random.nextInt(fields + 1); i > 0; i--) {
      String name =
          random.nextInt(5) == 0 ? "x-" + string(8) : FIELDS.get(random.nextInt(FIELDS.size()));
      o.add(name, value(depth));
    }
    return o;
  }

  JsonArrayBuilder array(int depth) {
    var a = Json.createArrayBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      a.add(value(depth));
    }
    return a;
  }

  /** A frame: mostly a request with random fields, sometimes mangled text. */
  String frame(int i) {
    var frame = object(0, 6);
    if (random.nextInt(10) > 0) {
      frame.add("type", TYPES.get(random.nextInt(TYPES.size())));
    }
    frame.add("ref", "f" + i);
    String text = frame.build().toString();
    return switch (random.nextInt(12)) {
      case 0 -> // cut off (between characters: a client cannot send half of one as text)
          text.substring(
              0, text.offsetByCodePoints(0, random.nextInt(text.codePointCount(0, text.length()))));
      case 1 -> "[".repeat(5000 + random.nextInt(20_000)); // deep nesting, unclosed
      case 2 -> "{\"a\":".repeat(2000) + "1" + "}".repeat(2000); // deep nesting
      case 3 -> text.replaceFirst("\\{", "{\"type\":\"send\",\"type\":\"ping\","); // twice a key
      case 4 -> string(random.nextInt(200)); // not JSON
      default -> text;
    };
  }

  /** Sends the frames, checking after every 50 that the socket still answers. */
  List<JsonObject> fuzz(ChatClient client, String name) {
    var answers = new ArrayList<JsonObject>();
    for (int i = 0; i < FRAMES_PER_SOCKET; i++) {
      client.sendRaw(frame(i));
      if (i % 50 == 49) {
        String sync = name + "-sync-" + i;
        client.send(Json.createObjectBuilder().add("type", "ping").add("ref", sync));
        JsonObject pong =
            client.next(f -> sync.equals(f.getString("ref", null)), Duration.ofSeconds(60));
        assertNotNull(pong, name + " answers after frame " + i + " (seed " + SEED + ")");
        JsonObject frame;
        while ((frame = client.next(f -> true, Duration.ZERO)) != null) {
          answers.add(frame);
        }
      }
    }
    return answers;
  }

  static void assertContractAnswers(List<JsonObject> answers, String name) {
    for (JsonObject answer : answers) {
      String text = answer.toString();
      assertTrue(!text.contains("Exception") && !text.contains("\tat "), name + ": " + text);
      if ("error".equals(answer.getString("type", null))) {
        assertTrue(
            ERRORS.contains(answer.getString("code")),
            name + " answered " + text + " (seed " + SEED + ")");
      }
    }
  }

  @Test
  void randomFramesOnBothSocketsGetAnswersOfTheContract() throws Exception {
    URI a = TestCluster.a();
    JsonObject other = Http.newVisitor(a);
    JsonObject fuzzer = Http.newVisitor(a);
    String agentName = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        AccountsIT.call(
            a,
            "POST",
            "/api/agents",
            AccountsIT.supervisorToken(a),
            Json.createObjectBuilder()
                .add("username", agentName)
                .add("password", TestCluster.AGENT_PASSWORD)
                .build()
                .toString());
    assertEquals(201, created.status(), created.body());
    String agentToken = Http.agentToken(TestCluster.b(), agentName, TestCluster.AGENT_PASSWORD);
    try (var otherVisitor = ChatClient.authenticated(a, "/ws/visitor", other.getString("token"));
        var visitor = ChatClient.authenticated(a, "/ws/visitor", fuzzer.getString("token"));
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      otherVisitor.sendText("theirs", null, "someone else's conversation");
      ids.add(otherVisitor.next("ack").getJsonObject("message").getString("conversationId"));
      visitor.sendText("mine", null, "the fuzzer's conversation");
      ids.add(visitor.next("ack").getJsonObject("message").getString("conversationId"));
      ids.addAll(List.of(UUID.randomUUID().toString(), "", created.json().getString("id")));

      List<JsonObject> visitorAnswers = fuzz(visitor, "visitor");
      List<JsonObject> agentAnswers = fuzz(agent, "agent");
      assertContractAnswers(visitorAnswers, "visitor");
      assertContractAnswers(agentAnswers, "agent");

      // Nothing stored that its sender was not told about.
      Set<String> acked = new HashSet<>();
      for (JsonObject answer : visitorAnswers) {
        if ("ack".equals(answer.getString("type", null))) {
          acked.add(answer.getJsonObject("message").getString("id"));
        }
      }
      for (var row :
          TestCluster.rows(
              "select id from message where sender_id = ? and text is distinct from ?",
              fuzzer.getString("visitorId"),
              "the fuzzer's conversation")) {
        assertTrue(acked.contains(row.get(0)), "stored without an ack: " + row.get(0));
      }
      System.out.printf(
          "FuzzIT: %d frames per socket; visitor answers %d, agent answers %d%n",
          FRAMES_PER_SOCKET, visitorAnswers.size(), agentAnswers.size());
    }
    assertEquals(200, Http.get(a, "/health/ready", null).status(), "the instance is fine");
  }

  /**
   * Invalid UTF-8 closes the socket (RFC 6455 8.1), and that is all; a binary frame is passed over
   * (the contract has none) and the socket goes on.
   */
  @Test
  void invalidUtf8AndBinaryFramesCloseOnlyTheirSocket() throws Exception {
    String token = Http.newVisitor(TestCluster.a()).getString("token");
    String auth =
        Json.createObjectBuilder().add("type", "auth").add("token", token).build().toString();
    for (var bad :
        List.of(
            new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xFF, (byte) 0xFE})) {
      try (var raw = RawWebSocket.open(TestCluster.a(), "/ws/visitor", 0)) {
        raw.sendText(auth);
        raw.sendFrame(0x1, bad);
        assertTrue(raw.drain(Duration.ofSeconds(30)) >= 0, "the socket is closed");
      }
    }
    try (var raw = RawWebSocket.open(TestCluster.a(), "/ws/visitor", 0)) {
      raw.sendText(auth);
      raw.sendFrame(0x2, "{\"type\":\"ping\",\"ref\":\"binary\"}".getBytes(StandardCharsets.UTF_8));
      raw.sendText("{\"type\":\"ping\",\"ref\":\"after-binary\"}");
      assertTrue(raw.readUntil("after-binary", Duration.ofSeconds(30)), "the socket goes on");
    }
    try (var client = BadInputIT.visitor()) {
      BadInputIT.assertAlive(client);
    }
  }

  @Test
  void randomRequestsToTheJsonEndpointsGetA4xxOrTheirAnswer() throws Exception {
    URI a = TestCluster.a();
    String visitor = Http.newVisitor(a).getString("token");
    String agent = Http.agentToken(a, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String supervisor = AccountsIT.supervisorToken(a);
    ids.addAll(List.of(UUID.randomUUID().toString(), "", "..%2f", "%00", "a".repeat(400)));
    record Endpoint(String method, String path, String token) {}
    var endpoints =
        List.of(
            new Endpoint("POST", "/api/visitors", null),
            new Endpoint("POST", "/api/agents/login", null),
            new Endpoint("POST", "/api/agents", agent),
            new Endpoint("PUT", "/api/agents/{id}", supervisor),
            new Endpoint("POST", "/api/agents/{id}/disable", agent),
            new Endpoint("POST", "/api/teams", agent),
            new Endpoint("PUT", "/api/teams/{id}", supervisor),
            new Endpoint("POST", "/api/canned-responses", agent),
            new Endpoint("PUT", "/api/canned-responses/{id}", supervisor),
            new Endpoint("POST", "/api/agents/me/password", visitor),
            new Endpoint("GET", "/api/conversations?status={id}&assignee={id}", agent),
            new Endpoint("GET", "/api/attachments/{id}", visitor),
            new Endpoint("DELETE", "/api/visitors/{id}", agent),
            new Endpoint("POST", "/api/attachments?conversationId={id}", visitor));
    var http = HttpClient.newHttpClient();
    int requests = 0;
    for (Endpoint endpoint : endpoints) {
      int count = endpoint.path().endsWith("login") ? 60 : 40;
      for (int i = 0; i < count; i++, requests++) {
        String path =
            endpoint
                .path()
                .replace(
                    "{id}",
                    java.net.URLEncoder.encode(
                        ids.get(random.nextInt(ids.size())), StandardCharsets.UTF_8));
        String body =
            switch (random.nextInt(4)) {
              case 0 -> value(0).toString();
              case 1 -> frame(i);
              default -> object(0, 6).build().toString();
            };
        var request =
            HttpRequest.newBuilder(a.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", random.nextInt(8) == 0 ? "text/plain" : "application/json")
                .method(
                    endpoint.method(),
                    endpoint.method().equals("GET") || endpoint.method().equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (endpoint.token() != null) {
          request.header("Authorization", "Bearer " + endpoint.token());
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String where = endpoint.method() + " " + path + " " + body + " (seed " + SEED + ")";
        assertTrue(response.statusCode() < 500, response.statusCode() + " for " + where);
        assertTrue(
            !response.body().contains("Exception") && !response.body().contains("\tat "),
            response.body() + " for " + where);
      }
    }
    System.out.printf("FuzzIT: %d requests to %d endpoints%n", requests, endpoints.size());
    assertEquals(200, Http.get(a, "/health/ready", null).status(), "the instance is fine");
  }
}
