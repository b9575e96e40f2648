package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static dev.switchboard.system.ClusterIT.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.PayaraInstance;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * A third instance, C, on the cluster's database and broker: configured with a message rate limit,
 * and then killed while a visitor and an agent are on it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThirdInstanceIT {

  static final int RATE_LIMIT = 5;
  static PayaraInstance third;

  @BeforeAll
  static void startThirdInstance() throws Exception {
    third =
        TestCluster.get()
            .addInstance(Map.of("SWITCHBOARD_RATE_LIMIT", Integer.toString(RATE_LIMIT)));
  }

  @AfterAll
  static void stopThirdInstance() throws Exception {
    third.stop();
  }

  static URI c() {
    return third.baseUri();
  }

  /** How many messages the conversation has in the database. */
  static int stored(String conversation) {
    return Integer.parseInt(
        TestCluster.rows("select count(*) from message where conversation_id = ?", conversation)
            .get(0)
            .get(0));
  }

  @Test
  @Order(1)
  void aParticipantOverTheRateLimitIsToldSoAndNothingIsStoredOrDelivered() throws Exception {
    String agentToken =
        Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    JsonObject v = Http.newVisitor(c());
    try (var agent = ChatClient.authenticated(TestCluster.a(), "/ws/agent", agentToken);
        var visitor = ChatClient.authenticated(c(), "/ws/visitor", v.getString("token"))) {
      visitor.sendText("burst-0", null, "first");
      String conversation = conversationOf(visitor.next("ack"));
      for (int i = 1; i <= RATE_LIMIT; i++) {
        visitor.send(
            "send",
            "ref",
            "r" + i,
            "clientId",
            "burst-" + i,
            "conversationId",
            conversation,
            "text",
            "m" + i);
      }
      List<JsonObject> answers = visitor.collect(RATE_LIMIT, ChatClient.WAIT, "ack", "error");
      long refusedAt = System.nanoTime();
      assertEquals(RATE_LIMIT, answers.size());
      for (int i = 0; i < RATE_LIMIT - 1; i++) {
        assertEquals("ack", answers.get(i).getString("type"), answers.toString());
      }
      JsonObject refused = answers.get(RATE_LIMIT - 1);
      assertEquals("rate_limited", refused.getString("code"), refused.toString());
      assertEquals("burst-" + RATE_LIMIT, refused.getString("clientId"));
      assertEquals("r" + RATE_LIMIT, refused.getString("ref"));
      // When to send it again: the whole window, after which none of the burst counts any more.
      assertEquals(10, refused.getJsonNumber("retryAfter").longValue(), refused.toString());

      // The agent on A got the five stored messages, not the refused one.
      List<JsonObject> received =
          agent.collect(RATE_LIMIT + 1, Duration.ofSeconds(3), "message").stream()
              .filter(f -> conversation.equals(conversationOf(f)))
              .toList();
      assertEquals(RATE_LIMIT, received.size(), received.toString());
      assertEquals(RATE_LIMIT, stored(conversation), "nothing stored for the refused send");

      // Lost nothing: the same clientId, sent again when the refusal said, goes through at once.
      long retryAt = refusedAt + Duration.ofSeconds(refused.getInt("retryAfter")).toNanos();
      Thread.sleep(Math.max(0, (retryAt - System.nanoTime()) / 1_000_000)); // the window is time
      visitor.sendText("burst-" + RATE_LIMIT, conversation, "m" + RATE_LIMIT);
      JsonObject accepted =
          visitor.next(
              f -> "ack".equals(f.getString("type")) || "error".equals(f.getString("type")),
              ChatClient.WAIT);
      assertEquals("ack", accepted.getString("type"), accepted.toString());
      assertEquals(RATE_LIMIT + 1, seq(accepted));
    }
  }

  /**
   * Sends from several tabs at once reach the writer together (often in one batch): the limit
   * counts each send, those stored before it in the same transaction included, and admits exactly
   * as many as it allows.
   */
  @Test
  @Order(2)
  void aBurstFromSeveralTabsStoresExactlyWhatTheLimitAllows() throws Exception {
    JsonObject v = Http.newVisitor(c());
    var tabs = new ArrayList<ChatClient>();
    try {
      for (int i = 0; i < 3; i++) {
        tabs.add(ChatClient.authenticated(c(), "/ws/visitor", v.getString("token")));
      }
      tabs.get(0).sendText("tabs-open", null, "first");
      String conversation = conversationOf(tabs.get(0).next("ack"));
      int perTab = RATE_LIMIT;
      for (int n = 0; n < perTab; n++) {
        for (int t = 0; t < tabs.size(); t++) {
          tabs.get(t).sendText("tabs-" + t + "-" + n, conversation, "m");
        }
      }
      int acked = 0;
      int refused = 0;
      for (ChatClient tab : tabs) {
        for (JsonObject answer : tab.collect(perTab, ChatClient.WAIT, "ack", "error")) {
          if ("ack".equals(answer.getString("type"))) {
            acked++;
          } else {
            assertEquals("rate_limited", answer.getString("code"), answer.toString());
            refused++;
          }
        }
      }
      assertEquals(RATE_LIMIT - 1, acked, "the first message and four more");
      assertEquals(tabs.size() * perTab - acked, refused);
      assertEquals(RATE_LIMIT, stored(conversation));
    } finally {
      for (ChatClient tab : tabs) {
        tab.close();
      }
    }
  }

  /**
   * A visitor who writes faster than the limit sees nothing fail: the widget sends a refused
   * message again by itself when the refusal says, and each is stored once, in the order written.
   */
  @Test
  @Order(3)
  void theWidgetSendsAgainWhatTheRateLimitRefused() throws Exception {
    String tag = "paced " + UUID.randomUUID() + " ";
    int count = RATE_LIMIT + 2;
    try (var widget = Browser.open(1000, 720)) {
      widget.go(WebUiIT.page(c(), "/"));
      WebUiIT.write(widget, tag + 1);
      WebUiIT.ownBubble(widget, tag + 1, "sent", "delivered", "read");
      for (int i = 2; i <= count; i++) {
        WebUiIT.write(widget, tag + i);
      }
      // The last two are refused (five a window): waiting, the refusal its title, not failed.
      widget.until(
          d ->
              d.findElements(By.cssSelector("#messages li.own[data-state=sending] .state")).stream()
                  .filter(e -> String.valueOf(e.getAttribute("title")).startsWith("at most 5"))
                  .findFirst()
                  .orElse(null));
      for (int i = 1; i <= count; i++) {
        WebUiIT.ownBubble(widget, tag + i, "sent", "delivered", "read");
      }
      assertEquals(List.of(), widget.all("#messages li.own[data-state=failed]"));
    }
    var stored =
        TestCluster.rows(
            "select text from message where text like ? order by conversation_id, seq", tag + "%");
    var expected = new ArrayList<List<String>>();
    for (int i = 1; i <= count; i++) {
      expected.add(List.of(tag + i));
    }
    assertEquals(expected, stored, "each once, in the order written");
  }

  /**
   * The visitor's and an agent's instance dies. The visitor resumes on A and gets what it missed in
   * order; the agent who was only on C counts as offline within 30 s.
   */
  @Test
  @Order(4)
  void whenAnInstanceDiesItsVisitorResumesElsewhereAndItsAgentsGoOffline() throws Exception {
    JsonObject carol = Http.agentLogin(c(), TestCluster.THIRD_AGENT, TestCluster.AGENT_PASSWORD);
    String carolId = carol.getString("agentId");
    JsonObject v = Http.newVisitor(c());
    String writerToken =
        Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String watcherToken =
        Http.agentToken(TestCluster.b(), TestCluster.OTHER_AGENT, TestCluster.AGENT_PASSWORD);
    var onC = ChatClient.authenticated(c(), "/ws/agent", carol.getString("token"));
    var visitor = ChatClient.authenticated(c(), "/ws/visitor", v.getString("token"));
    try (var writer = ChatClient.authenticated(TestCluster.a(), "/ws/agent", writerToken);
        var watcher = ChatClient.authenticated(TestCluster.b(), "/ws/agent", watcherToken)) {
      assertNotNull(
          watcher.next("presence", ProtocolIT.agentIs(carolId, "online")),
          "carol, only on C, is online for an agent on B");
      visitor.sendText("v1", null, "hello from C");
      String conversation = conversationOf(visitor.next("ack"));
      for (int i = 0; i < 3; i++) {
        writer.sendText("before-" + i, conversation, "before " + i);
      }
      assertEquals(3, visitor.collect(3, ChatClient.WAIT, "message").size());

      third.kill();
      long killed = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        writer.sendText("during-" + i, conversation, "during " + i);
      }
      assertEquals(5, writer.collect(5, ChatClient.WAIT, "ack").size());
      try (var back =
          ChatClient.resuming(
              TestCluster.a(), "/ws/visitor", v.getString("token"), conversation, 4)) {
        assertNotNull(back.next("ready"));
        writer.sendText("live", conversation, "live");
        List<JsonObject> received = back.collect(6, ChatClient.WAIT, "message");
        var seqs = new ArrayList<Long>();
        received.forEach(f -> seqs.add(seq(f)));
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), seqs, "missed ones, then the live one");
        assertNull(
            back.next(f -> "message".equals(f.getString("type")), Duration.ofMillis(500)),
            "nothing twice");
      }

      assertNotNull(
          watcher.next(ProtocolIT.agentIs(carolId, "offline"), Duration.ofSeconds(30)),
          "the dead instance's agent stops counting");
      long seconds = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
      assertTrue(seconds < 30, "within 30 s: " + seconds);
    } finally {
      onC.close();
      visitor.close();
    }
  }
}
