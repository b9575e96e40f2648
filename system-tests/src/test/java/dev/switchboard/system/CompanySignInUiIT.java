package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The console's "Sign in with …" (issue 28) in Chromium, through the provider and back: signed in,
 * signed out (at the provider too), and a person outside the support groups told why.
 */
class CompanySignInUiIT {

  @Test
  void anAgentSignsInWithTheCompanyAndOut() throws Exception {
    String username = "ui-oidc-" + UUID.randomUUID().toString().substring(0, 6);
    try (var console = Browser.open(1280, 800)) {
      console.go(page(TestCluster.b(), "/console/"));
      var button = console.untilText("#company-sign-in", "Sign in with " + Oidc.NAME);
      console.screenshot("console-company-sign-in");
      assertEquals(List.of(), console.seriousViolations(), "sign-in page accessibility");

      TestCluster.OIDC.nextUser("ui-" + username, username, List.of("support-agents"), 3600);
      button.click();
      console.until(d -> d.findElement(By.id("app")).isDisplayed());
      console.untilText("#me", "Person " + username + " (agent)");
      assertFalse(console.driver.getCurrentUrl().contains("signin-ticket"), "no ticket kept");
      console.until(d -> d.findElement(By.id("connection")).getText().isEmpty());

      console.find("#logout").click();
      // Out at the provider too, and back at the console's sign-in.
      console.until(d -> d.findElement(By.id("login-view")).isDisplayed());
      console.until(d -> d.getCurrentUrl().startsWith(page(TestCluster.b(), "/console/")));
      console.untilText("#company-sign-in", "Sign in with " + Oidc.NAME);

      TestCluster.OIDC.nextUser(
          "ui-outsider-" + username, "outsider-" + username, List.of("staff"), 3600);
      console.find("#company-sign-in").click();
      console.untilText("#login-error", "you are in none of the company's support groups");
      assertTrue(console.find("#app").getAttribute("hidden") != null, "not signed in");
    }
  }
}
