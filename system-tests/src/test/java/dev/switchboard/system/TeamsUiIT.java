package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;
import static dev.switchboard.system.WebUiIT.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Teams in the browser: a supervisor adds a team and puts an agent in it with a capacity, a visitor
 * chooses that team in the widget and is told their place while nobody is there, the agent signs in
 * and gets the conversation by routing, then hands it to another team and it leaves their console.
 * A page that embeds the widget may choose the team itself.
 */
class TeamsUiIT {

  static JsonObject agent(String supervisor, String username) {
    String body =
        Json.createObjectBuilder()
            .add("username", username)
            .add("password", TestCluster.AGENT_PASSWORD)
            .add("displayName", "Fay " + username)
            .build()
            .toString();
    Http.Reply created = AccountsIT.call(TestCluster.a(), "POST", "/api/agents", supervisor, body);
    assertEquals(201, created.status(), created.body());
    return created.json();
  }

  static JsonObject team(String supervisor, String name) {
    return AccountsIT.call(TestCluster.a(), "GET", "/api/teams", supervisor, null)
        .any()
        .asJsonArray()
        .stream()
        .map(JsonObject.class::cast)
        .filter(t -> name.equals(t.getString("name")))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aVisitorChoosesATeamWaitsForItsAgentWhoHandsItOn() throws Exception {
    URI a = TestCluster.a();
    String supervisor = AccountsIT.supervisorToken(a);
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String teamName = "Facilities " + suffix;
    String username = "fay-" + suffix;
    JsonObject fay = agent(supervisor, username);

    try (var admin = Browser.open(1280, 900)) {
      signIn(admin, TestCluster.b(), TestCluster.SUPERVISOR);
      admin.find("#admin-toggle").click();
      admin.find("#new-team-name").sendKeys(teamName);
      admin.find("#new-team button[type=submit]").click();
      admin.untilText("#teams tr", teamName);
      // Only in the new team: each change is saved at once and the row drawn again.
      String rowCss = "#agents tr[data-username='" + username + "']";
      while (true) {
        Optional<WebElement> wrong =
            admin.until(
                d -> {
                  for (WebElement box :
                      d.findElement(By.cssSelector(rowCss))
                          .findElements(By.cssSelector("input[data-team]"))) {
                    boolean wanted =
                        box.findElement(By.xpath("..")).getText().strip().equals(teamName);
                    if (box.isSelected() != wanted) {
                      return Optional.of(box);
                    }
                  }
                  return Optional.<WebElement>empty();
                });
        if (wrong.isEmpty()) {
          break;
        }
        wrong.get().click();
        admin.until(ExpectedConditions.stalenessOf(wrong.get()));
      }
      admin.choose("#canned-team", teamName);
      admin.find("#canned-shortcut").sendKeys("lift");
      admin
          .find("#canned-text")
          .sendKeys("Hello {visitor}, {agent} here: the technician is on the way.");
      admin.find("#new-canned button[type=submit]").click();
      admin.untilText("#canned-list tr", "/lift");
      WebElement capacity = admin.find(rowCss + " input.capacity");
      capacity.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1", Keys.TAB);
      admin.untilText("#teams tr[data-team='" + teamName + "']", "Fay " + username);
      admin.untilText("#audit li", "agent.capacity_changed");
      admin.screenshot("console-teams");
      assertEquals(List.of(), admin.seriousViolations(), "teams page accessibility");
    }
    JsonObject team = team(supervisor, teamName);
    assertEquals("round_robin", team.getString("routing"));
    JsonObject saved =
        AccountsIT.call(a, "GET", "/api/agents", supervisor, null).any().asJsonArray().stream()
            .map(JsonObject.class::cast)
            .filter(x -> x.getString("id").equals(fay.getString("id")))
            .findFirst()
            .orElseThrow();
    assertEquals(1, saved.getInt("capacity"));
    assertEquals(
        List.of(team.getString("id")),
        saved.getJsonArray("teams").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList());

    try (var widget = Browser.open(1000, 720);
        var console = Browser.open(1280, 800)) {
      widget.go(WebUiIT.page(a, "/"));
      widget.until(d -> d.findElement(By.id("team-choice")).isDisplayed());
      widget.choose("#team", teamName);
      String text = "The lift on floor 3 is stuck " + suffix;
      write(widget, text);
      WebUiIT.ownBubble(widget, text, "sent", "delivered", "read");
      widget.untilText("#queue-status", "You are next in the queue");
      assertFalse(widget.find("#team-choice").isDisplayed(), "chosen once, for this conversation");
      widget.screenshot("widget-queue");
      assertEquals(List.of(), widget.seriousViolations(), "widget with a queue place");

      signIn(console, TestCluster.b(), username);
      widget.untilText("#messages li", "Fay " + username + " joined the conversation");
      widget.until(d -> !d.findElement(By.id("queue-status")).isDisplayed());
      String id =
          TestCluster.rows("select conversation_id from message where text = ?", text)
              .get(0)
              .get(0);
      String item = ".queue-item[data-id='" + id + "']";
      console.find("#tab-mine").click();
      console.find(item).click();
      console.untilText("#visitor-details", "team: " + teamName);

      // A canned response by its shortcut: "/li", Enter picks it, Enter sends it.
      WebElement reply = console.find("#text");
      reply.sendKeys("/li");
      console.untilText("#canned li", "/lift");
      reply.sendKeys(Keys.ENTER);
      console.until(d -> reply.getAttribute("value").startsWith("Hello "));
      assertTrue(reply.getAttribute("value").contains("Fay " + username + " here"));
      reply.sendKeys(Keys.ENTER);
      widget.untilText("#messages li", "here: the technician is on the way.");
      assertFalse(
          widget.find("#messages").getText().contains("{visitor}"), "the visitor's name filled in");

      // The list can show one team's conversations.
      console.choose("#team-filter", "Support");
      console.until(d -> console.all(item).isEmpty());
      console.choose("#team-filter", teamName);
      console.find(item);
      console.screenshot("console-team-conversation");

      console.choose("#transfer-to", "Support team");
      console.find("#transfer").click();
      widget.untilText("#messages li", "transferred the conversation to the Support team");
      console.until(d -> d.findElement(By.id("placeholder")).isDisplayed());
      assertTrue(console.all(item).isEmpty(), "out of Fay's console");

      // A supervisor adds Fay to Support: her console lists it again, without a reload.
      String teams =
          Json.createObjectBuilder()
              .add(
                  "teams",
                  Json.createArrayBuilder()
                      .add(team.getString("id"))
                      .add(team(supervisor, "Support").getString("id")))
              .build()
              .toString();
      assertEquals(
          200,
          AccountsIT.call(a, "PUT", "/api/agents/" + fay.getString("id"), supervisor, teams)
              .status());
      console.choose("#team-filter", "All teams");
      console.find("#tab-unassigned").click();
      console.find(item);
    }
  }

  /** The names of the teams a visitor is offered. */
  static List<String> offeredToVisitors() {
    String visitor = Http.newVisitor(TestCluster.a()).getString("token");
    return Http.get(TestCluster.a(), "/api/teams", visitor).any().asJsonArray().stream()
        .map(t -> t.asJsonObject().getString("name"))
        .toList();
  }

  /**
   * A supervisor makes a team internal in the console: visitors are not offered it and cannot name
   * it; agents still see it. The default team cannot be internal.
   */
  @Test
  void anInternalTeamIsNotOfferedToVisitors() throws Exception {
    URI a = TestCluster.a();
    String supervisor = AccountsIT.supervisorToken(a);
    String teamName = "Second line " + UUID.randomUUID().toString().substring(0, 6);
    String rowBox = "#teams tr[data-team='" + teamName + "'] input[type=checkbox]";
    try (var admin = Browser.open(1280, 900)) {
      signIn(admin, TestCluster.b(), TestCluster.SUPERVISOR);
      admin.find("#admin-toggle").click();
      admin.find("#new-team-name").sendKeys(teamName);
      admin.find("#new-team-internal").click();
      admin.find("#new-team button[type=submit]").click();
      admin.untilText("#teams tr", teamName);
      assertTrue(admin.find(rowBox).isSelected(), "shown as internal");
      assertTrue(
          admin.all("#teams tr").stream()
              .filter(r -> r.getText().contains("(default)"))
              .allMatch(r -> !r.findElement(By.cssSelector("input[type=checkbox]")).isEnabled()),
          "the default team cannot be made internal");
      assertTrue(team(supervisor, teamName).getBoolean("internal"));
      assertFalse(offeredToVisitors().contains(teamName));
      try (var visitor =
          ChatClient.authenticated(a, "/ws/visitor", Http.newVisitor(a).getString("token"))) {
        visitor.send(
            Json.createObjectBuilder()
                .add("type", "send")
                .add("clientId", "to-internal")
                .add("text", "let me in")
                .add("team", teamName));
        assertEquals("bad_request", visitor.next("error").getString("code"));
      }

      WebElement box = admin.find(rowBox);
      box.click();
      admin.until(ExpectedConditions.stalenessOf(box));
      admin.until(d -> !admin.find(rowBox).isSelected());
      assertFalse(team(supervisor, teamName).getBoolean("internal"));
      assertTrue(offeredToVisitors().contains(teamName));
    }
    String defaultTeam =
        AccountsIT.call(a, "GET", "/api/teams", supervisor, null).any().asJsonArray().stream()
            .map(JsonObject.class::cast)
            .filter(t -> t.getBoolean("isDefault"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertEquals(
        400,
        AccountsIT.call(a, "PUT", "/api/teams/" + defaultTeam, supervisor, "{\"internal\":true}")
            .status());
  }

  @Test
  void anEmbeddingPageChoosesTheTeam() throws Exception {
    URI a = TestCluster.a();
    String supervisor = AccountsIT.supervisorToken(a);
    String teamName = "Payroll " + UUID.randomUUID().toString().substring(0, 6);
    assertEquals(
        201,
        AccountsIT.call(a, "POST", "/api/teams", supervisor, "{\"name\":\"" + teamName + "\"}")
            .status());
    String host =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Payroll</title></head>"
            + "<body><main><h1>Payroll</h1></main><script src=\""
            + WebUiIT.page(a, "/embed.js")
            + "\" data-team=\""
            + teamName
            + "\" async></script></body></html>";
    String text = "my payslip is missing " + UUID.randomUUID();
    try (var intranet = IntranetPage.serving(host);
        var browser = Browser.open(1280, 800)) {
      browser.go(TestCluster.EMBEDDER_ORIGIN + "/");
      browser.find("button[aria-controls=switchboard-panel]").click();
      WebElement frame = browser.find("#switchboard-panel");
      browser.until(d -> frame.isDisplayed());
      browser.driver.switchTo().frame(frame);
      browser.find("#text");
      assertFalse(browser.find("#team-choice").isDisplayed(), "the page chose already");
      write(browser, text);
      WebUiIT.ownBubble(browser, text, "sent", "delivered", "read");
    }
    assertEquals(
        List.of(List.of(teamName)),
        TestCluster.rows(
            "select t.name from message m join conversation c on c.id = m.conversation_id"
                + " join team t on t.id = c.team_id where m.text = ?",
            text));
  }
}
