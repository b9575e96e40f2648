package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Search (issue 26): messages sent on A are found over HTTP on B, as far as the agent may see them
 * (teams), notes for agents, deleted messages never; visitors by name and address; phrases and
 * {@code -word}; pages; snippets as escaped HTML with marks; bad queries refused.
 */
class SearchIT {

  /** A word nobody else's test writes: letters only, so the parser keeps it one word. */
  static String word() {
    var random = new Random();
    var word = new StringBuilder("zq");
    for (int i = 0; i < 10; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }

  static Http.Reply search(String token, String query) {
    return Http.get(TestCluster.b(), "/api/search?" + query, token);
  }

  static List<JsonObject> results(String token, String query) {
    var reply = search(token, query);
    assertEquals(200, reply.status(), reply.body());
    return reply.json().getJsonArray("results").stream().map(JsonValue::asJsonObject).toList();
  }

  static String q(String words) {
    return "q=" + URLEncoder.encode(words, StandardCharsets.UTF_8);
  }

  static List<String> messageIds(List<JsonObject> results) {
    return results.stream()
        .filter(r -> r.containsKey("messageId"))
        .map(r -> r.getString("messageId"))
        .toList();
  }

  /** The visitor sends {@code text} on A; the stored message's id. */
  static String send(ChatClient visitor, String text) {
    String clientId = "s-" + UUID.randomUUID();
    visitor.sendText(clientId, null, text);
    JsonObject ack = visitor.next("ack", f -> clientId.equals(f.getString("clientId", null)));
    assertNotNull(ack, "ack of " + text);
    return ack.getJsonObject("message").getString("id");
  }

  @Test
  void agentsFindWhatTheyMaySee() {
    String word = word();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String dana =
        Http.agentToken(TestCluster.a(), TestCluster.SUPERVISOR, TestCluster.AGENT_PASSWORD);
    String hr = TeamsIT.team(dana, "HR " + suffix);
    String it = TeamsIT.team(dana, "IT " + suffix);
    String hrAgent = TeamsIT.agentIn(dana, hr);

    JsonObject payslipVisitor = Http.newVisitor(TestCluster.a());
    JsonObject printerVisitor = Http.newVisitor(TestCluster.a());
    try (var payslip =
            ChatClient.authenticated(
                TestCluster.a(), "/ws/visitor", payslipVisitor.getString("token"));
        var printer =
            ChatClient.authenticated(
                TestCluster.a(), "/ws/visitor", printerVisitor.getString("token"));
        var agentOnA =
            ChatClient.authenticated(
                TestCluster.a(),
                "/ws/agent",
                Http.agentToken(TestCluster.a(), "dana", TestCluster.AGENT_PASSWORD))) {
      payslip.send("send", "clientId", "p-1", "text", "hello", "team", hr);
      JsonObject first = payslip.next("ack");
      String hrConversation = first.getJsonObject("message").getString("conversationId");
      String payslipMessage = send(payslip, "my payslip " + word + " is wrong <b>again</b> & late");
      String deleted = send(payslip, "my password " + word + " oops");
      payslip.send("delete", "ref", "d1", "conversationId", hrConversation, "messageId", deleted);
      assertNotNull(payslip.next("message", f -> "d1".equals(f.getString("ref", null))));
      payslip.send(
          Json.createObjectBuilder()
              .add("type", "profile")
              .add("nickname", "Zoe " + word)
              .add("email", word + "@example.org"));
      assertNotNull(payslip.next("profile"));

      printer.send("send", "clientId", "i-1", "text", "printer " + word + " jammed", "team", it);
      JsonObject printerAck = printer.next("ack");
      String itConversation = printerAck.getJsonObject("message").getString("conversationId");
      String printerMessage = printerAck.getJsonObject("message").getString("id");

      agentOnA.send(
          Json.createObjectBuilder()
              .add("type", "note")
              .add("clientId", "n-" + suffix)
              .add("conversationId", hrConversation)
              .add("text", "internal " + word + " note"));
      JsonObject noteAck =
          agentOnA.next("ack", f -> ("n-" + suffix).equals(f.getString("clientId", null)));
      assertNotNull(noteAck);
      String note = noteAck.getJsonObject("message").getString("id");

      // The supervisor sees every team: two messages, the note and the visitor, newest first;
      // the deleted message never.
      List<JsonObject> all = results(dana, q(word));
      assertEquals(List.of(note, printerMessage, payslipMessage), messageIds(all), all.toString());
      JsonObject byName =
          all.stream().filter(r -> !r.containsKey("messageId")).findFirst().orElseThrow();
      assertEquals(hrConversation, byName.getString("conversationId"));
      assertEquals(
          payslipVisitor.getString("visitorId"), byName.getJsonObject("visitor").getString("id"));
      assertEquals("Zoe " + word, byName.getJsonObject("visitor").getString("name"));
      assertTrue(
          byName.getString("snippet").contains("<mark>" + word + "</mark>"), byName.toString());
      JsonObject payslipResult =
          all.stream()
              .filter(r -> payslipMessage.equals(r.getString("messageId", null)))
              .findFirst()
              .orElseThrow();
      assertEquals(hrConversation, payslipResult.getString("conversationId"));
      assertEquals(2, payslipResult.getInt("seq"));
      assertEquals(
          "my payslip <mark>" + word + "</mark> is wrong &lt;b&gt;again&lt;/b&gt; &amp; late",
          payslipResult.getString("snippet"));
      String longText =
          "lorem ipsum dolor ".repeat(100) + word + " sit amet " + "consectetur ".repeat(100);
      String longMessage = send(payslip, longText);
      JsonObject longResult =
          results(dana, q(word + " amet")).stream()
              .filter(r -> longMessage.equals(r.getString("messageId", null)))
              .findFirst()
              .orElseThrow();
      String snippet = longResult.getString("snippet");
      assertTrue(
          snippet.contains("<mark>" + word + "</mark> sit <mark>amet</mark>")
              && snippet.length() < 300,
          "a long message's snippet is the words around the match: " + snippet);
      payslip.send(
          "delete", "ref", "d2", "conversationId", hrConversation, "messageId", longMessage);
      assertNotNull(payslip.next("message", f -> "d2".equals(f.getString("ref", null))));
      JsonObject noteResult = all.get(0);
      assertFalse(noteResult.containsKey("seq"), "a note has no seq");
      assertTrue(noteResult.getInt("afterSeq") >= 2, noteResult.toString());

      // The HR agent sees HR's conversation only.
      List<JsonObject> hrs = results(hrAgent, q(word));
      assertEquals(List.of(note, payslipMessage), messageIds(hrs));
      assertTrue(hrs.stream().noneMatch(r -> itConversation.equals(r.getString("conversationId"))));

      // Phrases, -word, or; filters by team and status.
      assertEquals(
          List.of(payslipMessage), messageIds(results(dana, q("\"payslip " + word + "\""))));
      assertEquals(List.of(), messageIds(results(dana, q("\"" + word + " payslip\""))));
      assertEquals(List.of(note, printerMessage), messageIds(results(dana, q(word + " -payslip"))));
      assertEquals(List.of(printerMessage), messageIds(results(dana, q(word + " printer"))));
      // The cluster's language is English: "jamming" finds "jammed", through the words stored in
      // it.
      assertEquals(List.of(printerMessage), messageIds(results(dana, q(word + " jamming"))));
      assertTrue(
          TestCluster.rows(
                  "select generation_expression from information_schema.columns"
                      + " where table_name = 'message' and column_name = 'search'")
              .get(0)
              .get(0)
              .contains("'english'::regconfig"));
      assertEquals(List.of(printerMessage), messageIds(results(dana, q(word) + "&teamId=" + it)));
      assertEquals(List.of(), results(dana, q(word) + "&status=resolved"));

      // Pages of one: each result once, in the same order, then no next.
      var paged = new ArrayList<String>();
      String before = null;
      for (int page = 0; page < 10; page++) {
        var reply =
            search(dana, q(word) + "&limit=1" + (before == null ? "" : "&before=" + before));
        assertEquals(200, reply.status(), reply.body());
        var results = reply.json().getJsonArray("results");
        assertTrue(results.size() <= 1);
        results.forEach(
            r ->
                paged.add(
                    r.asJsonObject()
                        .getString("messageId", r.asJsonObject().getString("conversationId"))));
        if (!reply.json().containsKey("next")) {
          break;
        }
        before = URLEncoder.encode(reply.json().getString("next"), StandardCharsets.UTF_8);
      }
      assertEquals(
          all.stream().map(r -> r.getString("messageId", r.getString("conversationId"))).toList(),
          paged);

      // A search result opens its conversation: one summary over HTTP.
      var summary = Http.get(TestCluster.b(), "/api/conversations/" + hrConversation, hrAgent);
      assertEquals(200, summary.status(), summary.body());
      assertEquals("Zoe " + word, summary.json().getJsonObject("visitor").getString("name"));
      assertEquals(
          403, Http.get(TestCluster.b(), "/api/conversations/" + itConversation, hrAgent).status());

      // Bad queries: clear errors.
      for (String bad :
          List.of(
              "",
              "q=",
              "q=%20%20",
              q("x".repeat(201)),
              q(word) + "&limit=0",
              q(word) + "&limit=51",
              q(word) + "&limit=many",
              q(word) + "&status=lost",
              q(word) + "&before=yesterday")) {
        var refused = search(dana, bad);
        assertEquals(400, refused.status(), bad + " → " + refused.body());
        assertEquals("bad_request", refused.json().getString("code"), bad);
        assertFalse(refused.json().getString("message").isBlank());
      }
      assertEquals(404, search(dana, q(word) + "&label=no-such-label-" + suffix).status());
      assertEquals(403, search(payslipVisitor.getString("token"), q(word)).status());
      assertEquals(401, search(null, q(word)).status());
    }
  }
}
