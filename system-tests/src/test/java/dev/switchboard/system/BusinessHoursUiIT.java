package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Business hours in the browser: a closed team's widget says when it is back and offers the offline
 * form instead of the composer; the question sent with it is the visitor's conversation, in the
 * team's queue, and the widget then says the team is closed. A supervisor edits the hours in the
 * console, is told when they overlap, and opens the team around the clock again.
 */
class BusinessHoursUiIT {

  @Test
  void aClosedTeamsWidgetTakesAQuestionAndASupervisorOpensItAgain() throws Exception {
    var desk = RoutingIT.desk("round_robin", 0, 1);
    var set =
        BusinessHoursIT.setHours(
            TestCluster.a(), desk.supervisor(), desk.teamId(), BusinessHoursIT.CLOSED);
    assertEquals(200, set.status(), set.body());
    String question = "Can you reset my badge? " + UUID.randomUUID().toString().substring(0, 6);

    try (var widget = Browser.open(420, 760)) {
      widget.go(
          WebUiIT.page(
              TestCluster.a(),
              "/?team=" + URLEncoder.encode(desk.teamName(), StandardCharsets.UTF_8)));
      widget.until(d -> d.findElement(By.id("offline")).isDisplayed());
      widget.untilText("#offline-title", desk.teamName() + " is closed right now. We are back");
      assertFalse(widget.find("#composer").isDisplayed(), "the form instead of the composer");
      widget.screenshot("widget-offline-form");
      assertEquals(List.of(), widget.seriousViolations(), "offline form accessibility");

      widget.find("#offline-name").sendKeys("Gil Offline");
      widget.find("#offline-email").sendKeys("not an address");
      widget.find("#offline-text").sendKeys(question);
      widget.find("#offline-send").click();
      // The browser's own check stops a malformed address before it is sent.
      assertTrue(
          (Boolean) widget.script("return !document.getElementById('offline').checkValidity()"));
      widget.find("#offline-email").sendKeys(Keys.chord(Keys.CONTROL, "a"), "gil@example.com");
      widget.find("#offline-send").click();

      widget.untilText("#messages li.own", question);
      widget.untilText("#queue-status", "closed right now");
      widget.until(d -> d.findElement(By.id("composer")).isDisplayed());
      assertFalse(widget.find("#offline").isDisplayed());
      widget.screenshot("widget-offline-sent");
    }
    var stored =
        TestCluster.rows(
            "select c.team_id, c.assignee_id, v.nickname, v.email from message m"
                + " join conversation c on c.id = m.conversation_id"
                + " join visitor v on v.id = c.visitor_id where m.text = ?",
            question);
    assertEquals(1, stored.size());
    assertEquals(
        java.util.Arrays.asList(desk.teamId(), null, "Gil Offline", "gil@example.com"),
        stored.get(0));

    try (var console = Browser.open(1280, 900)) {
      signIn(console, TestCluster.b(), TestCluster.SUPERVISOR);
      console.find("#admin-toggle").click();
      String row = "#teams tr[data-team='" + desk.teamName() + "']";
      console.untilText(row, "closed now · UTC");
      console.find(row + " button").click();
      console.until(d -> d.findElement(By.id("hours")).isDisplayed());
      assertEquals("UTC", console.find("#hours-zone").getAttribute("value"));
      var monday = console.find("#hours-monday");
      monday.sendKeys(Keys.chord(Keys.CONTROL, "a"), "09:00-12:00, 11:00-13:00");
      console.find("#hours button[type=submit]").click();
      console.untilText(
          "#hours-error", "hours that overlap on monday: 09:00-12:00 and 11:00-13:00");
      console.screenshot("console-hours");
      assertEquals(List.of(), console.seriousViolations(), "hours editor accessibility");

      console.find("#hours-always").click();
      console.find("#hours button[type=submit]").click();
      console.untilText(row, "Around the clock");
      assertFalse(console.find("#hours").isDisplayed());
      console.untilText("#audit li", "team.hours_changed");
    }
    assertTrue(
        BusinessHoursIT.teamAs(TestCluster.a(), desk.supervisor(), desk.teamId())
            .getBoolean("open"));
  }
}
