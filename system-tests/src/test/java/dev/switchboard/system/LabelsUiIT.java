package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;

import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Labels in the browser: a supervisor on B adds one in the console's admin view and puts it on a
 * conversation; an agent's console on A shows it in the queue at once.
 */
class LabelsUiIT {

  @Test
  void aSupervisorAddsALabelAndAnotherConsoleSeesItOnTheConversation() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    JsonObject v = Http.newVisitor(TestCluster.a());
    try (var visitor =
            ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"));
        var supervisor = Browser.open(1280, 900);
        var agent = Browser.open(1280, 800)) {
      visitor.sendText("u1", null, "Invoice " + tag + " is wrong");
      visitor.next("ack");
      signIn(supervisor, TestCluster.b(), TestCluster.SUPERVISOR);
      signIn(agent, TestCluster.a(), TestCluster.AGENT);

      supervisor.find("#admin-toggle").click();
      supervisor.find("#label-name").sendKeys("Urgent " + tag);
      supervisor.find("#new-label button[type=submit]").click();
      supervisor.untilText("#label-list", "Urgent " + tag);
      supervisor.find("#admin-toggle").click();

      supervisor.untilText(".queue-item", tag).click();
      supervisor.find("#label-editor summary").click();
      // Found and clicked in one step: the choices may be drawn again (a live update of the
      // conversation) between finding one and clicking it, and a stale one is looked for again.
      supervisor.until(
          d -> {
            var choice =
                d.findElements(By.cssSelector("#label-choices label")).stream()
                    .filter(e -> e.getText().contains("Urgent " + tag))
                    .findFirst()
                    .orElse(null);
            if (choice == null) {
              return null;
            }
            choice.click();
            return true;
          });
      supervisor.untilText("#labels .chip", "Urgent " + tag);
      agent.untilText(".queue-item .chip", "Urgent " + tag);
      supervisor.screenshot("console-labels");
      agent.screenshot("console-labels-other");
    }
  }
}
