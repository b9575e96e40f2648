package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The console's page for supervisors: agents added and disabled, the audit log. */
class AdminUiIT {

  @Test
  void aSupervisorAddsAndDisablesAnAgentAndSeesItInTheAuditLog() throws Exception {
    String username = "ui-" + UUID.randomUUID().toString().substring(0, 8);
    try (var console = Browser.open(1280, 900)) {
      signIn(console, TestCluster.b(), TestCluster.SUPERVISOR);
      console.find("#admin-toggle").click();
      console.untilText("#agents tr", TestCluster.AGENT);

      console.find("#new-username").sendKeys(username);
      console.find("#new-display-name").sendKeys("Uma Interface");
      console.find("#new-password").sendKeys("a-long-password");
      console.find("#new-agent button[type=submit]").click();
      console.untilText("#agents tr", "Uma Interface");
      assertEquals(
          200,
          Http.login(TestCluster.a(), username, "a-long-password").status(),
          "the new agent signs in");

      var row = console.find("#agents tr[data-username='" + username + "']");
      row.findElement(By.tagName("button")).click();
      console.driver.switchTo().alert().accept();
      console.until(
          d ->
              d.findElement(By.cssSelector("#agents tr[data-username='" + username + "']"))
                  .getText()
                  .contains("disabled"));
      assertEquals(
          403, Http.login(TestCluster.a(), username, "a-long-password").status(), "disabled");
      console.untilText("#audit li", "agent.disabled");
      assertTrue(console.find("#audit").getText().contains("agent.created agent Uma Interface"));

      console.screenshot("console-admin");
      assertEquals(List.of(), console.seriousViolations(), "admin page accessibility");
      console.find("#admin-close").click();
      console.until(d -> d.findElement(By.id("placeholder")).isDisplayed());
    }
    try (var agentConsole = Browser.open(1280, 800)) {
      signIn(agentConsole, TestCluster.b(), TestCluster.AGENT);
      assertTrue(!agentConsole.find("#admin-toggle").isDisplayed(), "agents have no admin page");
    }
  }

  /** A supervisor adds a webhook, and sends a failed delivery again from the list of failures. */
  @Test
  void aSupervisorAddsAWebhookAndSendsAFailedDeliveryAgain() throws Exception {
    String url = "https://crm.example.com/hooks/" + UUID.randomUUID();
    try (var console = Browser.open(1280, 900)) {
      signIn(console, TestCluster.b(), TestCluster.SUPERVISOR);
      console.find("#admin-toggle").click();
      console.find("#webhook-url").sendKeys(url);
      console.find("input[name=webhook-event][value='message.created']").click();
      console.find("#webhook-secret").sendKeys("a-shared-secret-of-ours");
      console.find("#new-webhook button[type=submit]").click();
      console.untilText("#webhook-list tr", url);
      assertTrue(
          console
              .find("#webhook-list")
              .getText()
              .contains("conversation.created, message.created"));

      String webhook = TestCluster.rows("select id from webhook where url = ?", url).get(0).get(0);
      String failure = UUID.randomUUID().toString();
      TestCluster.update(
          "insert into webhook_failure (id, webhook_id, event, payload, attempts, last_error,"
              + " failed_at) values (?, ?, 'message.created', '{}', 8, 'answered 503', now())",
          failure,
          webhook);
      console.find("#admin-close").click();
      console.find("#admin-toggle").click();
      console
          .untilText("#webhook-failures tr", "answered 503 (8 attempts)")
          .findElement(By.tagName("button"))
          .click();
      console.until(
          d -> !d.findElement(By.id("webhook-failures")).getText().contains("answered 503"));
      assertEquals(
          List.of(List.of(webhook)),
          TestCluster.rows(
              "select subject_id from audit_log where action = 'webhook.retried' and details = ?",
              failure),
          "queued again");

      console.untilText("#webhook-list tr", url).findElement(By.tagName("button")).click();
      console.driver.switchTo().alert().accept();
      console.until(d -> !d.findElement(By.id("webhook-list")).getText().contains(url));
      assertTrue(TestCluster.rows("select 1 from webhook where id = ?", webhook).isEmpty());
    }
  }

  /**
   * An agent changes their password in the console: a wrong current one is refused, then the new
   * one works, the old one does not, their other sign-in ends and this one goes on.
   */
  @Test
  void anAgentChangesTheirPasswordInTheConsole() throws Exception {
    var a = TestCluster.a();
    String username = "pw-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        AccountsIT.call(
            a,
            "POST",
            "/api/agents",
            AccountsIT.supervisorToken(a),
            jakarta.json.Json.createObjectBuilder()
                .add("username", username)
                .add("password", TestCluster.AGENT_PASSWORD)
                .build()
                .toString());
    assertEquals(201, created.status(), created.body());
    String elsewhere = Http.agentToken(a, username, TestCluster.AGENT_PASSWORD);
    String changed = "a-new-passphrase";
    try (var other = ChatClient.authenticated(a, "/ws/agent", elsewhere);
        var console = Browser.open(1280, 800)) {
      signIn(console, TestCluster.b(), username);
      console.find("#password-open").click();
      console.find("#current-password").sendKeys("not-my-password");
      console.find("#changed-password").sendKeys(changed);
      console.find("#repeated-password").sendKeys(changed);
      console.find("#password-form button[type=submit]").click();
      console.untilText("#password-error", "not right");
      assertEquals(List.of(), console.seriousViolations(), "password dialog accessibility");
      var current = console.find("#current-password");
      current.clear();
      current.sendKeys(TestCluster.AGENT_PASSWORD);
      console.find("#password-form button[type=submit]").click();
      console.until(d -> !d.findElement(By.id("password-dialog")).isDisplayed());

      assertEquals(4401, other.closeCode(java.time.Duration.ofSeconds(10)), "the other sign-in");
      assertEquals(401, Http.login(a, username, TestCluster.AGENT_PASSWORD).status());
      assertEquals(200, Http.login(a, username, changed).status());
      String mine =
          (String)
              console.script("return JSON.parse(localStorage.getItem('switchboard.agent')).token");
      assertEquals(200, Http.get(a, "/api/conversations", mine).status(), "this sign-in goes on");
      for (String weak : List.of("short", "change-me-admin", changed)) {
        var refused =
            AccountsIT.call(
                a,
                "POST",
                "/api/agents/me/password",
                mine,
                "{\"current\":\"" + changed + "\",\"password\":\"" + weak + "\"}");
        assertEquals(400, refused.status(), weak + ": " + refused.body());
      }
    }
  }
}
