package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static dev.switchboard.system.ClusterIT.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The requests and events of the contract beyond sending: receipts, agents' work on conversations,
 * notes, replies, presence and the HTTP list. The visitor is on instance A, agents mostly on B.
 */
class ProtocolIT {

  static final Duration QUIET = Duration.ofMillis(700);

  record Agent(String id, String name, ChatClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  static Agent agent(URI base, String username) {
    JsonObject login = Http.agentLogin(base, username, TestCluster.AGENT_PASSWORD);
    return new Agent(
        login.getString("agentId"),
        login.getString("displayName"),
        ChatClient.authenticated(base, "/ws/agent", login.getString("token")));
  }

  static Predicate<JsonObject> about(String conversation) {
    return f ->
        f.containsKey("message")
            ? conversation.equals(conversationOf(f))
            : conversation.equals(
                f.containsKey("conversation")
                    ? f.getJsonObject("conversation").getString("id")
                    : f.getString("conversationId", null));
  }

  static JsonObject summaryOf(JsonObject ready, String conversation) {
    return ready.getJsonArray("conversations").stream()
        .map(JsonValue::asJsonObject)
        .filter(c -> conversation.equals(c.getString("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(conversation + " not in " + ready));
  }

  static JsonObject listed(URI base, String token, String query, String conversation) {
    var reply = Http.get(base, "/api/conversations" + query, token);
    assertEquals(200, reply.status(), reply.body());
    return reply.any().asJsonArray().stream()
        .map(JsonValue::asJsonObject)
        .filter(c -> conversation.equals(c.getString("id")))
        .findFirst()
        .orElse(null);
  }

  static JsonObject systemMessage(ChatClient client, String conversation) {
    return client.next(
        "message",
        f ->
            conversation.equals(conversationOf(f))
                && "system".equals(f.getJsonObject("message").getString("kind")));
  }

  /** The first {@code conversation} event about this conversation in the given state. */
  static JsonObject conversationEvent(
      ChatClient client, String conversation, Predicate<JsonObject> state) {
    return client.next("conversation", about(conversation).and(state));
  }

  static Predicate<JsonObject> assignedTo(String agentId) {
    return f -> agentId.equals(assignee(f));
  }

  static Predicate<JsonObject> inStatus(String status) {
    return f -> status.equals(status(f));
  }

  @Test
  void receiptsReachTheOtherSideAcrossInstancesAndSurviveAReload() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String visitorToken = ((JsonObject) opened[2]).getString("token");
    try (var visitor = (ChatClient) opened[0];
        var alice = agent(TestCluster.b(), TestCluster.AGENT).client()) {
      visitor.sendText("r2", conversation, "two");
      visitor.sendText("r3", conversation, "three");
      assertEquals(2, visitor.collect(2, ChatClient.WAIT, "ack").size());

      alice.send("delivered", "conversationId", conversation, "upToSeq", 3);
      JsonObject delivered = visitor.next("receipt", about(conversation));
      assertNotNull(delivered, "the visitor on A sees the agent's delivered receipt from B");
      assertEquals("delivered", delivered.getString("kind"));
      assertEquals(3, delivered.getInt("upToSeq"));
      assertEquals("agent", delivered.getJsonObject("reader").getString("type"));

      alice.send("read", "conversationId", conversation, "upToSeq", 2);
      JsonObject read = visitor.next("receipt", about(conversation));
      assertEquals("read", read.getString("kind"));
      assertEquals(2, read.getInt("upToSeq"));
      alice.send("read", "conversationId", conversation, "upToSeq", 1);
      assertNull(
          visitor.next(f -> "receipt".equals(f.getString("type")), QUIET),
          "a receipt never moves back, and an unchanged one is not news");
      assertNull(
          alice.next(f -> "receipt".equals(f.getString("type")), QUIET),
          "the reader does not get its own receipt");

      // A reload, on the other instance: the ticks and the unread counts are stored.
      try (var reloaded = ChatClient.authenticated(TestCluster.b(), "/ws/visitor", visitorToken);
          var aliceAgain = agent(TestCluster.a(), TestCluster.AGENT).client()) {
        JsonObject receipt =
            summaryOf(reloaded.ready, conversation).getJsonArray("receipts").stream()
                .map(JsonValue::asJsonObject)
                .filter(r -> "agent".equals(r.getJsonObject("reader").getString("type")))
                .findFirst()
                .orElseThrow();
        assertEquals(3, receipt.getInt("delivered"));
        assertEquals(2, receipt.getInt("read"));
        assertEquals(
            1,
            summaryOf(aliceAgain.ready, conversation).getInt("unread"),
            "seq 3 is unread for the agent");
        assertEquals(0, summaryOf(reloaded.ready, conversation).getInt("unread"));
      }
      String aliceToken =
          Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
      assertEquals(1, listed(TestCluster.a(), aliceToken, "", conversation).getInt("unread"));

      // The visitor's side: two replies unread, then read.
      alice.sendText("reply-1", conversation, "first reply");
      alice.sendText("reply-2", conversation, "second reply");
      assertEquals(2, alice.collect(2, ChatClient.WAIT, "ack").size());
      assertEquals(2, visitor.collect(2, ChatClient.WAIT, "message").size());
      assertEquals(2, listed(TestCluster.b(), visitorToken, "", conversation).getInt("unread"));
      assertEquals(
          1,
          listed(TestCluster.a(), aliceToken, "", conversation).getInt("unread"),
          "the agent's own replies are not unread for them");
      visitor.send("read", "conversationId", conversation, "upToSeq", 5);
      JsonObject visitorRead = alice.next("receipt", about(conversation));
      assertEquals("visitor", visitorRead.getJsonObject("reader").getString("type"));
      assertEquals(5, visitorRead.getInt("upToSeq"));
      assertEquals(0, listed(TestCluster.b(), visitorToken, "", conversation).getInt("unread"));

      visitor.send("read", "conversationId", conversation, "upToSeq", "five");
      assertEquals("bad_request", visitor.next("error").getString("code"));
      visitor.send("read", "conversationId", conversation);
      assertEquals("bad_request", visitor.next("error").getString("code"));
    }
    String other = Http.newVisitor(TestCluster.a()).getString("token");
    try (var intruder = ChatClient.authenticated(TestCluster.a(), "/ws/visitor", other)) {
      intruder.send("read", "ref", "x", "conversationId", conversation, "upToSeq", 1);
      JsonObject error = intruder.next("error");
      assertEquals("forbidden", error.getString("code"));
      assertEquals("x", error.getString("ref"));
    }
  }

  @Test
  void ofTwoAgentsClaimingAtOnceOnTwoInstancesOneWinsAndTheOtherGetsConflict() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    Agent alice = agent(TestCluster.b(), TestCluster.AGENT);
    Agent bob = agent(TestCluster.a(), TestCluster.OTHER_AGENT);
    try (var visitor = (ChatClient) opened[0];
        var a = alice.client();
        var b = bob.client()) {
      a.send("claim", "ref", "claim-a", "conversationId", conversation);
      b.send("claim", "ref", "claim-b", "conversationId", conversation);
      JsonObject answerA = a.next(f -> "claim-a".equals(f.getString("ref", null)), ChatClient.WAIT);
      JsonObject answerB = b.next(f -> "claim-b".equals(f.getString("ref", null)), ChatClient.WAIT);
      assertNotNull(answerA);
      assertNotNull(answerB);
      assertEquals(
          Set.of("conversation", "error"),
          Set.of(answerA.getString("type"), answerB.getString("type")),
          "one wins, one is refused: " + answerA + " " + answerB);
      boolean aliceWon = "conversation".equals(answerA.getString("type"));
      Agent winner = aliceWon ? alice : bob;
      JsonObject won = aliceWon ? answerA : answerB;
      JsonObject lost = aliceWon ? answerB : answerA;
      ChatClient loser = aliceWon ? b : a;
      assertEquals("conflict", lost.getString("code"));
      assertEquals(
          winner.id(), won.getJsonObject("conversation").getJsonObject("assignee").getString("id"));
      // Everyone else learns it: the loser and the visitor get the change, the visitor a message.
      assertNotNull(conversationEvent(loser, conversation, assignedTo(winner.id())));
      assertNotNull(conversationEvent(visitor, conversation, assignedTo(winner.id())));
      JsonObject joined = systemMessage(visitor, conversation);
      assertEquals(winner.name() + " joined the conversation", text(joined));
      assertEquals(
          "system", joined.getJsonObject("message").getJsonObject("sender").getString("type"));
      assertEquals(2, seq(joined));
      assertNull(
          visitor.next(
              f ->
                  f.containsKey("message")
                      && "system".equals(f.getJsonObject("message").getString("kind")),
              QUIET),
          "one claim, one system message");

      visitor.send("claim", "conversationId", conversation);
      assertEquals("forbidden", visitor.next("error").getString("code"));
      a.send("claim", "conversationId", "no-such-conversation");
      assertEquals("not_found", a.next("error").getString("code"));
    }
  }

  static String text(JsonObject messageFrame) {
    return messageFrame.getJsonObject("message").getString("text");
  }

  @Test
  void transferResolveAndReopenReachEveryAgentAndTheVisitor() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    Agent alice = agent(TestCluster.b(), TestCluster.AGENT);
    Agent bob = agent(TestCluster.a(), TestCluster.OTHER_AGENT);
    try (var visitor = (ChatClient) opened[0];
        var a = alice.client();
        var b = bob.client()) {
      a.send("claim", "conversationId", conversation);
      assertNotNull(conversationEvent(b, conversation, assignedTo(alice.id())));
      assertNotNull(systemMessage(visitor, conversation));

      a.send("transfer", "ref", "t", "conversationId", conversation, "toAgentId", bob.id());
      JsonObject transferred = a.next("conversation", f -> "t".equals(f.getString("ref", null)));
      assertEquals(bob.id(), assignee(transferred));
      assertNotNull(conversationEvent(b, conversation, assignedTo(bob.id())));
      assertNotNull(conversationEvent(visitor, conversation, assignedTo(bob.id())));
      assertEquals(
          alice.name() + " transferred the conversation to " + bob.name(),
          text(systemMessage(visitor, conversation)));
      a.send("transfer", "conversationId", conversation, "toAgentId", "nobody");
      assertEquals("not_found", a.next("error").getString("code"));
      a.send("transfer", "conversationId", conversation);
      assertEquals("bad_request", a.next("error").getString("code"));

      b.send("resolve", "ref", "x", "conversationId", conversation);
      assertEquals("resolved", status(b.next("conversation", f -> f.containsKey("ref"))));
      assertNotNull(conversationEvent(a, conversation, inStatus("resolved")));
      assertNotNull(conversationEvent(visitor, conversation, inStatus("resolved")));
      assertEquals(
          bob.name() + " marked the conversation as resolved",
          text(systemMessage(visitor, conversation)));
      a.send("claim", "conversationId", conversation);
      assertEquals("conflict", a.next("error").getString("code"), "a resolved one is not claimed");

      b.send("reopen", "ref", "r", "conversationId", conversation);
      assertEquals(
          "open", status(b.next("conversation", f -> "r".equals(f.getString("ref", null)))));
      assertNotNull(conversationEvent(visitor, conversation, inStatus("open")));
      assertEquals(
          bob.name() + " reopened the conversation", text(systemMessage(visitor, conversation)));
      assertNotNull(
          conversationEvent(a, conversation, inStatus("open").and(assignedTo(bob.id()))),
          "reopened with its assignee");
    }
  }

  static String assignee(JsonObject conversationFrame) {
    JsonObject assignee = conversationFrame.getJsonObject("conversation").getJsonObject("assignee");
    return assignee == null ? null : assignee.getString("id");
  }

  static String status(JsonObject conversationFrame) {
    return conversationFrame.getJsonObject("conversation").getString("status");
  }

  /**
   * Our choice: a visitor writing into their resolved conversation reopens it (same thread, same
   * assignee); a visitor's send without a conversation id after a resolve starts a new one.
   */
  @Test
  void aVisitorWritingIntoAResolvedConversationReopensIt() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    Agent alice = agent(TestCluster.b(), TestCluster.AGENT);
    try (var visitor = (ChatClient) opened[0];
        var a = alice.client()) {
      // With refs, so that the answers to these are not mistaken for events.
      a.send("claim", "ref", "c", "conversationId", conversation);
      a.send("resolve", "ref", "r", "conversationId", conversation);
      assertNotNull(conversationEvent(visitor, conversation, inStatus("resolved")));

      visitor.sendText("after-resolve", conversation, "one more question");
      JsonObject ack = visitor.next("ack");
      assertEquals(conversation, conversationOf(ack));
      assertNotNull(
          conversationEvent(
              a,
              conversation,
              inStatus("open").and(assignedTo(alice.id())).and(f -> !f.containsKey("ref"))),
          "agents see the conversation open again, with its assignee");
      assertEquals(
          seq(ack),
          seq(
              a.next(
                  "message",
                  about(conversation)
                      .and(f -> !"system".equals(f.getJsonObject("message").getString("kind"))))));

      // The visitor writes only once the resolve is stored (its answer came): a resolved event
      // seen earlier must not let the next send race the resolve.
      a.send("resolve", "ref", "r2", "conversationId", conversation);
      assertNotNull(
          a.next("conversation", f -> "r2".equals(f.getString("ref", null))), "resolved again");
      assertNotNull(visitor.next("conversation", f -> "resolved".equals(status(f))));
      visitor.sendText("fresh-start", null, "a new question");
      String fresh = conversationOf(visitor.next("ack"));
      assertFalse(conversation.equals(fresh), "without an id, a new conversation");
      JsonObject created = a.next("conversation", about(fresh));
      assertNotNull(created, "agents learn of the new conversation");
      assertEquals("open", status(created));
      assertNull(created.getJsonObject("conversation").get("assignee"));

      // Reopening the old one now would make two open ones: refused, nothing stored.
      visitor.sendText("old-thread", conversation, "back to the old one");
      assertEquals("conflict", visitor.next("error").getString("code"));
    }
  }

  @Test
  void notesReachAgentsOnlyNeverAVisitorNotEvenThroughHistoryOrResume() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String visitorToken = ((JsonObject) opened[2]).getString("token");
    Agent alice = agent(TestCluster.b(), TestCluster.AGENT);
    Agent bob = agent(TestCluster.a(), TestCluster.OTHER_AGENT);
    try (var visitor = (ChatClient) opened[0];
        var a = alice.client();
        var b = bob.client()) {
      a.send(
          "note",
          "ref",
          "n",
          "clientId",
          "note-1",
          "conversationId",
          conversation,
          "text",
          "VIP customer");
      JsonObject ack = a.next("ack");
      JsonObject note = ack.getJsonObject("message");
      assertEquals("n", ack.getString("ref"));
      assertEquals("note", note.getString("kind"));
      assertFalse(note.containsKey("seq"), "a note takes no seq");
      assertEquals(1, note.getInt("afterSeq"));
      JsonObject atBob = b.next("message", about(conversation));
      assertEquals(note.getString("id"), atBob.getJsonObject("message").getString("id"));

      visitor.sendText("v2", conversation, "are you there?");
      assertEquals(2, seq(visitor.next("ack")), "no gap for the visitor");
      a.send("note", "clientId", "note-2", "conversationId", conversation, "text", "checking");
      assertEquals("note", a.next("ack").getJsonObject("message").getString("kind"));
      // A resent note is acknowledged again, delivered to nobody again.
      a.send("note", "clientId", "note-1", "conversationId", conversation, "text", "VIP customer");
      assertEquals(note.getString("id"), a.next("ack").getJsonObject("message").getString("id"));
      List<JsonObject> atBobNext = b.collect(3, Duration.ofSeconds(2), "message");
      assertEquals(2, atBobNext.size(), "message 2 and note 2 only: " + atBobNext);

      assertNull(
          visitor.next(
              f ->
                  f.containsKey("message")
                      && "note".equals(f.getJsonObject("message").getString("kind")),
              QUIET),
          "no note reaches the visitor live");
      visitor.send("history", "conversationId", conversation);
      assertEquals(List.of(1L, 2L), ClusterIT.seqs(visitor.next("history")));
      var page =
          Http.get(
              TestCluster.b(), "/api/conversations/" + conversation + "/messages", visitorToken);
      assertFalse(page.body().contains("VIP"), page.body());
      var list = Http.get(TestCluster.b(), "/api/conversations", visitorToken);
      assertFalse(
          list.body().contains("checking"), "not the visitor's last message: " + list.body());
      try (var resumed =
          ChatClient.resuming(TestCluster.b(), "/ws/visitor", visitorToken, conversation, 0)) {
        List<JsonObject> backlog = resumed.collect(3, Duration.ofSeconds(2), "message");
        assertEquals(2, backlog.size(), "messages 1 and 2, no note: " + backlog);
      }

      // Agents see notes in history, after the message they follow, and when they resume.
      a.send("history", "conversationId", conversation);
      var kinds =
          a.next("history").getJsonArray("messages").stream()
              .map(
                  m ->
                      m.asJsonObject().getString("kind") + ":" + m.asJsonObject().getString("text"))
              .toList();
      assertEquals(
          List.of("text:hello", "note:VIP customer", "text:are you there?", "note:checking"),
          kinds);
      String bobToken =
          Http.agentToken(TestCluster.b(), TestCluster.OTHER_AGENT, TestCluster.AGENT_PASSWORD);
      try (var resumed =
          ChatClient.resuming(TestCluster.b(), "/ws/agent", bobToken, conversation, 1)) {
        List<JsonObject> backlog = resumed.collect(3, Duration.ofSeconds(5), "message");
        assertEquals(
            List.of("VIP customer", "are you there?", "checking"),
            backlog.stream().map(ProtocolIT::text).toList());
      }

      visitor.send("note", "clientId", "sneaky", "conversationId", conversation, "text", "hi");
      assertEquals("forbidden", visitor.next("error").getString("code"));
      a.send("note", "clientId", "no-conversation", "text", "where?");
      assertEquals("bad_request", a.next("error").getString("code"));
    }
  }

  @Test
  void aReplyNamesAMessageOfTheSameConversation() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    Agent alice = agent(TestCluster.b(), TestCluster.AGENT);
    try (var visitor = (ChatClient) opened[0];
        var a = alice.client()) {
      String first = summaryOf(a.ready, conversation).getJsonObject("lastMessage").getString("id");
      a.send(
          "send",
          "clientId",
          "re-1",
          "conversationId",
          conversation,
          "text",
          "about that",
          "replyTo",
          first);
      JsonObject reply = a.next("ack").getJsonObject("message");
      assertEquals(first, reply.getString("replyTo"));
      assertEquals(first, visitor.next("message").getJsonObject("message").getString("replyTo"));

      Object[] elsewhere = ClusterIT.openConversation();
      try (var other = (ChatClient) elsewhere[0]) {
        a.send(
            "send",
            "clientId",
            "re-2",
            "conversationId",
            conversation,
            "text",
            "x",
            "replyTo",
            "no-such-message");
        assertEquals("bad_request", a.next("error").getString("code"));
        JsonObject otherMessage = a.next("message", about((String) elsewhere[1]));
        a.send(
            "send",
            "clientId",
            "re-3",
            "conversationId",
            conversation,
            "text",
            "x",
            "replyTo",
            otherMessage.getJsonObject("message").getString("id"));
        assertEquals("bad_request", a.next("error").getString("code"));
      }
      a.send(
          "note",
          "clientId",
          "re-note",
          "conversationId",
          conversation,
          "text",
          "hmm",
          "replyTo",
          first);
      String noteId = a.next("ack").getJsonObject("message").getString("id");
      a.send(
          "send",
          "clientId",
          "re-4",
          "conversationId",
          conversation,
          "text",
          "x",
          "replyTo",
          noteId);
      assertEquals(
          "bad_request",
          a.next("error").getString("code"),
          "visible messages never point at notes");
    }
  }

  static String statusOf(JsonObject presence, String agentId) {
    return presence.getJsonArray("agents").stream()
        .map(JsonValue::asJsonObject)
        .filter(a -> agentId.equals(a.getString("id")))
        .map(a -> a.getString("status"))
        .findFirst()
        .orElse(null);
  }

  static Predicate<JsonObject> agentIs(String agentId, String status) {
    return f -> f.containsKey("agents") && status.equals(statusOf(f, agentId));
  }

  @Test
  void presenceIsClusterWideSurvivesAReloadAndGoesOfflineAfterTheGrace() throws Exception {
    JsonObject v = Http.newVisitor(TestCluster.a());
    try (var visitor =
        ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"))) {
      JsonObject first = visitor.next("presence");
      assertNotNull(first, "presence follows ready");
      assertTrue(
          first.containsKey("agentsOnline") && first.containsKey("lastAgentSeenAt"),
          first.toString());

      Agent carol = agent(TestCluster.b(), TestCluster.THIRD_AGENT);
      Agent bob = agent(TestCluster.a(), TestCluster.OTHER_AGENT);
      try (var b = bob.client()) {
        var c = carol.client();
        assertNotNull(
            b.next("presence", agentIs(carol.id(), "online")), "carol on B is online for bob on A");
        assertNotNull(visitor.next("presence", f -> f.getInt("agentsOnline") >= 1));

        c.send("status", "ref", "s", "status", "away");
        JsonObject answer = c.next("presence", f -> "s".equals(f.getString("ref", null)));
        assertEquals("away", statusOf(answer, carol.id()));
        assertNotNull(b.next("presence", agentIs(carol.id(), "away")));
        c.send("status", "status", "online");
        assertNotNull(b.next("presence", agentIs(carol.id(), "online")));
        c.send("status", "status", "busy");
        assertEquals("bad_request", c.next("error").getString("code"));
        visitor.send("status", "status", "online");
        assertEquals("forbidden", visitor.next("error").getString("code"));

        // A page reload: gone and back within the grace period, and nobody sees her leave.
        c.close();
        c =
            ChatClient.authenticated(
                TestCluster.a(),
                "/ws/agent",
                Http.agentToken(
                    TestCluster.a(), TestCluster.THIRD_AGENT, TestCluster.AGENT_PASSWORD));
        assertNull(
            b.next(agentIs(carol.id(), "offline"), Duration.ofSeconds(10)),
            "no offline flap on a reload");
        // Gone for good: offline once the grace period has passed, not before.
        long gone = System.nanoTime();
        c.close();
        assertNotNull(b.next(agentIs(carol.id(), "offline"), Duration.ofSeconds(20)));
        long after = Duration.ofNanos(System.nanoTime() - gone).toMillis();
        assertTrue(
            after >= TestCluster.PRESENCE_GRACE.toMillis() - 500,
            "after the grace: " + after + " ms");
      }
      // With every agent gone, visitors are told nobody is online, and since when.
      JsonObject nobody =
          visitor.next(
              f -> "presence".equals(f.getString("type")) && f.getInt("agentsOnline") == 0,
              Duration.ofSeconds(25));
      assertNotNull(nobody, "visitors never see agents online when none is");
      assertFalse(nobody.isNull("lastAgentSeenAt"));
    }
  }

  @Test
  void theHttpListFiltersByStatusAndAssignee() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String visitorToken = ((JsonObject) opened[2]).getString("token");
    String aliceToken =
        Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String bobToken =
        Http.agentToken(TestCluster.b(), TestCluster.OTHER_AGENT, TestCluster.AGENT_PASSWORD);
    try (var visitor = (ChatClient) opened[0];
        var alice = ChatClient.authenticated(TestCluster.b(), "/ws/agent", aliceToken)) {
      assertNotNull(listed(TestCluster.a(), bobToken, "?assignee=none", conversation));
      alice.send("claim", "ref", "c", "conversationId", conversation);
      assertNotNull(alice.next("conversation", f -> "c".equals(f.getString("ref", null))));
      assertNotNull(listed(TestCluster.a(), aliceToken, "?assignee=me", conversation));
      assertNull(listed(TestCluster.a(), bobToken, "?assignee=me", conversation));
      assertNull(listed(TestCluster.a(), bobToken, "?assignee=none", conversation));
      assertNull(listed(TestCluster.a(), bobToken, "?status=resolved", conversation));
      assertNotNull(listed(TestCluster.a(), bobToken, "?status=open", conversation));
      assertEquals(
          400, Http.get(TestCluster.a(), "/api/conversations?status=lost", bobToken).status());
      alice.send("resolve", "conversationId", conversation);
      assertNotNull(
          visitor.next("conversation", f -> "resolved".equals(status(f))), "resolved (stored)");
      assertNull(
          listed(TestCluster.b(), bobToken, "", conversation), "agents' default: unresolved");
      assertNotNull(listed(TestCluster.b(), bobToken, "?status=resolved", conversation));
      assertEquals(
          conversation,
          Http.get(TestCluster.b(), "/api/conversations?status=resolved", bobToken)
              .any()
              .asJsonArray()
              .getJsonObject(0)
              .getString("id"),
          "the last resolved comes first");
      assertNotNull(
          listed(TestCluster.b(), visitorToken, "", conversation), "visitors: all their own");

      var messages =
          Http.get(
              TestCluster.b(),
              "/api/conversations/" + conversation + "/messages?afterSeq=1",
              visitorToken);
      assertEquals(200, messages.status());
      String other = Http.newVisitor(TestCluster.b()).getString("token");
      assertEquals(
          403,
          Http.get(TestCluster.b(), "/api/conversations/" + conversation + "/messages", other)
              .status());
      assertNull(listed(TestCluster.b(), other, "", conversation));
      assertEquals(
          401,
          Http.get(TestCluster.b(), "/api/conversations/" + conversation + "/messages", null)
              .status());
      assertEquals(
          404,
          Http.get(
                  TestCluster.b(),
                  "/api/conversations/" + UUID.randomUUID() + "/messages",
                  bobToken)
              .status());
    }
  }

  /** Receivers forget a silent typist, so one who keeps typing is announced again. */
  @Test
  void aTypistWhoKeepsTypingIsAnnouncedAgain() throws Exception {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    try (var visitor = (ChatClient) opened[0];
        var alice = agent(TestCluster.b(), TestCluster.AGENT).client()) {
      for (int i = 0; i < 3; i++) {
        visitor.send("typing", "conversationId", conversation, "typing", true);
        Thread.sleep(2000); // the pace of a typist's keystrokes
      }
      List<JsonObject> started = new java.util.ArrayList<>();
      for (JsonObject f;
          (f = ClusterIT.typingFrame(alice, true, Duration.ofSeconds(1))) != null; ) {
        started.add(f);
      }
      assertEquals(2, started.size(), "announced at once and again after 3 s: " + started);
    }
  }
}
