package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.page;
import static dev.switchboard.system.WebUiIT.signIn;
import static dev.switchboard.system.WebUiIT.write;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The rating in the browser: the agent resolves in the console on B, the widget on A asks "How did
 * we do?", the visitor gives 5 and a comment, and the console shows it without a reload.
 */
class RatingsUiIT {

  @Test
  void aResolvedConversationAsksForARatingAndTheConsoleShowsIt() throws Exception {
    try (var widget = Browser.open(1000, 720);
        var console = Browser.open(1280, 800)) {
      signIn(console, TestCluster.b(), TestCluster.AGENT);
      widget.go(page(TestCluster.a(), "/"));
      widget.untilText("#availability-text", "Online");
      String tag = UUID.randomUUID().toString().substring(0, 8);
      write(widget, "Need a hand " + tag);
      console.untilText(".queue-item", tag).click();
      console.untilText("#messages li.visitor", tag);
      console.find("#resolve").click();

      widget.until(d -> d.findElement(By.id("rating")).isDisplayed());
      widget.untilText("#rating legend", "How did we do?");
      widget.screenshot("widget-rating-asked");
      widget.find("label[for=score-5]").click();
      widget.find("#rating-comment").sendKeys("Sorted in a minute");
      widget.find("#rating-send").click();
      widget.until(d -> d.findElement(By.id("rating-thanks")).isDisplayed());
      widget.until(d -> d.findElement(By.id("rating")).isDisplayed() ? null : true);
      console.untilText("#visitor-rating", "Rated 5 of 5");
      console.untilText("#visitor-rating", "Sorted in a minute");
      widget.screenshot("widget-rated");
      console.screenshot("console-rated");
    }
  }
}
