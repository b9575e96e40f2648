package dev.switchboard.system;

import static dev.switchboard.system.MailIT.SUPPORT_UNREAD;
import static dev.switchboard.system.MailIT.VISITOR_UNREAD;
import static dev.switchboard.system.MailIT.to;
import static dev.switchboard.system.RoutingIT.assigneeOf;
import static dev.switchboard.system.RoutingIT.waitUntil;
import static dev.switchboard.system.TestCluster.MAIL_DELAY;
import static dev.switchboard.system.TestCluster.SMTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Business hours on two instances: hours set on one are what visitors and agents see on the other;
 * routing assigns nothing of a closed team and its queue when it opens; the offline form makes a
 * queued conversation and mails the support mailbox at once, and the answer reaches the visitor by
 * mail and in the widget's socket. Bad hours and bad forms are refused, saying why.
 */
class BusinessHoursIT {

  /**
   * Every day all day, except today and tomorrow (UTC): closed now, opening the day after tomorrow
   * (whichever of the two days the server's clock is on).
   */
  /** Open all week but for {@code today} and the day after (holidays). */
  static String closedOn(LocalDate today) {
    var weekly = Json.createArrayBuilder();
    for (String day :
        List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
      weekly.add(
          Json.createObjectBuilder().add("day", day).add("opens", "00:00").add("closes", "24:00"));
    }
    return Json.createObjectBuilder()
        .add("timeZone", "UTC")
        .add("weekly", weekly)
        .add(
            "holidays",
            Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("date", today.toString()).add("name", "Today"))
                .add(Json.createObjectBuilder().add("date", today.plusDays(1).toString())))
        .build()
        .toString();
  }

  /** When hours {@link #closedOn} {@code today} open again. */
  static String opensAt(LocalDate today) {
    return today.plusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
  }

  static final String CLOSED = closedOn(LocalDate.now(ZoneOffset.UTC));

  static Http.Reply setHours(URI base, String token, String teamId, String hours) {
    return AccountsIT.call(base, "PUT", "/api/teams/" + teamId + "/hours", token, hours);
  }

  static JsonObject teamAs(URI base, String token, String teamId) {
    var reply = Http.get(base, "/api/teams", token);
    assertEquals(200, reply.status(), reply.body());
    return Json.createReader(new java.io.StringReader(reply.body())).readArray().stream()
        .map(JsonValue::asJsonObject)
        .filter(t -> teamId.equals(t.getString("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no team " + teamId + " in " + reply.body()));
  }

  static String offlineForm(String team, String name, String email, String text) {
    var form = Json.createObjectBuilder();
    if (team != null) {
      form.add("team", team);
    }
    if (name != null) {
      form.add("name", name);
    }
    if (email != null) {
      form.add("email", email);
    }
    if (text != null) {
      form.add("text", text);
    }
    return form.build().toString();
  }

  @Test
  void hoursSetOnOneInstanceAreWhatVisitorsAndAgentsSeeOnTheOther() {
    var desk = RoutingIT.desk("round_robin", 0, 1);
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    // One day for the hours and the expected opening: the class's CLOSED may be from before
    // midnight.
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    var set = setHours(a, desk.supervisor(), desk.teamId(), closedOn(today));
    assertEquals(200, set.status(), set.body());
    assertFalse(set.json().getBoolean("open"));

    String visitor = Http.newVisitor(b).getString("token");
    JsonObject seen = teamAs(b, visitor, desk.teamId());
    assertFalse(seen.getBoolean("open"));
    assertEquals(opensAt(today), seen.getString("opensAt"));
    assertFalse(seen.containsKey("hours"), "visitors see when, not the timetable: " + seen);

    JsonObject agents = teamAs(b, desk.supervisor(), desk.teamId());
    JsonObject hours = agents.getJsonObject("hours");
    assertEquals("UTC", hours.getString("timeZone"));
    assertEquals(7, hours.getJsonArray("weekly").size());
    assertEquals("monday", hours.getJsonArray("weekly").getJsonObject(0).getString("day"));
    assertEquals("24:00", hours.getJsonArray("weekly").getJsonObject(0).getString("closes"));
    assertEquals("Today", hours.getJsonArray("holidays").getJsonObject(0).getString("name"));
    assertEquals(
        1,
        TestCluster.rows(
                "select 1 from audit_log where action = 'team.hours_changed' and subject_id = ?",
                desk.teamId())
            .size());

    var cleared =
        AccountsIT.call(
            b, "DELETE", "/api/teams/" + desk.teamId() + "/hours", desk.supervisor(), null);
    assertEquals(200, cleared.status(), cleared.body());
    JsonObject open = teamAs(a, visitor, desk.teamId());
    assertTrue(open.getBoolean("open"));
    assertFalse(open.containsKey("opensAt"));
    assertFalse(teamAs(a, desk.supervisor(), desk.teamId()).containsKey("hours"));
  }

  @Test
  void badHoursAreRefusedSayingWhyAndChangeNothing() {
    var desk = RoutingIT.desk("round_robin", 1, 1);
    URI a = TestCluster.a();
    String supervisor = desk.supervisor();
    String team = desk.teamId();
    refused(a, supervisor, team, "{\"timeZone\":\"Mars/Olympus\",\"weekly\":[]}", 400, "IANA");
    refused(a, supervisor, team, "{\"timeZone\":\"+02:00\",\"weekly\":[]}", 400, "IANA");
    refused(a, supervisor, team, "{\"timeZone\":\"UTC\"}", 400, "weekly is required");
    refused(
        a,
        supervisor,
        team,
        "{\"timeZone\":\"UTC\",\"weekly\":[{\"day\":\"monday\",\"opens\":\"09:00\",\"closes\":\"12:00\"},"
            + "{\"day\":\"monday\",\"opens\":\"11:30\",\"closes\":\"14:00\"}]}",
        400,
        "overlap");
    refused(
        a,
        supervisor,
        team,
        "{\"timeZone\":\"UTC\",\"weekly\":[{\"day\":\"moonday\",\"opens\":\"09:00\",\"closes\":\"12:00\"}]}",
        400,
        "monday");
    refused(
        a,
        supervisor,
        team,
        "{\"timeZone\":\"UTC\",\"weekly\":[{\"day\":\"monday\",\"opens\":\"18:00\",\"closes\":\"08:00\"}]}",
        400,
        "opens before it closes");
    refused(
        a,
        supervisor,
        team,
        "{\"timeZone\":\"UTC\",\"weekly\":[],\"holidays\":[{\"date\":\"tomorrow\"}]}",
        400,
        "yyyy-MM-dd");
    refused(a, supervisor, team, "{\"timeZone\":", 400, "");
    refused(a, supervisor, team, "", 400, "");
    refused(a, desk.members().get(0).token(), team, CLOSED, 403, "");
    refused(a, Http.newVisitor(a).getString("token"), team, CLOSED, 403, "");
    refused(a, supervisor, UUID.randomUUID().toString(), CLOSED, 404, "");
    refused(a, null, team, CLOSED, 401, "");
    assertTrue(teamAs(a, supervisor, team).getBoolean("open"), "nothing changed");
  }

  private static void refused(
      URI base, String token, String team, String body, int status, String why) {
    var reply = setHours(base, token, team, body);
    assertEquals(status, reply.status(), body + " → " + reply.body());
    assertTrue(reply.body().contains(why), reply.body());
  }

  @Test
  void routingAssignsNothingWhileTheTeamIsClosedAndItsQueueWhenItOpens() throws Exception {
    var closed = RoutingIT.desk("round_robin", 1, 5);
    var member = closed.members().get(0);
    // The same agent also serves a team that is open: its conversation shows a drain ran.
    var open =
        AccountsIT.call(
            TestCluster.a(),
            "POST",
            "/api/teams",
            closed.supervisor(),
            "{\"name\":\"Open " + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    assertEquals(201, open.status(), open.body());
    String openTeam = open.json().getString("id");
    var joined =
        AccountsIT.call(
            TestCluster.a(),
            "PUT",
            "/api/agents/" + member.id(),
            closed.supervisor(),
            "{\"teams\":[\"" + closed.teamId() + "\",\"" + openTeam + "\"]}");
    assertEquals(200, joined.status(), joined.body());
    assertEquals(
        200, setHours(TestCluster.b(), closed.supervisor(), closed.teamId(), CLOSED).status());

    try (var console = ChatClient.authenticated(TestCluster.b(), "/ws/agent", member.token());
        var early = RoutingIT.visitorIn(TestCluster.a(), closed.teamId(), "Anyone there?");
        var later = RoutingIT.visitorIn(TestCluster.b(), openTeam, "Hello")) {
      String waiting = RoutingIT.conversationOf(early);
      String served = RoutingIT.conversationOf(later);
      waitUntil("the open team's conversation is assigned", () -> assigneeOf(served) != null);
      // It arrived later: a drain that could assign the closed team's would have done so first.
      assertNull(assigneeOf(waiting), "nothing assigned in a closed team");
      assertNotNull(
          console.next(
              "conversation",
              f -> waiting.equals(f.getJsonObject("conversation").getString("id"))));

      var reopened =
          AccountsIT.call(
              TestCluster.a(),
              "DELETE",
              "/api/teams/" + closed.teamId() + "/hours",
              closed.supervisor(),
              null);
      assertEquals(200, reopened.status(), reopened.body());
      waitUntil(
          "the queue is assigned once the team opens",
          () -> member.id().equals(assigneeOf(waiting)));
    }
  }

  @Test
  void theOfflineFormQueuesTheQuestionMailsTheSupportMailboxAndTheAnswerReachesTheVisitor()
      throws Exception {
    var desk = RoutingIT.desk("round_robin", 1, 5);
    var member = desk.members().get(0);
    assertEquals(200, setHours(TestCluster.a(), desk.supervisor(), desk.teamId(), CLOSED).status());
    String email = MailIT.newEmail();
    String token = Http.newVisitor(TestCluster.a()).getString("token");

    // An agent is online, in this team even: only the team's hours make the mail go at once.
    try (var console = ChatClient.authenticated(TestCluster.b(), "/ws/agent", member.token())) {
      waitUntil("the agent is online", () -> RoutingIT.onlineCount(desk) == 1);
      Instant sent = Instant.now();
      var left =
          AccountsIT.call(
              TestCluster.a(),
              "POST",
              "/api/offline-messages",
              token,
              offlineForm(desk.teamName(), "Erin Offline", email, "Our VPN drops every hour."));
      assertEquals(201, left.status(), left.body());
      String conversation = left.json().getString("conversationId");
      JsonObject message = left.json().getJsonObject("message");
      assertEquals(1, message.getInt("seq"));
      assertEquals("Erin Offline", message.getJsonObject("sender").getString("name"));

      // On the other instance: in the team's queue, the visitor known by the form's name.
      JsonObject seen =
          console.next(
              "conversation",
              f -> conversation.equals(f.getJsonObject("conversation").getString("id")));
      assertNotNull(seen, "the console heard of it");
      JsonObject summary = seen.getJsonObject("conversation");
      assertEquals(desk.teamId(), summary.getJsonObject("team").getString("id"));
      assertEquals("Erin Offline", summary.getJsonObject("visitor").getString("name"));
      assertFalse(summary.containsKey("assignee"));

      List<MimeMessage> mails = SMTP.await(conversation, SUPPORT_UNREAD, 1, MailIT.MARGIN);
      assertEquals(TestCluster.SUPPORT_MAILBOX, to(mails.get(0)));
      assertTrue(Smtp.part(mails.get(0), "text/plain").contains("Our VPN drops every hour."));
      assertTrue(
          mails.get(0).getSentDate().toInstant().isBefore(sent.plus(MAIL_DELAY)),
          "mailed at once, not after the delay: " + mails.get(0).getSentDate());

      // The same form again (a retry with its clientId) stores nothing twice.
      String clientId = "form-" + UUID.randomUUID();
      String again =
          Json.createObjectBuilder()
              .add("name", "Erin Offline")
              .add("email", email)
              .add("text", "And the printer.")
              .add("clientId", clientId)
              .build()
              .toString();
      var first = AccountsIT.call(TestCluster.b(), "POST", "/api/offline-messages", token, again);
      var second = AccountsIT.call(TestCluster.a(), "POST", "/api/offline-messages", token, again);
      assertEquals(201, first.status(), first.body());
      assertEquals(
          first.json().getJsonObject("message").getInt("seq"),
          second.json().getJsonObject("message").getInt("seq"));
      assertEquals(conversation, second.json().getString("conversationId"));

      // An agent answers on B while the visitor is away: mail, and the widget's socket on A.
      console.send("claim", "conversationId", conversation);
      waitUntil("the agent claimed it", () -> member.id().equals(assigneeOf(conversation)));
      JsonObject reply = MailIT.say(console, conversation, "Please update the VPN client.");
      List<MimeMessage> answers =
          SMTP.await(conversation, VISITOR_UNREAD, 1, MAIL_DELAY.plus(MailIT.MARGIN));
      assertEquals(email, to(answers.get(0)));
      assertTrue(Smtp.part(answers.get(0), "text/plain").contains("Please update the VPN client."));

      try (var widget = ChatClient.authenticated(TestCluster.a(), "/ws/visitor", token)) {
        assertEquals(
            conversation,
            widget.ready.getJsonArray("conversations").getJsonObject(0).getString("id"));
        widget.send("history", "conversationId", conversation);
        JsonObject history = widget.next("history");
        assertTrue(
            history.getJsonArray("messages").stream()
                .map(JsonValue::asJsonObject)
                .anyMatch(
                    m -> m.getString("id").equals(reply.getJsonObject("message").getString("id"))),
            history.toString());
      }
    }
  }

  @Test
  void aBadOfflineFormIsRefusedAndChangesNothing() {
    URI a = TestCluster.a();
    JsonObject visitor = Http.newVisitor(a);
    String token = visitor.getString("token");
    String email = MailIT.newEmail();
    formRefused(token, offlineForm(null, null, email, "hi"), 400, "name is required");
    formRefused(token, offlineForm(null, "Fay", null, "hi"), 400, "email is required");
    formRefused(token, offlineForm(null, "Fay", "not-an-address", "hi"), 400, "email");
    formRefused(token, offlineForm(null, "Fay", email, null), 400, "text is required");
    formRefused(token, offlineForm(null, "Fay", email, "x".repeat(4001)), 413, "4000");
    formRefused(token, offlineForm(null, "F".repeat(81), email, "hi"), 400, "nickname");
    formRefused(
        token,
        offlineForm("No such team " + UUID.randomUUID(), "Fay", email, "hi"),
        400,
        "no team");
    formRefused(token, "{\"name\":", 400, "");
    formRefused(null, offlineForm(null, "Fay", email, "hi"), 401, "");
    formRefused(
        AccountsIT.supervisorToken(a), offlineForm(null, "Fay", email, "hi"), 403, "visitors");
    assertEquals(
        List.of(),
        TestCluster.rows(
            "select 1 from conversation where visitor_id = ?"
                + " union all select 1 from visitor where email = ? or nickname = 'Fay'",
            visitor.getString("visitorId"),
            email),
        "no conversation, no address kept");
  }

  private static void formRefused(String token, String body, int status, String why) {
    var reply = AccountsIT.call(TestCluster.b(), "POST", "/api/offline-messages", token, body);
    assertEquals(status, reply.status(), body + " → " + reply.body());
    assertTrue(reply.body().contains(why), reply.body());
  }
}
