package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Edit and delete (issue 26): the sender changes or removes a message on one instance, everyone who
 * sees it gets its new state with the same seq on the other; history and resume read the current
 * state; refusals change nothing.
 */
class RevisionsIT {

  /** A {@code message} frame of this message id. */
  static Predicate<JsonObject> of(String messageId) {
    return f -> messageId.equals(f.getJsonObject("message").getString("id"));
  }

  static JsonObject message(JsonObject frame) {
    return frame.getJsonObject("message");
  }

  static JsonObject error(ChatClient client, String ref) {
    JsonObject error = client.next("error", f -> ref.equals(f.getString("ref", null)));
    assertNotNull(error, "an error answers " + ref);
    return error;
  }

  static String textOf(String messageId) {
    return TestCluster.rows("select text from message where id = ?", messageId).get(0).get(0);
  }

  @Test
  void aVisitorsEditReachesTheAgentOnTheOtherInstanceWithTheSameSeq() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String visitorToken = ((JsonObject) opened[2]).getString("token");
    try (var visitor = (ChatClient) opened[0];
        var alice = ProtocolIT.agent(TestCluster.b(), TestCluster.AGENT).client()) {
      visitor.sendText("k2", conversation, "teh printer is broken");
      JsonObject ack = visitor.next("ack");
      String id = message(ack).getString("id");
      long seq = seq(ack);
      assertNotNull(alice.next("message", of(id)), "the agent on B got the message");

      visitor.send(
          "edit",
          "ref",
          "e1",
          "conversationId",
          conversation,
          "messageId",
          id,
          "text",
          "the printer is broken");
      JsonObject answer = visitor.next("message", f -> "e1".equals(f.getString("ref", null)));
      assertNotNull(answer, "the edit is answered with the message's new state");
      assertEquals("the printer is broken", message(answer).getString("text"));
      assertEquals(seq, seq(answer));
      assertNotNull(message(answer).getString("editedAt"));

      JsonObject seen = alice.next("message", of(id));
      assertNotNull(seen, "the agent on B sees the change");
      assertEquals(seq, seq(seen), "same seq, no new one");
      assertEquals("the printer is broken", message(seen).getString("text"));
      assertEquals(message(answer).getString("editedAt"), message(seen).getString("editedAt"));
      assertNull(
          visitor.next("message", of(id), ProtocolIT.QUIET),
          "the socket that asked is answered once");

      // The current state everywhere it is read.
      assertEquals("the printer is broken", textOf(id));
      String agentToken =
          Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
      var page =
          Http.get(TestCluster.b(), "/api/conversations/" + conversation + "/messages", agentToken);
      JsonObject listed =
          page.json().getJsonArray("messages").stream()
              .map(JsonValue::asJsonObject)
              .filter(m -> id.equals(m.getString("id")))
              .findFirst()
              .orElseThrow();
      assertEquals("the printer is broken", listed.getString("text"));
      try (var resumed =
          ChatClient.resuming(TestCluster.b(), "/ws/visitor", visitorToken, conversation, 0)) {
        JsonObject again = resumed.next("message", of(id));
        assertEquals("the printer is broken", message(again).getString("text"));
        assertTrue(message(again).containsKey("editedAt"));
      }
    }
  }

  @Test
  void anAgentDeletesTheirReplyAndEveryoneGetsATombstoneAndTheFileGoes() throws Exception {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    try (var visitor = (ChatClient) opened[0];
        var alice = ProtocolIT.agent(TestCluster.b(), TestCluster.AGENT)) {
      String agentToken =
          Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
      JsonObject upload =
          AttachmentsIT.upload(
                  TestCluster.b(),
                  agentToken,
                  conversation,
                  "screen.png",
                  "image/png",
                  AttachmentsIT.png(20, 20),
                  false)
              .json();
      alice
          .client()
          .send(
              "send",
              "clientId",
              "r1",
              "conversationId",
              conversation,
              "text",
              "see this",
              "attachmentId",
              upload.getString("id"));
      JsonObject ack = alice.client().next("ack");
      String id = message(ack).getString("id");
      assertNotNull(visitor.next("message", of(id)), "the visitor on A got the reply");
      String url = message(ack).getJsonObject("attachment").getString("url");
      assertEquals(200, Http.get(TestCluster.a(), url, agentToken).status());

      alice.client().send("delete", "ref", "d1", "conversationId", conversation, "messageId", id);
      JsonObject answer =
          alice.client().next("message", f -> "d1".equals(f.getString("ref", null)));
      assertNotNull(answer);
      JsonObject tombstone = message(visitor.next("message", of(id)));
      assertNotNull(tombstone, "the visitor on A is told");
      assertTrue(tombstone.getBoolean("deleted"));
      assertTrue(tombstone.isNull("text"), tombstone.toString());
      assertTrue(tombstone.isNull("attachment"), tombstone.toString());
      assertEquals(seq(ack), tombstone.getJsonNumber("seq").longValue());
      assertEquals(404, Http.get(TestCluster.a(), url, agentToken).status(), "the file is gone");
      assertEquals(
          List.of(),
          TestCluster.rows("select 1 from attachment where id = ?", upload.getString("id")));

      alice
          .client()
          .send(
              "edit", "ref", "e2", "conversationId", conversation, "messageId", id, "text", "back");
      assertEquals("conflict", error(alice.client(), "e2").getString("code"));
    }
  }

  @Test
  void refusalsAreClearAndChangeNothing() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    Object[] other = ClusterIT.openConversation();
    try (var visitor = (ChatClient) opened[0];
        var stranger = (ChatClient) other[0];
        var alice = ProtocolIT.agent(TestCluster.b(), TestCluster.AGENT);
        var bob = ProtocolIT.agent(TestCluster.a(), TestCluster.OTHER_AGENT)) {
      String visitorsId =
          TestCluster.rows(
                  "select id from message where conversation_id = ? and seq = 1", conversation)
              .get(0)
              .get(0);
      alice.client().send("claim", "ref", "c", "conversationId", conversation);
      JsonObject joined = ProtocolIT.systemMessage(visitor, conversation);
      alice.client().sendText("a1", conversation, "hello from alice");
      String alicesId = message(alice.client().next("ack")).getString("id");

      // Someone else's message; another conversation's; a system message.
      visitor.send(
          "edit", "ref", "x1", "conversationId", conversation, "messageId", alicesId, "text", "x");
      assertEquals("forbidden", error(visitor, "x1").getString("code"));
      stranger.send("delete", "ref", "x2", "conversationId", other[1], "messageId", visitorsId);
      assertEquals("not_found", error(stranger, "x2").getString("code"));
      stranger.send("delete", "ref", "x3", "conversationId", conversation, "messageId", visitorsId);
      assertEquals("forbidden", error(stranger, "x3").getString("code"));
      bob.client()
          .send("delete", "ref", "x4", "conversationId", conversation, "messageId", alicesId);
      assertEquals("forbidden", error(bob.client(), "x4").getString("code"));
      alice
          .client()
          .send(
              "delete",
              "ref",
              "x5",
              "conversationId",
              conversation,
              "messageId",
              message(joined).getString("id"));
      assertEquals("forbidden", error(alice.client(), "x5").getString("code"));

      // Malformed: no text, too long, no id, an id that is no message.
      visitor.send("edit", "ref", "x6", "conversationId", conversation, "messageId", visitorsId);
      assertEquals("bad_request", error(visitor, "x6").getString("code"));
      visitor.send(
          "edit",
          "ref",
          "x7",
          "conversationId",
          conversation,
          "messageId",
          visitorsId,
          "text",
          "y".repeat(4001));
      assertEquals("too_large", error(visitor, "x7").getString("code"));
      visitor.send("delete", "ref", "x8", "conversationId", conversation);
      assertEquals("bad_request", error(visitor, "x8").getString("code"));
      visitor.send(
          "delete",
          "ref",
          "x9",
          "conversationId",
          conversation,
          "messageId",
          UUID.randomUUID().toString());
      assertEquals("not_found", error(visitor, "x9").getString("code"));

      // The visitor's window has passed (sent 16 minutes ago); an agent's own has none.
      TestCluster.rows(
          "update message set created_at = now() - interval '16 minutes' where id in (?, ?)"
              + " returning id",
          visitorsId,
          alicesId);
      visitor.send(
          "edit",
          "ref",
          "x10",
          "conversationId",
          conversation,
          "messageId",
          visitorsId,
          "text",
          "late");
      JsonObject late = error(visitor, "x10");
      assertEquals("forbidden", late.getString("code"));
      assertTrue(late.getString("message").contains("15 minutes"), late.toString());
      assertEquals("hello", textOf(visitorsId), "nothing changed");
      assertEquals("hello from alice", textOf(alicesId));
      assertEquals(
          List.of(List.of("0")),
          TestCluster.rows(
              "select count(*) from message where conversation_id = ? and edited_at is not null",
              conversation));

      alice
          .client()
          .send(
              "edit",
              "ref",
              "ok",
              "conversationId",
              conversation,
              "messageId",
              alicesId,
              "text",
              "hello again");
      assertNotNull(alice.client().next("message", f -> "ok".equals(f.getString("ref", null))));
    }
  }

  @Test
  void aSupervisorDeletesAnyonesMessageAndTheAuditLogSaysSo() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    try (var visitor = (ChatClient) opened[0];
        var dana = ProtocolIT.agent(TestCluster.b(), TestCluster.SUPERVISOR)) {
      visitor.sendText("rude", conversation, "something rude");
      String id = message(visitor.next("ack")).getString("id");
      dana.client().send("delete", "ref", "d", "conversationId", conversation, "messageId", id);
      assertNotNull(dana.client().next("message", f -> "d".equals(f.getString("ref", null))));
      JsonObject tombstone = message(visitor.next("message", of(id)));
      assertTrue(tombstone.getBoolean("deleted"));
      assertEquals(
          List.of(List.of("message.deleted", dana.id())),
          TestCluster.rows(
              "select action, actor_id from audit_log where subject_id = ?"
                  + " and action = 'message.deleted'",
              conversation));
      assertFalse(TestCluster.rows("select deleted_at from message where id = ?", id).isEmpty());
    }
  }

  @Test
  void anAgentsEditedNoteReachesAgentsOnlyAndTheHttpApiChangesMessagesToo() {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    try (var visitor = (ChatClient) opened[0];
        var alice = ProtocolIT.agent(TestCluster.a(), TestCluster.AGENT);
        var dana = ProtocolIT.agent(TestCluster.b(), TestCluster.SUPERVISOR)) {
      alice
          .client()
          .send("note", "clientId", "n1", "conversationId", conversation, "text", "VIP customer");
      String note = message(alice.client().next("ack")).getString("id");
      assertNotNull(dana.client().next("message", of(note)));
      String token =
          Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
      var edited =
          Http.send(
              TestCluster.a(),
              "PATCH",
              "/api/conversations/" + conversation + "/messages/" + note,
              token,
              "{\"text\":\"VIP customer since 2019\"}");
      assertEquals(200, edited.status(), edited.body());
      assertEquals("VIP customer since 2019", edited.json().getString("text"));
      JsonObject seen = message(dana.client().next("message", of(note)));
      assertEquals("VIP customer since 2019", seen.getString("text"));
      assertTrue(seen.containsKey("editedAt"));
      assertNull(
          visitor.next(f -> f.toString().contains(note), ProtocolIT.QUIET),
          "a visitor never sees a note, changed or not");

      var deleted =
          Http.send(
              TestCluster.a(),
              "DELETE",
              "/api/conversations/" + conversation + "/messages/" + note,
              token,
              null);
      assertEquals(200, deleted.status(), deleted.body());
      assertTrue(deleted.json().getBoolean("deleted"));
      assertTrue(message(dana.client().next("message", of(note))).getBoolean("deleted"));
      var again =
          Http.send(
              TestCluster.a(),
              "DELETE",
              "/api/conversations/" + conversation + "/messages/" + note,
              token,
              null);
      assertEquals(409, again.status(), again.body());
      assertEquals("conflict", again.json().getString("code"));
    }
  }
}
