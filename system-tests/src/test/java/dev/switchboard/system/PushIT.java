package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.seq;
import static dev.switchboard.system.MailIT.say;
import static dev.switchboard.system.ProtocolIT.about;
import static dev.switchboard.system.RoutingIT.waitUntil;
import static dev.switchboard.system.TestCluster.PUSH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Web Push on two instances, against a push service played by the test that checks the VAPID
 * signature and decrypts each message with the subscription's private key: a visitor hears of a
 * reply no socket of theirs received, an agent of what happens while no console of theirs is in
 * view; a gone subscription is dropped, a failing service tried again, and bad subscriptions are
 * refused.
 */
class PushIT {

  static final Duration PUSHED = Duration.ofSeconds(30);

  static String subscribe(URI base, String token, PushService.Subscription subscription) {
    var reply =
        AccountsIT.call(base, "POST", "/api/push/subscriptions", token, subscription.json());
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getString("id");
  }

  static boolean says(PushService.Push push, String text) {
    return text.equals(push.payload().getString("body", null));
  }

  @Test
  void aReplyNoSocketOfTheVisitorsReceivedIsPushedSignedAndEncrypted() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    var key = Http.get(a, "/api/push/key", null);
    assertEquals(200, key.status(), key.body());
    String publicKey = key.json().getString("publicKey");
    var phone = PUSH.subscribe();
    subscribe(a, token, phone);
    double sentBefore = MetricsIT.total("switchboard_push_sent_total");

    String conversation;
    String agentName;
    String seen = "Seen in the widget " + UUID.randomUUID();
    String missed = "Missed while away " + UUID.randomUUID();
    try (var alice = MailIT.onlineAlice()) {
      agentName = alice.name();
      try (var widget = ChatClient.authenticated(a, "/ws/visitor", token)) {
        JsonObject first = say(widget, null, "Where is my order?");
        conversation = first.getJsonObject("message").getString("conversationId");
        assertNotNull(alice.client().next("message", about(conversation)));
        JsonObject reply = say(alice.client(), conversation, seen);
        // The widget got it and says so, as the real one does.
        assertNotNull(widget.next("message", about(conversation)));
        widget.send("delivered", "conversationId", conversation, "upToSeq", seq(reply));
        waitUntil(
            "the visitor's receipt is stored",
            () ->
                !TestCluster.rows(
                        "select 1 from receipt where conversation_id = ? and reader_type = 'visitor'"
                            + " and delivered_seq >= ?",
                        conversation,
                        seq(reply))
                    .isEmpty());
      }
      say(alice.client(), conversation, missed);
    }

    PushService.Push push = PUSH.await(phone, p -> says(p, missed), PUSHED);
    assertEquals(agentName + " replied", push.payload().getString("title"));
    assertEquals(conversation, push.payload().getString("conversationId"));
    assertEquals(
        TestCluster.PUBLIC_URL + "/?conversation=" + conversation, push.payload().getString("url"));
    assertEquals(PUSH.origin(), push.vapidClaims().getString("aud"));
    assertEquals("mailto:" + TestCluster.SUPPORT_MAILBOX, push.vapidClaims().getString("sub"));
    assertEquals(publicKey, push.vapidKey());
    assertEquals(List.of("aes128gcm"), push.headers().get("Content-encoding"));
    assertEquals(List.of(conversation.replace("-", "")), push.headers().get("Topic"));
    assertFalse(
        PUSH.received(phone).stream().anyMatch(p -> says(p, seen)),
        "a reply the widget received is not pushed (its job ran before the later one's)");
    assertTrue(MetricsIT.total("switchboard_push_sent_total") >= sentBefore + 1);
  }

  @Test
  void agentsWhoseConsolesAreOutOfViewHearOfWaitingConversationsAssignmentsAndMessages()
      throws Exception {
    var desk = RoutingIT.desk("off", 2, 5);
    var watching = desk.members().get(0);
    var away = desk.members().get(1);
    var watchingPhone = PUSH.subscribe();
    var awayLaptop = PUSH.subscribe();
    subscribe(TestCluster.a(), watching.token(), watchingPhone);
    subscribe(TestCluster.b(), away.token(), awayLaptop);

    try (var inView = ChatClient.authenticated(TestCluster.a(), "/ws/agent", watching.token());
        var hidden = ChatClient.authenticated(TestCluster.b(), "/ws/agent", away.token())) {
      hidden.send("visibility", "visible", false);
      waitUntil("one console is out of view", () -> visible(away.id()).equals(List.of("f")));
      assertEquals(List.of("t"), visible(watching.id()));

      // A new conversation: one job decides for both, so the console in view is left out.
      var visitor = RoutingIT.visitorIn(TestCluster.a(), desk.teamId(), "Printer jammed");
      String conversation = RoutingIT.conversationOf(visitor);
      PushService.Push waiting =
          PUSH.await(
              awayLaptop,
              p -> conversation.equals(p.payload().getString("conversationId")),
              PUSHED);
      assertTrue(waiting.payload().getString("title").endsWith(" is waiting"), waiting.toString());
      assertEquals(
          TestCluster.PUBLIC_URL + "/console/#" + conversation, waiting.payload().getString("url"));
      assertEquals(List.of(), PUSH.received(watchingPhone), "the agent in view got no push");

      // Handed to the agent who is away: they hear of it, and of the visitor's next message.
      inView.send("transfer", "conversationId", conversation, "toAgentId", away.id());
      PUSH.await(
          awayLaptop,
          p -> "New conversation for you".equals(p.payload().getString("title")),
          PUSHED);
      String text = "Still jammed " + UUID.randomUUID();
      say(visitor, conversation, text);
      PushService.Push message = PUSH.await(awayLaptop, p -> says(p, text), PUSHED);
      assertTrue(message.payload().getString("title").endsWith(" wrote"), message.toString());
      visitor.close();
    }
  }

  /**
   * Whether the agent's consoles on live instances are in view ("t"/"f"), as the database has it.
   */
  static List<String> visible(String agentId) {
    return TestCluster.rows(
            "select distinct visible from agent_connection where agent_id = ?"
                + " and disconnected_at is null",
            agentId)
        .stream()
        .map(r -> r.get(0))
        .toList();
  }

  @Test
  void aGoneSubscriptionIsDroppedAndAFailingServiceTriedAgain() throws Exception {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    var gone = PUSH.subscribe();
    var flaky = PUSH.subscribe();
    String goneId = subscribe(a, token, gone);
    subscribe(TestCluster.b(), token, flaky);
    PUSH.answer(gone, 410);
    PUSH.answer(flaky, 503);

    String text = "Your replacement ships today " + UUID.randomUUID();
    try (var alice = MailIT.onlineAlice();
        var widget = ChatClient.authenticated(a, "/ws/visitor", token)) {
      JsonObject first = say(widget, null, "Status?");
      String conversation = first.getJsonObject("message").getString("conversationId");
      widget.close();
      say(alice.client(), conversation, text);
    }
    waitUntil("the push service was asked and failed", () -> PUSH.attempts(flaky) > 0);
    PUSH.answer(flaky, 201);
    PUSH.await(flaky, p -> says(p, text), PUSHED);
    waitUntil(
        "the gone subscription is dropped",
        () -> TestCluster.rows("select 1 from push_subscription where id = ?", goneId).isEmpty());
  }

  @Test
  void badSubscriptionsAreRefusedAndOnlyOnesOwnCanBeRemoved() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    JsonObject visitor = Http.newVisitor(a);
    String token = visitor.getString("token");
    String other = Http.newVisitor(b).getString("token");
    var good = PUSH.subscribe();
    String p256dh = good.json().replaceAll(".*\"p256dh\":\"([^\"]+)\".*", "$1");
    String auth = good.json().replaceAll(".*\"auth\":\"([^\"]+)\".*", "$1");

    refused(
        a, token, subscription("https://push.evil.example/x", p256dh, auth), 400, "push service");
    refused(a, token, subscription("http://127.0.0.1:1/push/x", p256dh, auth), 400, "push service");
    refused(
        a,
        token,
        subscription(PUSH.origin().replace("http:", "https:") + "/push/x", p256dh, auth),
        400,
        "push service");
    refused(a, token, subscription(PUSH.origin() + "/push/x", "AAAA", auth), 400, "p256dh");
    String offCurve =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(pointOffTheCurve());
    refused(a, token, subscription(PUSH.origin() + "/push/x", offCurve, auth), 400, "P-256");
    refused(a, token, subscription(PUSH.origin() + "/push/x", p256dh, "c2hvcnQ"), 400, "auth");
    refused(a, token, "{\"endpoint\":\"" + PUSH.origin() + "/push/x\"}", 400, "keys");
    refused(a, token, "{\"endpoint\":", 400, "");
    refused(a, null, good.json(), 401, "");

    String id = subscribe(b, token, good);
    var notYours = AccountsIT.call(a, "DELETE", "/api/push/subscriptions/" + id, other, null);
    assertEquals(404, notYours.status(), notYours.body());
    var unknown =
        AccountsIT.call(a, "DELETE", "/api/push/subscriptions/" + UUID.randomUUID(), token, null);
    assertEquals(404, unknown.status());
    assertTrue(unknown.body().contains("unknown subscription"), unknown.body());

    // Ten devices at most: an eleventh replaces the oldest.
    for (int i = 0; i < 10; i++) {
      subscribe(i % 2 == 0 ? a : b, token, PUSH.subscribe());
    }
    assertEquals(
        "10",
        TestCluster.rows(
                "select count(*) from push_subscription where participant_id = ?",
                visitor.getString("visitorId"))
            .get(0)
            .get(0));
    assertTrue(
        TestCluster.rows("select 1 from push_subscription where id = ?", id).isEmpty(),
        "the oldest went");

    var removed =
        AccountsIT.call(
            b,
            "DELETE",
            "/api/push/subscriptions/" + subscribe(a, token, PUSH.subscribe()),
            token,
            null);
    assertEquals(204, removed.status(), removed.body());
  }

  private static byte[] pointOffTheCurve() {
    byte[] point = new byte[65];
    point[0] = 4;
    point[64] = 1;
    return point;
  }

  private static String subscription(String endpoint, String p256dh, String auth) {
    return "{\"endpoint\":\""
        + endpoint
        + "\",\"keys\":{\"p256dh\":\""
        + p256dh
        + "\",\"auth\":\""
        + auth
        + "\"}}";
  }

  private static void refused(URI base, String token, String body, int status, String why) {
    var reply = AccountsIT.call(base, "POST", "/api/push/subscriptions", token, body);
    assertEquals(status, reply.status(), body + " → " + reply.body());
    assertTrue(reply.body().contains(why), reply.body());
  }
}
