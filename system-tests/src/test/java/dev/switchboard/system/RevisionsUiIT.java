package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.page;
import static dev.switchboard.system.WebUiIT.signIn;
import static dev.switchboard.system.WebUiIT.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Edit and delete in the browser: the visitor edits their last message with Up in the widget on A,
 * the agent deletes a reply in the console on B, and each side shows "edited" and "Message deleted"
 * without a reload.
 */
class RevisionsUiIT {

  @Test
  void upEditsTheLastMessageAndDeleteLeavesATombstoneOnBothSides() throws Exception {
    try (var widget = Browser.open(1000, 720);
        var console = Browser.open(1280, 800)) {
      signIn(console, TestCluster.b(), TestCluster.AGENT);
      widget.go(page(TestCluster.a(), "/"));
      widget.untilText("#availability-text", "Online");

      String tag = UUID.randomUUID().toString().substring(0, 8);
      write(widget, "My prnter " + tag + " is broken");
      WebUiIT.ownBubble(widget, "My prnter " + tag, "sent", "delivered", "read");
      console.untilText(".queue-item", tag).click();
      console.untilText("#messages li.visitor", "My prnter " + tag);

      // Up in the empty composer: the last message's text, to change.
      WebElement box = widget.find("#text");
      box.sendKeys(Keys.ARROW_UP);
      widget.untilText("#editing", "Editing");
      assertEquals("My prnter " + tag + " is broken", box.getAttribute("value"));
      box.clear();
      box.sendKeys("My printer " + tag + " is broken", Keys.ENTER);
      WebElement edited = widget.untilText("#messages li.own", "My printer " + tag);
      widget.until(d -> edited.findElement(By.cssSelector(".edited")));
      widget.until(d -> d.findElement(By.id("editing")).isDisplayed() ? null : true);
      WebElement seen = console.untilText("#messages li.visitor", "My printer " + tag);
      console.until(d -> seen.findElement(By.cssSelector(".edited")));

      // The agent answers, thinks better of it and deletes the reply.
      write(console, "Wrong answer " + tag);
      widget.untilText("#messages li.agent", "Wrong answer " + tag);
      WebElement reply =
          console.until(
              d ->
                  d.findElements(By.cssSelector("#messages li.agent[data-id]")).stream()
                      .filter(e -> e.getText().contains("Wrong answer " + tag))
                      .findFirst()
                      .orElse(null));
      console.clickOnHover(reply, ".revise .delete");
      console.acceptConfirm();
      console.untilText("#messages li.agent", "Message deleted");
      widget.untilText("#messages li.agent", "Message deleted");
      widget.until(
          d ->
              d.findElements(By.cssSelector("#messages li.agent")).stream()
                  .noneMatch(e -> e.getText().contains("Wrong answer " + tag)));
      widget.screenshot("widget-edited-and-deleted");
      console.screenshot("console-edited-and-deleted");
    }
  }
}
