package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Labels (issue 26): supervisors keep them, an agent on B puts them on a conversation, an agent on
 * A sees them at once, the visitor never; lists filter by them; refusals change nothing.
 */
class LabelsIT {

  static List<String> names(JsonObject summary) {
    return summary.getJsonArray("labels").stream()
        .map(l -> l.asJsonObject().getString("name"))
        .toList();
  }

  @Test
  void supervisorsKeepLabelsAndAgentsPutThemOnConversations() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String dana =
        Http.agentToken(TestCluster.a(), TestCluster.SUPERVISOR, TestCluster.AGENT_PASSWORD);
    String alice = Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);

    String billing = "Billing " + tag;
    assertEquals(
        403,
        Http.send(TestCluster.a(), "POST", "/api/labels", alice, "{\"name\":\"" + billing + "\"}")
            .status(),
        "agents do not make labels");
    var created =
        Http.send(
            TestCluster.a(),
            "POST",
            "/api/labels",
            dana,
            "{\"name\":\"" + billing + "\",\"colour\":\"#AA3300\"}");
    assertEquals(201, created.status(), created.body());
    String billingId = created.json().getString("id");
    assertEquals("#aa3300", created.json().getString("colour"));
    for (String bad :
        List.of(
            "{\"name\":\"" + billing.toUpperCase() + "\"}",
            "{\"name\":\"" + "x".repeat(51) + "\"}",
            "{\"name\":\"ok " + tag + "\",\"colour\":\"red\"}",
            "{}")) {
      var refused = Http.send(TestCluster.a(), "POST", "/api/labels", dana, bad);
      assertTrue(refused.status() == 409 || refused.status() == 400, bad + " → " + refused);
    }
    String vip = "VIP " + tag;
    String vipId =
        Http.send(TestCluster.b(), "POST", "/api/labels", dana, "{\"name\":\"" + vip + "\"}")
            .json()
            .getString("id");
    var listed = Http.get(TestCluster.b(), "/api/labels", alice);
    assertEquals(200, listed.status());
    assertTrue(listed.body().contains(billing) && listed.body().contains(vip), listed.body());
    assertFalse(listed.body().contains("x".repeat(51)), "nothing of the refused ones");

    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String visitorToken = ((JsonObject) opened[2]).getString("token");
    assertEquals(403, Http.get(TestCluster.a(), "/api/labels", visitorToken).status());
    try (var visitor = (ChatClient) opened[0];
        var onB = ProtocolIT.agent(TestCluster.b(), TestCluster.AGENT);
        var onA = ProtocolIT.agent(TestCluster.a(), TestCluster.SUPERVISOR)) {
      onB.client()
          .send(
              "label",
              "ref",
              "l1",
              "conversationId",
              conversation,
              "labels",
              jakarta.json.Json.createArrayBuilder().add(vipId).add(billing.toLowerCase()));
      JsonObject answer =
          onB.client().next("conversation", f -> "l1".equals(f.getString("ref", null)));
      assertNotNull(answer);
      assertEquals(List.of(billing, vip), names(answer.getJsonObject("conversation")));
      JsonObject seen =
          onA.client()
              .next(
                  "conversation",
                  f ->
                      conversation.equals(f.getJsonObject("conversation").getString("id"))
                          && !f.getJsonObject("conversation").getJsonArray("labels").isEmpty());
      assertNotNull(seen, "the supervisor on A sees the labels at once");
      var visitors = visitor.collect(10, ProtocolIT.QUIET, "conversation");
      assertFalse(visitors.isEmpty(), "the visitor is told of the change");
      for (JsonObject frame : visitors) {
        assertFalse(frame.getJsonObject("conversation").containsKey("labels"), frame.toString());
      }

      // Refusals change nothing: an unknown label, too many, a visitor.
      onB.client()
          .send(
              "label",
              "ref",
              "l2",
              "conversationId",
              conversation,
              "labels",
              jakarta.json.Json.createArrayBuilder().add("no such label " + tag));
      assertEquals(
          "not_found",
          onB.client().next("error", f -> "l2".equals(f.getString("ref", null))).getString("code"));
      var many = jakarta.json.Json.createArrayBuilder();
      IntStream.range(0, 21).forEach(i -> many.add("label " + i));
      onB.client().send("label", "ref", "l3", "conversationId", conversation, "labels", many);
      assertEquals(
          "too_large",
          onB.client().next("error", f -> "l3".equals(f.getString("ref", null))).getString("code"));
      visitor.send(
          "label",
          "ref",
          "l4",
          "conversationId",
          conversation,
          "labels",
          jakarta.json.Json.createArrayBuilder());
      assertEquals(
          "forbidden",
          visitor.next("error", f -> "l4".equals(f.getString("ref", null))).getString("code"));
      JsonObject still = ProtocolIT.listed(TestCluster.a(), alice, "?label=" + vipId, conversation);
      assertNotNull(still, "listed by its label");
      assertEquals(List.of(billing, vip), names(still));

      // Over HTTP: only VIP now; the list by the other label leaves it out.
      var put =
          Http.send(
              TestCluster.a(),
              "PUT",
              "/api/conversations/" + conversation + "/labels",
              alice,
              "[\"" + vip + "\"]");
      assertEquals(200, put.status(), put.body());
      assertEquals(List.of(vip), names(put.json()));
      assertNull(ProtocolIT.listed(TestCluster.a(), alice, "?label=" + billingId, conversation));
      assertEquals(
          404,
          Http.get(TestCluster.a(), "/api/conversations?label=nothing-" + tag, alice).status());
      assertFalse(
          TestCluster.rows(
                  "select details from audit_log where subject_id = ?"
                      + " and action = 'conversation.labelled'",
                  conversation)
              .isEmpty());

      // A removed label comes off the conversation.
      assertEquals(
          204, Http.send(TestCluster.a(), "DELETE", "/api/labels/" + vipId, dana, null).status());
      assertEquals(List.of(), names(ProtocolIT.listed(TestCluster.a(), alice, "", conversation)));
      assertFalse(Http.get(TestCluster.a(), "/api/labels", alice).body().contains(vip));
    }
  }
}
