package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Satisfaction ratings (issue 26): the visitor on A rates their resolved conversation, once per
 * resolution; the agent on B sees it in the conversation's summary; refusals store nothing.
 */
class RatingsIT {

  static JsonObject answer(ChatClient client, String ref) {
    JsonObject frame = client.next(f -> ref.equals(f.getString("ref", null)), ChatClient.WAIT);
    assertNotNull(frame, "an answer to " + ref);
    return frame;
  }

  static String code(ChatClient client, String ref) {
    JsonObject frame = answer(client, ref);
    assertEquals("error", frame.getString("type"), frame.toString());
    return frame.getString("code");
  }

  static long ratings(String conversation) {
    return Long.parseLong(
        TestCluster.rows("select count(*) from rating where conversation_id = ?", conversation)
            .get(0)
            .get(0));
  }

  @Test
  void theVisitorRatesOncePerResolutionAndTheAgentSeesIt() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    Object[] other = ClusterIT.openConversation();
    try (var visitor = (ChatClient) opened[0];
        var stranger = (ChatClient) other[0];
        var alice = ProtocolIT.agent(TestCluster.b(), TestCluster.AGENT)) {
      visitor.send("rate", "ref", "early", "conversationId", conversation, "score", 5);
      assertEquals("conflict", code(visitor, "early"), "not resolved yet");

      alice.client().send("resolve", "ref", "res", "conversationId", conversation);
      answer(alice.client(), "res");

      visitor.send("rate", "ref", "zero", "conversationId", conversation, "score", 0);
      assertEquals("bad_request", code(visitor, "zero"));
      visitor.send("rate", "ref", "six", "conversationId", conversation, "score", 6);
      assertEquals("bad_request", code(visitor, "six"));
      visitor.send("rate", "ref", "word", "conversationId", conversation, "score", "five");
      assertEquals("bad_request", code(visitor, "word"));
      visitor.send("rate", "ref", "none", "conversationId", conversation);
      assertEquals("bad_request", code(visitor, "none"));
      visitor.send(
          "rate",
          "ref",
          "long",
          "conversationId",
          conversation,
          "score",
          4,
          "comment",
          "x".repeat(1001));
      assertEquals("too_large", code(visitor, "long"));
      alice.client().send("rate", "ref", "agent", "conversationId", conversation, "score", 1);
      assertEquals("forbidden", code(alice.client(), "agent"));
      stranger.send("rate", "ref", "other", "conversationId", conversation, "score", 1);
      assertEquals("forbidden", code(stranger, "other"));
      assertEquals(0, ratings(conversation), "nothing stored");

      visitor.send(
          "rate",
          "ref",
          "ok",
          "conversationId",
          conversation,
          "score",
          4,
          "comment",
          "Quick and kind");
      JsonObject rated = answer(visitor, "ok").getJsonObject("conversation");
      assertEquals(4, rated.getJsonObject("rating").getInt("score"));
      JsonObject seen =
          alice
              .client()
              .next(
                  "conversation",
                  f ->
                      conversation.equals(f.getJsonObject("conversation").getString("id"))
                          && f.getJsonObject("conversation").containsKey("rating"));
      assertNotNull(seen, "the agent on B sees the rating");
      JsonObject rating = seen.getJsonObject("conversation").getJsonObject("rating");
      assertEquals(4, rating.getInt("score"));
      assertEquals("Quick and kind", rating.getString("comment"));
      String token =
          Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
      JsonObject listed =
          ProtocolIT.listed(TestCluster.a(), token, "?status=resolved", conversation);
      assertEquals(4, listed.getJsonObject("rating").getInt("score"));

      visitor.send("rate", "ref", "again", "conversationId", conversation, "score", 1);
      assertEquals("conflict", code(visitor, "again"), "once per resolution");

      // Reopened and resolved again: a new resolution, rated anew; the first rating stays.
      alice.client().send("reopen", "ref", "re", "conversationId", conversation);
      assertFalse(answer(alice.client(), "re").getJsonObject("conversation").containsKey("rating"));
      alice.client().send("resolve", "ref", "res2", "conversationId", conversation);
      answer(alice.client(), "res2");
      visitor.send("rate", "ref", "second", "conversationId", conversation, "score", 2);
      assertEquals(
          2,
          answer(visitor, "second")
              .getJsonObject("conversation")
              .getJsonObject("rating")
              .getInt("score"));
      assertEquals(2, ratings(conversation));
      assertEquals(
          List.of(List.of("2"), List.of("4")),
          TestCluster.rows(
              "select score from rating where conversation_id = ? order by score", conversation));
    }
  }
}
