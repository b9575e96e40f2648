package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Supervisors' reports (issue 28): conversations of a new team, handled for real on both instances,
 * then moved to fixed times in the past so every figure is known; each report read on A and on B;
 * bad input answered clearly.
 */
class ReportsIT {

  private static String conversation(ChatClient visitor, String team, String text) {
    visitor.send("send", "clientId", UUID.randomUUID().toString(), "text", text, "team", team);
    JsonObject ack = visitor.next("ack");
    assertNotNull(ack, "ack of " + text);
    return ClusterIT.conversationOf(ack);
  }

  private static JsonObject answer(ChatClient client, String ref) {
    JsonObject frame = client.next(f -> ref.equals(f.getString("ref", null)), ChatClient.WAIT);
    assertNotNull(frame, "an answer to " + ref);
    assertTrue(!"error".equals(frame.getString("type")), frame.toString());
    return frame;
  }

  private static JsonObject report(URI base, String kind, String token, String query) {
    Http.Reply reply = Http.get(base, "/api/reports/" + kind + "?" + query, token);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private static void assertFigures(JsonObject f, long... counts) {
    assertEquals(counts[0], f.getJsonNumber("started").longValue(), "started in " + f);
    assertEquals(counts[1], f.getJsonNumber("resolved").longValue(), "resolved in " + f);
    assertEquals(counts[2], f.getJsonNumber("waiting").longValue(), "waiting in " + f);
    assertEquals(counts[3], f.getJsonNumber("ratings").longValue(), "ratings in " + f);
  }

  private static Double seconds(JsonObject f, String name) {
    // Nothing measured: left out of the JSON (JSON-B leaves out nulls).
    return !f.containsKey(name) || f.isNull(name) ? null : f.getJsonNumber(name).doubleValue();
  }

  @Test
  void theFiguresOfATeamsConversationsPerDayTeamAndAgentOnEitherInstance() {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String supervisor = AccountsIT.supervisorToken(a);
    String name = "Reports " + UUID.randomUUID().toString().substring(0, 6);
    String team = TeamsIT.team(supervisor, name);
    TeamsIT.Agent member = TeamsIT.newAgent(supervisor, team);
    String first;
    String second;
    String third;
    try (var agent = ChatClient.authenticated(b, "/ws/agent", member.token());
        var v1 = ChatClient.authenticated(a, "/ws/visitor", Http.newVisitor(a).getString("token"));
        var v2 = ChatClient.authenticated(a, "/ws/visitor", Http.newVisitor(a).getString("token"));
        var v3 =
            ChatClient.authenticated(a, "/ws/visitor", Http.newVisitor(a).getString("token"))) {
      first = conversation(v1, name, "my invoice is wrong");
      second = conversation(v2, name, "where is my parcel");
      third = conversation(v3, name, "nobody answers this one");

      // The first: a note, then the answer the visitor sees; resolved and rated.
      agent.send("claim", "ref", "c1", "conversationId", first);
      answer(agent, "c1");
      agent.send("note", "ref", "n1", "conversationId", first, "clientId", "n1", "text", "hm");
      answer(agent, "n1");
      assertNull(
          TestCluster.rows("select first_response_at from conversation where id = ?", first)
              .get(0)
              .get(0),
          "a note is no response");
      agent.sendText("r1", first, "Let me check");
      assertNotNull(v1.next("message", f -> "Let me check".equals(ProtocolIT.text(f))));
      assertEquals(
          List.of(List.of("t")),
          TestCluster.rows(
              "select c.first_response_at = m.created_at from conversation c"
                  + " join message m on m.conversation_id = c.id and m.client_id = 'r1'"
                  + " where c.id = ?",
              first),
          "the send statement stamps the first response with the reply's time");
      agent.sendText("r1b", first, "Fixed it");
      assertNotNull(v1.next("message", f -> "Fixed it".equals(ProtocolIT.text(f))));
      agent.send("resolve", "ref", "res1", "conversationId", first);
      answer(agent, "res1");
      v1.send("rate", "ref", "rate1", "conversationId", first, "score", 4);
      answer(v1, "rate1");

      // The second: answered, still open. The third: nobody took it.
      agent.send("claim", "ref", "c2", "conversationId", second);
      answer(agent, "c2");
      agent.sendText("r2", second, "On its way");
      assertNotNull(v2.next("message", f -> "On its way".equals(ProtocolIT.text(f))));
    }

    // Known times, in March 2025 (UTC): the first starts on the 10th at 09:00, answered after 60 s,
    // resolved a day later and rated; the second starts on the 10th at 23:30 (the 11th in Berlin),
    // answered after 180 s; the third starts on the 11th and waits.
    TestCluster.update(
        "update conversation set created_at = '2025-03-10T09:00:00Z',"
            + " first_response_at = '2025-03-10T09:01:00Z', resolved_at = '2025-03-11T09:00:00Z'"
            + " where id = ?",
        first);
    TestCluster.update(
        "update rating set resolved_at = '2025-03-11T09:00:00Z',"
            + " rated_at = '2025-03-11T09:05:00Z' where conversation_id = ?",
        first);
    TestCluster.update(
        "update conversation set created_at = '2025-03-10T23:30:00Z',"
            + " first_response_at = '2025-03-10T23:33:00Z' where id = ?",
        second);
    TestCluster.update(
        "update conversation set created_at = '2025-03-11T10:00:00Z' where id = ?", third);

    String period = "from=2025-03-10&to=2025-03-11&teamId=" + team;
    JsonObject summary = report(a, "summary", supervisor, period);
    assertEquals(
        "2025-03-10", summary.getJsonObject("period").getString("from"), summary.toString());
    assertEquals("UTC", summary.getJsonObject("period").getString("timeZone"));
    JsonObject total = summary.getJsonObject("total");
    assertFigures(total, 3, 1, 1, 1);
    assertEquals(120.0, seconds(total, "firstResponseMedian"));
    assertEquals(168.0, seconds(total, "firstResponseP90"));
    assertEquals(86400.0, seconds(total, "resolutionMedian"));
    assertEquals(86400.0, seconds(total, "resolutionP90"));
    assertEquals(4.0, seconds(total, "averageRating"));
    assertEquals(1, summary.getJsonArray("teams").size(), summary.toString());
    JsonObject byTeam = summary.getJsonArray("teams").getJsonObject(0);
    assertEquals(team, byTeam.getString("id"));
    assertEquals(name, byTeam.getString("name"));
    assertEquals(total, byTeam.getJsonObject("figures"));
    // The waiting one has no agent: it counts in no agent's row.
    assertEquals(1, summary.getJsonArray("agents").size(), summary.toString());
    JsonObject byAgent = summary.getJsonArray("agents").getJsonObject(0);
    assertEquals(member.id(), byAgent.getString("id"));
    assertNotNull(byAgent.getString("name"));
    assertFigures(byAgent.getJsonObject("figures"), 2, 1, 0, 1);

    // The same figures from B, day by day: in UTC, then in Berlin (the second moves a day).
    JsonObject utc = report(b, "daily", supervisor, period);
    assertEquals(2, utc.getJsonArray("days").size(), utc.toString());
    JsonObject tenth = utc.getJsonArray("days").getJsonObject(0);
    assertEquals("2025-03-10", tenth.getString("date"));
    assertFigures(tenth.getJsonObject("figures"), 2, 0, 0, 0);
    assertEquals(120.0, seconds(tenth.getJsonObject("figures"), "firstResponseMedian"));
    JsonObject eleventh = utc.getJsonArray("days").getJsonObject(1);
    assertFigures(eleventh.getJsonObject("figures"), 1, 1, 1, 1);
    assertNull(seconds(eleventh.getJsonObject("figures"), "firstResponseMedian"));
    assertEquals(86400.0, seconds(eleventh.getJsonObject("figures"), "resolutionMedian"));

    JsonObject berlin =
        report(
            b,
            "daily",
            supervisor,
            period + "&timeZone=" + URLEncoder.encode("Europe/Berlin", StandardCharsets.UTF_8));
    assertEquals("Europe/Berlin", berlin.getJsonObject("period").getString("timeZone"));
    assertFigures(
        berlin.getJsonArray("days").getJsonObject(0).getJsonObject("figures"), 1, 0, 0, 0);
    assertFigures(
        berlin.getJsonArray("days").getJsonObject(1).getJsonObject("figures"), 2, 1, 1, 1);

    // A day without anything is there, with nothing in it.
    JsonObject quiet =
        report(a, "daily", supervisor, "from=2025-03-12&to=2025-03-12&teamId=" + team);
    assertEquals(1, quiet.getJsonArray("days").size());
    JsonObject nothing = quiet.getJsonArray("days").getJsonObject(0).getJsonObject("figures");
    assertFigures(nothing, 0, 0, 0, 0);
    assertNull(seconds(nothing, "firstResponseMedian"));
    assertNull(seconds(nothing, "averageRating"));

    // Every team: these three are in it, among the other tests' conversations.
    JsonObject all = report(b, "summary", supervisor, "from=2025-03-10&to=2025-03-11");
    assertTrue(all.getJsonObject("total").getJsonNumber("started").longValue() >= 3);
    assertTrue(all.getJsonArray("teams").stream().anyMatch(t -> t.toString().contains(team)));
  }

  @Test
  void badInputIsAnsweredClearlyAndOnlySupervisorsReadReports() {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String supervisor = AccountsIT.supervisorToken(a);
    String agent = Http.agentToken(b, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    for (String kind : List.of("summary", "daily")) {
      assertRefused(a, kind, null, "", 401, "unauthorized");
      assertRefused(b, kind, "not-a-token", "", 401, "unauthorized");
      assertRefused(a, kind, agent, "", 403, "forbidden");
      assertRefused(b, kind, Http.newVisitor(b).getString("token"), "", 403, "forbidden");
      assertRefused(
          a,
          kind,
          supervisor,
          "from=2026-11-02&to=2026-11-01",
          400,
          "bad_request",
          "the period ends (2026-11-01) before it starts (2026-11-02)");
      assertRefused(
          b,
          kind,
          supervisor,
          "from=yesterday",
          400,
          "bad_request",
          "from must be a date such as 2026-11-30");
      assertRefused(
          a,
          kind,
          supervisor,
          "timeZone=Mars%2FOlympus",
          400,
          "bad_request",
          "timeZone must be a time zone such as Europe/Berlin or UTC");
      assertRefused(
          b,
          kind,
          supervisor,
          "from=2024-01-01&to=2026-01-01",
          400,
          "bad_request",
          "a report covers at most 366 days");
      assertRefused(
          a, kind, supervisor, "teamId=" + UUID.randomUUID(), 404, "not_found", "no such team");
      assertRefused(
          b, kind, supervisor, "teamId=" + "x".repeat(5000), 404, "not_found", "no such team");
    }
    // Without a period: the last 30 days up to today, every day listed.
    JsonObject recent = report(a, "daily", supervisor, "");
    assertEquals(30, recent.getJsonArray("days").size());
  }

  private static void assertRefused(
      URI base,
      String kind,
      String token,
      String query,
      int status,
      String code,
      String... message) {
    Http.Reply reply = Http.get(base, "/api/reports/" + kind + "?" + query, token);
    assertEquals(status, reply.status(), reply.body());
    assertEquals(code, reply.json().getString("code"), reply.body());
    if (message.length > 0) {
      assertEquals(message[0], reply.json().getString("message"));
    }
  }
}
