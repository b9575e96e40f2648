package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Search in the browser: an agent on B types a word from a visitor's first message, sent on A
 * before sixty others; the result shows the match marked and opens the conversation at that
 * message, pages back from the newest.
 */
class SearchUiIT {

  @Test
  void aResultOpensTheConversationAtItsMessage() throws Exception {
    String word = SearchIT.word();
    JsonObject v = Http.newVisitor(TestCluster.a());
    try (var visitor =
            ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"));
        var agent = Browser.open(1280, 900)) {
      String found = SearchIT.send(visitor, "Order " + word + " <never> arrived");
      for (int i = 0; i < 60; i++) {
        SearchIT.send(visitor, "still waiting, message " + i);
      }
      signIn(agent, TestCluster.b(), TestCluster.AGENT);
      agent.find("#search").sendKeys(word, Keys.ENTER);
      var result = agent.untilText("#search-results .queue-item", word);
      assertEquals(
          word, agent.find("#search-results .search-snippet mark").getText(), "the match marked");
      assertTrue(
          result.getText().contains("<never>"), "the text shown as text: " + result.getText());
      agent.screenshot("console-search");

      result.click();
      var shown =
          agent.until(d -> d.findElement(org.openqa.selenium.By.cssSelector(".message.found")));
      assertEquals(found, shown.getAttribute("data-id"));
      assertTrue(
          (Boolean)
              agent.script(
                  "const r = arguments[0].getBoundingClientRect(), l = document.getElementById('log')"
                      + ".getBoundingClientRect(); return r.top >= l.top && r.bottom <= l.bottom;",
                  shown),
          "scrolled into view");
      agent.screenshot("console-search-opened");

      agent.find("#search-close").click();
      agent.until(d -> d.findElement(org.openqa.selenium.By.id("queue-panel")).isDisplayed());
      assertTrue(agent.seriousViolations().isEmpty(), agent.seriousViolations().toString());
    }
  }
}
