package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each instance's figures at {@code /metrics} (Prometheus' text format), read the way Prometheus
 * reads them, while a visitor on A and an agent on B chat.
 */
class MetricsIT {

  static final Duration SETTLE = Duration.ofSeconds(20);

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * Every series of an instance, by name and labels ({@code name{a="x",b="y"}}, labels sorted,
   * without MicroProfile's {@code mp_scope}); and, by name alone, its {@code # HELP} text.
   */
  record Scrape(Map<String, Double> series, Map<String, String> help) {

    /** The series' value; fails when the instance does not have it. */
    double value(String series) {
      Double value = series().get(series);
      assertNotNull(value, series + " not in " + series().keySet());
      return value;
    }
  }

  static Scrape scrape(URI instance) {
    var reply = Http.get(instance, "/metrics", null);
    assertEquals(200, reply.status(), reply.body());
    var series = new TreeMap<String, Double>();
    var help = new TreeMap<String, String>();
    for (String line : reply.body().lines().toList()) {
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        help.put(parts[0], parts.length > 1 ? parts[1] : "");
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String key = line.substring(0, space);
      int brace = key.indexOf('{');
      if (brace >= 0) {
        var labels = new TreeMap<String, String>();
        var m = LABEL.matcher(key.substring(brace));
        while (m.find()) {
          if (!m.group(1).equals("mp_scope")) {
            labels.put(m.group(1), m.group(2));
          }
        }
        var name = new StringBuilder(key.substring(0, brace));
        if (!labels.isEmpty()) {
          name.append('{');
          labels.forEach((k, v) -> name.append(k).append("=\"").append(v).append("\","));
          name.setCharAt(name.length() - 1, '}');
        }
        key = name.toString();
      }
      series.put(key, Double.parseDouble(line.substring(space + 1)));
    }
    return new Scrape(series, help);
  }

  /**
   * Reads the series until {@code wanted} holds (it returns the value), failing after a while; a
   * series not there yet (a new team's, until the next count) is waited for too.
   */
  static double await(URI instance, String series, DoublePredicate wanted) throws Exception {
    Double value =
        Poll.until(
            SETTLE, () -> scrape(instance).series().get(series), v -> v != null && wanted.test(v));
    if (value == null || !wanted.test(value)) {
      throw new AssertionError(series + " is " + value + " on " + instance);
    }
    return value;
  }

  /** The series summed over the cluster's instances that answer (a killed one does not). */
  static double total(String series) {
    double sum = 0;
    for (var instance : TestCluster.get().instances()) {
      Scrape scrape;
      try {
        scrape = scrape(instance.baseUri());
      } catch (IllegalStateException e) {
        continue; // not answering: killed by a test
      }
      sum += scrape.value(series);
    }
    return sum;
  }

  static String waiting(String teamName, String teamId) {
    return "switchboard_routing_waiting{team=\"" + teamName + "\",team_id=\"" + teamId + "\"}";
  }

  static final String VISITOR_SOCKETS = "switchboard_sockets_open{kind=\"visitor\"}";
  static final String AGENT_SOCKETS = "switchboard_sockets_open{kind=\"agent\"}";
  static final String STORED = "switchboard_messages_stored_total";
  static final String FANNED_OUT = "switchboard_fanout_delay_seconds_count";

  @Test
  void everyInstanceDescribesEveryFigure() {
    for (URI instance : new URI[] {TestCluster.a(), TestCluster.b()}) {
      Scrape scrape = scrape(instance);
      for (String name :
          new String[] {
            "switchboard_messages_stored_total",
            "switchboard_fanout_delay_seconds",
            "switchboard_fanout_gaps_total",
            "switchboard_fanout_gap_messages_total",
            "switchboard_fanout_late_total",
            "switchboard_sockets_open",
            "switchboard_sends_queued",
            "switchboard_mail_sent_total",
            "switchboard_mail_failures_total",
            "switchboard_mail_deadLetters",
            "switchboard_push_sent_total",
            "switchboard_routing_waiting"
          }) {
        assertTrue(
            scrape.help().containsKey(name) && !scrape.help().get(name).isBlank(),
            name + " has no description on " + instance);
      }
      assertTrue(scrape.value("switchboard_sends_queued") >= 0);
      assertTrue(scrape.value("switchboard_fanout_gaps_total") >= 0);
      assertTrue(
          scrape.value("switchboard_fanout_gap_messages_total")
              >= scrape.value("switchboard_fanout_gaps_total"),
          "a gap holds a message at least");
      assertTrue(scrape.value("switchboard_fanout_late_total") >= 0);
      assertTrue(scrape.value("switchboard_sockets_open{kind=\"unauthenticated\"}") >= 0);
      assertTrue(scrape.value("switchboard_fanout_delay_seconds{quantile=\"0.99\"}") >= 0);
      assertEquals(
          0,
          scrape.value(waiting("Support", "00000000-0000-0000-0000-000000000001")) % 1,
          "a count");
    }
  }

  @Test
  void aChatAcrossInstancesMovesEachInstancesFigures() throws Exception {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String supervisor = AccountsIT.supervisorToken(a);
    String teamName = "Metrics " + UUID.randomUUID().toString().substring(0, 6);
    String teamId = TeamsIT.team(supervisor, teamName);
    String visitorToken = Http.newVisitor(a).getString("token");
    Scrape beforeA = scrape(a);
    Scrape beforeB = scrape(b);
    double visitorsOnA = beforeA.value(VISITOR_SOCKETS);
    double agentsOnB = beforeB.value(AGENT_SOCKETS);
    String conversation;
    try (var agent = ChatClient.authenticated(b, "/ws/agent", supervisor);
        var visitor = ChatClient.authenticated(a, "/ws/visitor", visitorToken)) {
      await(a, VISITOR_SOCKETS, v -> v == visitorsOnA + 1);
      await(b, AGENT_SOCKETS, v -> v == agentsOnB + 1);

      visitor.send("send", "clientId", "m-1", "text", "how many of us wait?", "team", teamName);
      conversation =
          conversationOf(visitor.next("ack", f -> "m-1".equals(f.getString("clientId"))));
      assertNotNull(agent.next("message", ProtocolIT.about(conversation)));
      // Stored on A, where the visitor is; its events reach B through the topic.
      assertEquals(beforeA.value(STORED) + 1, scrape(a).value(STORED));
      assertEquals(beforeB.value(STORED), scrape(b).value(STORED));
      await(b, FANNED_OUT, v -> v > beforeB.value(FANNED_OUT));
      // A resend is answered as stored and not counted again.
      visitor.send("send", "clientId", "m-1", "text", "how many of us wait?", "team", teamName);
      assertNotNull(visitor.next("ack", f -> "m-1".equals(f.getString("clientId"))));
      assertEquals(beforeA.value(STORED) + 1, scrape(a).value(STORED));

      // The team's queue, on every instance, until an agent takes the conversation.
      await(a, waiting(teamName, teamId), v -> v == 1);
      await(b, waiting(teamName, teamId), v -> v == 1);
      agent.send("claim", "conversationId", conversation);
      await(a, waiting(teamName, teamId), v -> v == 0);
      await(b, waiting(teamName, teamId), v -> v == 0);
    }
    await(a, VISITOR_SOCKETS, v -> v == visitorsOnA);
    await(b, AGENT_SOCKETS, v -> v == agentsOnB);
  }
}
