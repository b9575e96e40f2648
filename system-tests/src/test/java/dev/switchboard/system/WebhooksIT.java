package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks, delivered to a receiver in the test (the JDK's HTTP server) that checks every
 * signature: each event of a chat across both instances arrives once, signed; a receiver that keeps
 * failing gets its retries, then the delivery is listed as failed and can be sent again.
 */
class WebhooksIT {

  /** What the receiver got: its path, the headers that matter and the body. */
  record Delivery(String path, String event, String id, String signature, String body) {
    JsonObject json() {
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }
  }

  static HttpServer receiver;
  static final List<Delivery> received = new CopyOnWriteArrayList<>();
  static final AtomicBoolean failing = new AtomicBoolean(true);

  @BeforeAll
  static void listen() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          var h = exchange.getRequestHeaders();
          received.add(
              new Delivery(
                  exchange.getRequestURI().getPath(),
                  h.getFirst("X-Switchboard-Event"),
                  h.getFirst("X-Switchboard-Delivery"),
                  h.getFirst("X-Switchboard-Signature"),
                  new String(body, StandardCharsets.UTF_8)));
          int status =
              exchange.getRequestURI().getPath().startsWith("/failing") && failing.get()
                  ? 500
                  : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
  }

  static String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  static String register(String supervisor, String path, String secret, String... events) {
    var body =
        Json.createObjectBuilder()
            .add("url", url(path))
            .add("events", Json.createArrayBuilder(List.of(events)))
            .add("secret", secret)
            .build()
            .toString();
    var created = Http.send(TestCluster.a(), "POST", "/api/webhooks", supervisor, body);
    assertEquals(201, created.status(), created.body());
    assertTrue(!created.body().contains(secret), "the secret is not shown again");
    return created.json().getString("id");
  }

  /** HMAC-SHA256 of "t.body" with the secret, as the signature header's v1. */
  static boolean signedWith(String secret, Delivery d) throws Exception {
    String t = d.signature().replaceAll(".*t=(\\d+).*", "$1");
    String v1 = d.signature().replaceAll(".*v1=([0-9a-f]+).*", "$1");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal((t + "." + d.body()).getBytes(StandardCharsets.UTF_8)));
    long age = System.currentTimeMillis() / 1000 - Long.parseLong(t);
    return expected.equals(v1) && age >= 0 && age < 60;
  }

  static List<Delivery> await(Predicate<Delivery> wanted, int count, Duration wait)
      throws Exception {
    return Poll.until(
        wait, () -> received.stream().filter(wanted).toList(), got -> got.size() >= count);
  }

  static Predicate<Delivery> about(String path, String event, String conversation) {
    return d ->
        d.path().equals(path)
            && event.equals(d.event())
            && conversation.equals(d.json().getJsonObject("data").getString("conversationId"));
  }

  /**
   * A new webhook reaches every instance through the topic within moments: a visitor on {@code
   * instance} opens conversations until one's event arrives; returns that conversation.
   */
  static String probe(URI instance, String path, String event) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      String token = Http.newVisitor(instance).getString("token");
      try (var visitor = ChatClient.authenticated(instance, "/ws/visitor", token)) {
        visitor.send("send", "clientId", "p", "text", "probe");
        String conversation = conversationOf(visitor.next("ack"));
        if (!await(about(path, event, conversation), 1, Duration.ofSeconds(2)).isEmpty()) {
          return conversation;
        }
      }
    }
    throw new AssertionError("no " + event + " reached " + path);
  }

  @Test
  void eachEventOfAChatAcrossInstancesArrivesOnceSigned() throws Exception {
    String supervisor = AccountsIT.supervisorToken(TestCluster.a());
    String path = "/all-" + UUID.randomUUID();
    String secret = "s3cret-" + UUID.randomUUID();
    String webhook =
        register(
            supervisor,
            path,
            secret,
            "conversation.created",
            "conversation.assigned",
            "conversation.resolved",
            "message.created");
    try {
      probe(TestCluster.b(), path, "conversation.created");
      String token = Http.newVisitor(TestCluster.b()).getString("token");
      String conversation;
      try (var visitor = ChatClient.authenticated(TestCluster.b(), "/ws/visitor", token)) {
        visitor.send("send", "clientId", "w1", "text", "Where is my parcel?");
        conversation = conversationOf(visitor.next("ack"));
      }
      try (var agent = ChatClient.authenticated(TestCluster.a(), "/ws/agent", supervisor)) {
        agent.send("claim", "ref", "c", "conversationId", conversation);
        assertNotNull(agent.next("conversation", f -> "c".equals(f.getString("ref", null))));
        agent.send("resolve", "ref", "r", "conversationId", conversation);
        assertNotNull(agent.next("conversation", f -> "r".equals(f.getString("ref", null))));
      }
      for (String event :
          List.of(
              "conversation.created",
              "message.created",
              "conversation.assigned",
              "conversation.resolved")) {
        List<Delivery> got = await(about(path, event, conversation), 1, Duration.ofSeconds(20));
        assertEquals(1, got.size(), event + ": " + got);
        Delivery d = got.get(0);
        assertTrue(signedWith(secret, d), "signed: " + d);
        assertEquals(event, d.json().getString("event"));
        assertEquals(d.id(), d.json().getString("id"));
      }
      JsonObject message =
          await(about(path, "message.created", conversation), 1, Duration.ZERO)
              .get(0)
              .json()
              .getJsonObject("data")
              .getJsonObject("message");
      assertEquals("Where is my parcel?", message.getString("text"));
      // Nothing comes twice, however long one waits.
      Poll.stays(
          "deliveries that came more than once",
          Duration.ofSeconds(2),
          () -> {
            List<String> ids =
                received.stream().filter(d -> d.path().equals(path)).map(Delivery::id).toList();
            return ids.size() - ids.stream().distinct().count();
          },
          0L);
    } finally {
      assertEquals(
          204,
          Http.send(TestCluster.a(), "DELETE", "/api/webhooks/" + webhook, supervisor, null)
              .status());
    }
  }

  @Test
  void aDeliveryThatKeepsFailingIsRetriedThenListedAndCanBeSentAgain() throws Exception {
    String supervisor = AccountsIT.supervisorToken(TestCluster.a());
    String path = "/failing-" + UUID.randomUUID();
    String secret = "another-secret-" + UUID.randomUUID();
    failing.set(true);
    String webhook = register(supervisor, path, secret, "conversation.created");
    try {
      String conversation = probe(TestCluster.a(), path, "conversation.created");
      // Attempts at about 0, 1 and 3 s: the same delivery three times, then no more.
      List<Delivery> attempts =
          await(about(path, "conversation.created", conversation), 3, Duration.ofSeconds(20));
      assertEquals(3, attempts.size(), attempts.toString());
      assertEquals(1, attempts.stream().map(Delivery::id).distinct().count(), "one delivery");
      String delivery = attempts.get(0).id();

      JsonObject failure =
          Poll.until(
              Duration.ofSeconds(20),
              () -> {
                var list = Http.get(TestCluster.b(), "/api/webhooks/failures", supervisor);
                assertEquals(200, list.status(), list.body());
                return list.any().asJsonArray().stream()
                    .map(v -> v.asJsonObject())
                    .filter(f -> delivery.equals(f.getString("id")))
                    .findFirst()
                    .orElse(null);
              },
              Objects::nonNull);
      assertNotNull(failure, "listed as failed");
      assertEquals(3, failure.getInt("attempts"));
      assertEquals(webhook, failure.getString("webhookId"));
      assertTrue(failure.getString("lastError").contains("500"), failure.toString());

      failing.set(false);
      assertEquals(
          204,
          Http.send(
                  TestCluster.b(),
                  "POST",
                  "/api/webhooks/failures/" + delivery + "/retry",
                  supervisor,
                  null)
              .status());
      List<Delivery> all =
          await(about(path, "conversation.created", conversation), 4, Duration.ofSeconds(20));
      assertEquals(4, all.size(), "sent again, same id: " + all);
      assertEquals(delivery, all.get(3).id());
      assertTrue(signedWith(secret, all.get(3)));
      assertTrue(
          !Http.get(TestCluster.a(), "/api/webhooks/failures", supervisor)
              .body()
              .contains(delivery),
          "no longer listed");
    } finally {
      failing.set(true);
      Http.send(TestCluster.a(), "DELETE", "/api/webhooks/" + webhook, supervisor, null);
    }
  }

  @Test
  void badWebhooksAreRefusedClearly() {
    String supervisor = AccountsIT.supervisorToken(TestCluster.a());
    String agent = Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String good =
        "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"message.created\"],"
            + "\"secret\":\"0123456789abcdef\"}";
    assertEquals(403, Http.send(TestCluster.a(), "POST", "/api/webhooks", agent, good).status());
    assertEquals(403, Http.get(TestCluster.a(), "/api/webhooks/failures", agent).status());
    assertEquals(401, Http.send(TestCluster.a(), "POST", "/api/webhooks", null, good).status());
    for (String bad :
        List.of(
            "{\"url\":\"ftp://hooks.example.com/x\",\"events\":[\"message.created\"],\"secret\":\"0123456789abcdef\"}",
            "{\"url\":\"javascript:alert(1)\",\"events\":[\"message.created\"],\"secret\":\"0123456789abcdef\"}",
            "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"message.deleted\"],\"secret\":\"0123456789abcdef\"}",
            "{\"url\":\"https://hooks.example.com/x\",\"events\":[],\"secret\":\"0123456789abcdef\"}",
            "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"message.created\"],\"secret\":\"short\"}",
            "{\"url\":\"https://"
                + "a".repeat(2100)
                + ".com\",\"events\":[\"message.created\"],\"secret\":\"0123456789abcdef\"}",
            "[1,2]",
            "not json")) {
      var reply = Http.send(TestCluster.b(), "POST", "/api/webhooks", supervisor, bad);
      assertEquals(400, reply.status(), bad + " → " + reply.body());
      assertEquals("bad_request", reply.json().getString("code"));
    }
    assertEquals(
        404,
        Http.send(TestCluster.a(), "DELETE", "/api/webhooks/" + UUID.randomUUID(), supervisor, null)
            .status());
    assertEquals(
        404,
        Http.send(
                TestCluster.a(),
                "POST",
                "/api/webhooks/failures/" + UUID.randomUUID() + "/retry",
                supervisor,
                null)
            .status());
  }
}
