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
}
