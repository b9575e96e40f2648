package dev.switchboard.system;

import static dev.switchboard.system.ProtocolIT.about;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The transport for networks that refuse WebSockets, on two instances: Server-Sent Events opened
 * with a ticket, requests over HTTP. A visitor on it and an agent on a socket talk across instances
 * with every guarantee of the contract (acks, seq order, the sender's own messages on its stream,
 * resume by Last-Event-ID); tickets are single-use and short-lived; bad frames are answered as a
 * socket's would be, with the status of their code.
 */
class StreamsIT {

  static String send(String conversation, String text) {
    var frame =
        Json.createObjectBuilder()
            .add("type", "send")
            .add("ref", "s-" + UUID.randomUUID())
            .add("clientId", "c-" + UUID.randomUUID())
            .add("text", text);
    if (conversation != null) {
      frame.add("conversationId", conversation);
    }
    return frame.build().toString();
  }

  static boolean says(SseClient.Event event, String text) {
    return event != null && text.equals(event.frame().getJsonObject("message").getString("text"));
  }

  @Test
  void aVisitorOnTheStreamAndAnAgentOnASocketTalkAcrossInstances() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String token = Http.newVisitor(a).getString("token");
    try (var alice = MailIT.onlineAlice();
        var stream = SseClient.open(b, "visitor", SseClient.ticket(a, token), null, null)) {
      assertEquals(200, stream.status);
      assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
      assertNotNull(stream.next("ready"), "ready first, as on a socket");

      // The request over HTTP on A is answered with its ack; the stream on B brings the message.
      String clientId = "c-" + UUID.randomUUID();
      var sent =
          SseClient.post(
              a,
              token,
              "{\"type\":\"send\",\"ref\":\"r1\",\"clientId\":\""
                  + clientId
                  + "\",\"text\":\"Hi\"}");
      assertEquals(200, sent.status(), sent.body());
      JsonObject ack = sent.json();
      assertEquals("ack", ack.getString("type"));
      assertEquals("r1", ack.getString("ref"));
      assertEquals(clientId, ack.getString("clientId"));
      String conversation = ack.getJsonObject("message").getString("conversationId");
      SseClient.Event own =
          stream.next(f -> "message".equals(f.getString("type")), ChatClient.WAIT);
      assertNotNull(own, "the sender's own message on its stream");
      assertEquals(conversation + ":1", own.id());
      // A resend (the same clientId) is answered with the first message and not delivered again:
      // the next message on the stream is the agent's reply.
      var resent =
          SseClient.post(
              b,
              token,
              "{\"type\":\"send\",\"ref\":\"r2\",\"clientId\":\""
                  + clientId
                  + "\",\"text\":\"Hi\"}");
      assertEquals(200, resent.status(), resent.body());
      assertEquals(
          ack.getJsonObject("message").getString("id"),
          resent.json().getJsonObject("message").getString("id"));
      assertEquals(1, resent.json().getJsonObject("message").getInt("seq"));

      // The agent on a socket of A hears it and answers; the stream on B gets the reply.
      assertNotNull(alice.client().next("message", about(conversation)));
      MailIT.say(alice.client(), conversation, "Hello from a socket");
      SseClient.Event reply =
          stream.next(f -> "message".equals(f.getString("type")), ChatClient.WAIT);
      assertTrue(says(reply, "Hello from a socket"), String.valueOf(reply));
      assertEquals(conversation + ":2", reply.id());

      // Other requests: a reply frame, or nothing (204) where a socket gets none.
      var history =
          SseClient.post(
              b,
              token,
              "{\"type\":\"history\",\"ref\":\"h\",\"conversationId\":\"" + conversation + "\"}");
      assertEquals(200, history.status(), history.body());
      assertEquals(2, history.json().getJsonArray("messages").size());
      var typing =
          SseClient.post(
              a,
              token,
              "{\"type\":\"typing\",\"conversationId\":\"" + conversation + "\",\"typing\":true}");
      assertEquals(204, typing.status(), typing.body());
      assertNotNull(alice.client().next("typing", about(conversation)));
      var read =
          SseClient.post(
              b,
              token,
              "{\"type\":\"read\",\"conversationId\":\"" + conversation + "\",\"upToSeq\":2}");
      assertEquals(204, read.status());
      assertNotNull(alice.client().next("receipt", about(conversation)));
    }
  }

  @Test
  void aStreamResumesAfterItsLastEventIdInOrderOnTheOtherInstance() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String token = Http.newVisitor(a).getString("token");
    String conversation;
    try (var alice = MailIT.onlineAlice()) {
      try (var stream = SseClient.open(a, "visitor", SseClient.ticket(a, token), null, null)) {
        assertNotNull(stream.next("ready"));
        conversation =
            SseClient.post(a, token, send(null, "First"))
                .json()
                .getJsonObject("message")
                .getString("conversationId");
        assertNotNull(alice.client().next("message", about(conversation)));
      }
      for (int i = 2; i <= 4; i++) {
        MailIT.say(alice.client(), conversation, "Missed " + i);
      }
    }
    try (var again =
        SseClient.open(b, "visitor", SseClient.ticket(b, token), null, conversation + ":1")) {
      assertEquals(200, again.status);
      assertNotNull(again.next("ready"));
      for (int seq = 2; seq <= 4; seq++) {
        SseClient.Event missed =
            again.next(f -> "message".equals(f.getString("type")), ChatClient.WAIT);
        assertNotNull(missed, "message " + seq);
        assertEquals(seq, missed.frame().getJsonObject("message").getInt("seq"));
        assertEquals(conversation + ":" + seq, missed.id());
      }
    }
    // The same with the resume list, as the widget sends it.
    try (var listed =
        SseClient.open(
            a,
            "visitor",
            SseClient.ticket(a, token),
            "[{\"conversationId\":\"" + conversation + "\",\"afterSeq\":3}]",
            null)) {
      assertNotNull(listed.next("ready"));
      SseClient.Event missed =
          listed.next(f -> "message".equals(f.getString("type")), ChatClient.WAIT);
      assertEquals(4, missed.frame().getJsonObject("message").getInt("seq"));
      assertNull(listed.next(f -> "message".equals(f.getString("type")), Duration.ofSeconds(1)));
    }
  }

  @Test
  void ticketsAreSingleUseShortLivedAndForTheirKind() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String visitor = Http.newVisitor(a).getString("token");
    String ticket = SseClient.ticket(a, visitor);
    try (var first = SseClient.open(b, "visitor", ticket, null, null)) {
      assertEquals(200, first.status);
      assertNotNull(first.next("ready"));
      try (var twice = SseClient.open(a, "visitor", ticket, null, null)) {
        assertEquals(401, twice.status, "a ticket used twice");
      }
    }
    String old = SseClient.ticket(a, visitor);
    TestCluster.update(
        "update stream_ticket set expires_at = now() - interval '1 second'"
            + " where expires_at > now()");
    try (var expired = SseClient.open(a, "visitor", old, null, null)) {
      assertEquals(401, expired.status, "an expired ticket");
    }
    try (var agentPath = SseClient.open(a, "agent", SseClient.ticket(b, visitor), null, null)) {
      assertEquals(401, agentPath.status, "a visitor's ticket on the agents' stream");
    }
    try (var unknown = SseClient.open(a, "visitor", "no-such-ticket", null, null)) {
      assertEquals(401, unknown.status);
    }
    try (var badResume = SseClient.open(a, "visitor", SseClient.ticket(a, visitor), "[{", null)) {
      assertEquals(400, badResume.status);
    }
    try (var badId = SseClient.open(a, "visitor", SseClient.ticket(a, visitor), null, "nonsense")) {
      assertEquals(400, badId.status);
    }
    var noToken = AccountsIT.call(a, "POST", "/api/stream-tickets", "nonsense", null);
    assertEquals(401, noToken.status());
  }

  @Test
  void badFramesOverHttpAreAnsweredAsOnASocket() {
    URI a = TestCluster.a();
    String token = Http.newVisitor(a).getString("token");
    String other = Http.newVisitor(a).getString("token");
    var conversation =
        SseClient.post(a, other, send(null, "Mine"))
            .json()
            .getJsonObject("message")
            .getString("conversationId");

    refused(a, token, "{\"type\":\"send\",", 400, "bad_request");
    refused(a, token, "{\"type\":\"auth\",\"token\":\"" + token + "\"}", 400, "bad_request");
    refused(a, token, "{\"type\":\"nonsense\"}", 400, "bad_request");
    refused(a, token, send(conversation, "Not mine"), 403, "forbidden");
    refused(
        a,
        token,
        "{\"type\":\"claim\",\"conversationId\":\"" + conversation + "\"}",
        403,
        "forbidden");
    refused(a, token, "x".repeat(64 * 1024 + 1), 413, "too_large");
    refused(a, "nonsense", send(null, "hi"), 401, "unauthorized");
    var tooLong = SseClient.post(a, token, send(null, "x".repeat(4001)));
    assertEquals(413, tooLong.status(), tooLong.body());
    assertTrue(tooLong.json().containsKey("clientId"), "the send it answers");
  }

  private static void refused(URI base, String token, String frame, int status, String code) {
    var reply = SseClient.post(base, token, frame);
    assertEquals(status, reply.status(), frame + " → " + reply.body());
    assertEquals(code, reply.json().getString("code"), reply.body());
  }

  @Test
  void aRevokedTokenEndsTheStreamAndKeepAlivesComeMeanwhile() throws Exception {
    URI a = TestCluster.a();
    var login = Http.agentLogin(a, TestCluster.OTHER_AGENT, TestCluster.AGENT_PASSWORD);
    String token = login.getString("token");
    try (var console =
        SseClient.open(TestCluster.b(), "agent", SseClient.ticket(a, token), null, null)) {
      assertNotNull(console.next("ready"));
      assertNotNull(console.next("presence"), "presence, as on a socket");
      Poll.await(
          "a keep-alive within 15 s", Duration.ofSeconds(25), () -> console.keepAlives.get() > 0);
      assertEquals(204, AccountsIT.call(a, "POST", "/api/agents/logout", token, null).status());
      SseClient.Event close =
          console.next(f -> "close".equals(f.getString("type")), ChatClient.WAIT);
      assertNotNull(close, "told why it ends");
      assertEquals(4401, close.frame().getInt("code"));
      assertTrue(console.ends(Duration.ofSeconds(10)), "and it ends");
    }
  }
}
