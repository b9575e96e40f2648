package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.page;
import static dev.switchboard.system.WebUiIT.signIn;
import static dev.switchboard.system.WebUiIT.write;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Colleagues in the browser: alice's console on B invites carol, whose console on A shows the
 * conversation under "Mine" and answers it; the widget on A names both agents and shows who joined;
 * carol leaves and the widget says so.
 */
class ColleaguesUiIT {

  @Test
  void anAgentInvitesAColleagueWhoAnswersAndLeaves() throws Exception {
    try (var widget = Browser.open(1000, 720);
        var alice = Browser.open(1280, 800);
        var carol = Browser.open(1280, 800)) {
      signIn(alice, TestCluster.b(), TestCluster.AGENT);
      signIn(carol, TestCluster.a(), TestCluster.THIRD_AGENT);
      widget.go(page(TestCluster.a(), "/"));
      widget.untilText("#availability-text", "Online");
      String tag = UUID.randomUUID().toString().substring(0, 8);
      write(widget, "Contract question " + tag);

      alice.untilText(".queue-item", tag).click();
      alice.find("#claim").click();
      alice.untilText("#visitor-details", "assigned to");
      alice.choose("#invite-to", "carol (online)");
      alice.find("#invite").click();
      alice.untilText("#visitor-details", "with carol");
      alice.screenshot("console-invited");

      widget.untilText("#messages", "carol joined the conversation");
      widget.untilText("#present", "You are talking with alice and carol.");
      widget.screenshot("widget-colleague-joined");

      carol.find("#tab-mine").click();
      // In carol's "Mine", its last line the system message.
      carol.untilText("#queue .queue-item", "carol joined the conversation").click();
      carol.until(d -> d.findElement(By.id("leave")).isDisplayed());
      carol.find("#text").sendKeys("Carol from legal here: yes, you can cancel.\n");
      widget.untilText("#messages", "Carol from legal here");
      carol.screenshot("console-colleague");

      carol.find("#leave").click();
      widget.untilText("#messages", "carol left the conversation");
      widget.untilText("#present", "You are talking with alice.");
      alice.until(
          d ->
              d.findElement(By.id("visitor-details")).getText().contains("with carol")
                  ? null
                  : true);
      assertTrue(carol.seriousViolations().isEmpty(), carol.seriousViolations().toString());
      assertTrue(widget.seriousViolations().isEmpty(), widget.seriousViolations().toString());
    }
  }
}
