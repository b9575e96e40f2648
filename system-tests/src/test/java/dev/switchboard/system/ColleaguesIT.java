package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Colleagues in a conversation (issue 26): an agent on A invites an agent of another team, who sees
 * and answers it on B until they leave; the visitor sees who is there and is told who joined and
 * left; audited; refusals change nothing.
 */
class ColleaguesIT {

  static List<String> colleagues(JsonObject summary) {
    return summary.getJsonArray("colleagues").stream()
        .map(JsonValue::asJsonObject)
        .map(a -> a.getString("name"))
        .toList();
  }

  static String error(ChatClient client, String ref) {
    JsonObject error = client.next("error", f -> ref.equals(f.getString("ref", null)));
    assertNotNull(error, "an error for " + ref);
    return error.getString("code");
  }

  @Test
  void anInvitedColleagueSeesAndAnswersUntilTheyLeave() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String dana =
        Http.agentToken(TestCluster.a(), TestCluster.SUPERVISOR, TestCluster.AGENT_PASSWORD);
    String legal = TeamsIT.team(dana, "Legal " + suffix);
    TeamsIT.Agent lawyer = TeamsIT.newAgent(dana, legal);
    TeamsIT.Agent bystander = TeamsIT.newAgent(dana, TeamsIT.team(dana, "Sales " + suffix));

    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    try (var visitor = (ChatClient) opened[0];
        var alice = ProtocolIT.agent(TestCluster.a(), TestCluster.AGENT);
        var onB = ChatClient.authenticated(TestCluster.b(), "/ws/agent", lawyer.token());
        var other = ChatClient.authenticated(TestCluster.b(), "/ws/agent", bystander.token())) {
      // Outside their team: nothing of it yet, and they may not bring others in.
      onB.sendText("early", conversation, "may I?");
      assertEquals("forbidden", onB.next("error").getString("code"));
      other.send("invite", "ref", "o1", "conversationId", conversation, "agentId", lawyer.id());
      assertEquals("forbidden", error(other, "o1"));

      alice
          .client()
          .send("invite", "ref", "i1", "conversationId", conversation, "agentId", lawyer.id());
      JsonObject answer =
          alice.client().next("conversation", f -> "i1".equals(f.getString("ref", null)));
      assertNotNull(answer);
      List<String> present = colleagues(answer.getJsonObject("conversation"));
      assertEquals(1, present.size(), answer.toString());
      String lawyerName = present.get(0);

      // On B the colleague gets the conversation, then answers it; the visitor on A reads it.
      assertNotNull(
          onB.next("conversation", ProtocolIT.about(conversation)), "the invited agent sees it");
      JsonObject joined = ProtocolIT.systemMessage(visitor, conversation);
      assertEquals(
          lawyerName + " joined the conversation",
          joined.getJsonObject("message").getString("text"));
      JsonObject told =
          visitor.next(
              "conversation",
              f -> !f.getJsonObject("conversation").getJsonArray("colleagues").isEmpty());
      assertEquals(List.of(lawyerName), colleagues(told.getJsonObject("conversation")));
      onB.send("history", "ref", "h1", "conversationId", conversation);
      JsonObject history = onB.next("history", f -> "h1".equals(f.getString("ref", null)));
      assertNotNull(history, "the invited agent reads the history");
      assertEquals(
          "hello",
          history.getJsonArray("messages").getJsonObject(0).getString("text"),
          "from the visitor's first message");
      onB.sendText("answer-1", conversation, "Legal here: yes, you may cancel.");
      assertNotNull(onB.next("ack", f -> "answer-1".equals(f.getString("clientId", null))));
      assertNotNull(
          visitor.next(
              "message",
              f ->
                  "Legal here: yes, you may cancel."
                      .equals(f.getJsonObject("message").getString("text", null))),
          "the visitor on A reads the colleague's answer");
      assertNotNull(
          ProtocolIT.listed(TestCluster.b(), lawyer.token(), "", conversation),
          "listed for the colleague");
      assertFalse(
          TestCluster.rows(
                  "select details from audit_log where subject_id = ?"
                      + " and action = 'conversation.invited'",
                  conversation)
              .isEmpty());

      // Refusals: present already, oneself, nobody, a visitor; a team member who was not invited
      // cannot leave it.
      alice
          .client()
          .send("invite", "ref", "i2", "conversationId", conversation, "agentId", lawyer.id());
      assertEquals("conflict", error(alice.client(), "i2"));
      alice
          .client()
          .send("invite", "ref", "i3", "conversationId", conversation, "agentId", alice.id());
      assertEquals("bad_request", error(alice.client(), "i3"));
      alice
          .client()
          .send("invite", "ref", "i4", "conversationId", conversation, "agentId", "nobody");
      assertEquals("not_found", error(alice.client(), "i4"));
      alice.client().send("invite", "ref", "i5", "conversationId", conversation);
      assertEquals("bad_request", error(alice.client(), "i5"));
      visitor.send("invite", "ref", "v1", "conversationId", conversation, "agentId", alice.id());
      assertEquals("forbidden", error(visitor, "v1"));
      alice.client().send("leave", "ref", "l0", "conversationId", conversation);
      assertEquals("conflict", error(alice.client(), "l0"));

      // The colleague leaves: their answer says it is out of their view; the visitor is told.
      onB.send("leave", "ref", "l1", "conversationId", conversation);
      JsonObject left = onB.next("withdrawn", f -> "l1".equals(f.getString("ref", null)));
      assertNotNull(left, "the answer says the conversation left their view");
      JsonObject leftMessage =
          visitor.next(
              "message",
              f ->
                  (lawyerName + " left the conversation")
                      .equals(f.getJsonObject("message").getString("text", null)));
      assertNotNull(leftMessage);
      assertNotNull(
          alice
              .client()
              .next(
                  "conversation",
                  ProtocolIT.about(conversation)
                      .and(
                          f ->
                              f.getJsonObject("conversation")
                                  .getJsonArray("colleagues")
                                  .isEmpty())));
      onB.sendText("answer-2", conversation, "one more thing");
      assertEquals("forbidden", onB.next("error").getString("code"));
      onB.send("leave", "ref", "l2", "conversationId", conversation);
      assertEquals("forbidden", error(onB, "l2"));
      assertNull(ProtocolIT.listed(TestCluster.b(), lawyer.token(), "", conversation));
      assertFalse(
          TestCluster.rows(
                  "select 1 from audit_log where subject_id = ? and action = 'conversation.left'",
                  conversation)
              .isEmpty());
    }
  }

  @Test
  void overHttpAndAtMostTenColleaguesAndNotIntoAResolvedConversation() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String dana =
        Http.agentToken(TestCluster.a(), TestCluster.SUPERVISOR, TestCluster.AGENT_PASSWORD);
    String team = TeamsIT.team(dana, "Desk " + suffix);
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    try (var visitor = (ChatClient) opened[0]) {
      TeamsIT.Agent first = null;
      for (int i = 0; i < 10; i++) {
        TeamsIT.Agent colleague = TeamsIT.newAgent(dana, team);
        first = first == null ? colleague : first;
        var invited =
            Http.send(
                TestCluster.b(),
                "POST",
                "/api/conversations/" + conversation + "/colleagues",
                dana,
                "{\"agentId\":\"" + colleague.id() + "\"}");
        assertEquals(200, invited.status(), invited.body());
        assertEquals(i + 1, invited.json().getJsonArray("colleagues").size());
      }
      TeamsIT.Agent eleventh = TeamsIT.newAgent(dana, team);
      var refused =
          Http.send(
              TestCluster.b(),
              "POST",
              "/api/conversations/" + conversation + "/colleagues",
              dana,
              "{\"agentId\":\"" + eleventh.id() + "\"}");
      assertEquals(413, refused.status(), refused.body());
      assertEquals("too_large", refused.json().getString("code"));
      assertEquals(
          204,
          Http.send(
                  TestCluster.a(),
                  "DELETE",
                  "/api/conversations/" + conversation + "/colleagues/me",
                  first.token(),
                  null)
              .status());
      var summary = Http.get(TestCluster.a(), "/api/conversations/" + conversation, dana);
      assertEquals(9, summary.json().getJsonArray("colleagues").size());

      try (var agent = ProtocolIT.agent(TestCluster.a(), TestCluster.AGENT)) {
        agent.client().send("resolve", "ref", "r1", "conversationId", conversation);
        assertNotNull(
            agent.client().next("conversation", f -> "r1".equals(f.getString("ref", null))));
      }
      var late =
          Http.send(
              TestCluster.b(),
              "POST",
              "/api/conversations/" + conversation + "/colleagues",
              dana,
              "{\"agentId\":\"" + first.id() + "\"}");
      assertEquals(409, late.status(), late.body());
      assertTrue(late.json().getString("message").contains("resolved"), late.body());
    }
  }
}
