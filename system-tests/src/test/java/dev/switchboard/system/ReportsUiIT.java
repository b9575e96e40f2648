package dev.switchboard.system;

import static dev.switchboard.system.WebUiIT.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The console's Reports page (issue 28): a supervisor picks a period and a team, reads the figures,
 * sees both charts drawn by the library the WAR serves, and downloads a table as CSV.
 */
class ReportsUiIT {

  @Test
  void aSupervisorReadsATeamsReportWithChartsAndDownloadsItsDays() throws Exception {
    String supervisorToken = AccountsIT.supervisorToken(TestCluster.a());
    String name = "Charts " + UUID.randomUUID().toString().substring(0, 6);
    String team = TeamsIT.team(supervisorToken, name);
    String conversation;
    try (var visitor =
        ChatClient.authenticated(
            TestCluster.a(), "/ws/visitor", Http.newVisitor(TestCluster.a()).getString("token"))) {
      visitor.send("send", "clientId", "ui-r1", "text", "a question for the report", "team", name);
      var ack = visitor.next("ack");
      assertNotNull(ack);
      conversation = ClusterIT.conversationOf(ack);
    }
    // Started on 3 February 2025 at noon, answered after 90 s; still waiting for nobody.
    TestCluster.update(
        "update conversation set created_at = '2025-02-03T12:00:00Z',"
            + " first_response_at = '2025-02-03T12:01:30Z' where id = ?",
        conversation);

    try (var console = Browser.open(1280, 1000)) {
      signIn(console, TestCluster.b(), TestCluster.SUPERVISOR);
      console.find("#reports-toggle").click();
      // The last 30 days first, every team.
      console.until(d -> d.findElements(By.cssSelector("#report-days tbody tr")).size() == 30);
      console.script(
          "document.getElementById('report-from').value = '2025-02-03';"
              + "document.getElementById('report-to').value = '2025-02-04';");
      console.choose("#report-team", name);
      console.find("#report-form button[type=submit]").click();
      console.until(d -> d.findElements(By.cssSelector("#report-days tbody tr")).size() == 2);
      console.untilText("#report-days tbody tr", "2025-02-03");
      String firstDay = console.find("#report-days tbody tr").getText();
      assertTrue(firstDay.startsWith("2025-02-03 1 0 1 1 min 30 s"), firstDay);
      assertTrue(console.find("#report-totals").getText().contains("1 min 30 s"));
      assertTrue(console.find("#report-teams").getText().contains(name));

      // Both charts drawn: the library loaded from the WAR and painted something.
      console.until(d -> Boolean.TRUE.equals(console.script("return Boolean(window.Chart)")));
      for (String chart : List.of("report-volume", "report-times")) {
        Object painted =
            console.script(
                "const c = document.getElementById(arguments[0]);"
                    + " const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + " return c.width > 0 && data.some(v => v !== 0);",
                chart);
        assertEquals(Boolean.TRUE, painted, chart + " painted");
      }

      Path csv = Browser.DOWNLOADS.resolve("switchboard-days-2025-02-03-2025-02-04.csv");
      Files.deleteIfExists(csv);
      console.find("#report-csv-days").click();
      Poll.await("downloaded " + csv, Browser.WAIT, () -> Files.exists(csv));
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      assertEquals(3, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("\"date\",\"started\",\"resolved\",\"waiting_now\""));
      assertTrue(
          lines.get(1).startsWith("\"2025-02-03\",\"1\",\"0\",\"1\",\"90\",\"90\",\"\""),
          lines.get(1));
      assertEquals("\"2025-02-04\",\"0\",\"0\",\"0\",\"\",\"\",\"\",\"\",\"\",\"0\"", lines.get(2));

      console.screenshot("console-reports");
      assertEquals(List.of(), console.seriousViolations(), "reports page accessibility");
      console.find("#reports-close").click();
      console.until(d -> d.findElement(By.id("placeholder")).isDisplayed());
    }
    try (var agentConsole = Browser.open(1280, 800)) {
      signIn(agentConsole, TestCluster.b(), TestCluster.AGENT);
      assertTrue(!agentConsole.find("#reports-toggle").isDisplayed(), "agents have no reports");
    }
  }
}
