package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.jms.Destinations;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.junit.jupiter.api.Test;

/** A visitor on instance A and agents on instance B, through one broker and one database. */
class ClusterIT {

  static long seq(JsonObject frame) {
    return frame.getJsonObject("message").getJsonNumber("seq").longValue();
  }

  static String conversationOf(JsonObject frame) {
    return frame.getJsonObject("message").getString("conversationId");
  }

  /** Opens a conversation for a new visitor on A; returns [visitor client, conversation id]. */
  static Object[] openConversation() {
    JsonObject visitor = Http.newVisitor(TestCluster.a());
    var client =
        ChatClient.authenticated(TestCluster.a(), "/ws/visitor", visitor.getString("token"));
    client.sendText("open-" + UUID.randomUUID(), null, "hello");
    JsonObject ack = client.next("ack");
    assertNotNull(ack, "ack of the first message");
    return new Object[] {client, conversationOf(ack), visitor};
  }

  @Test
  void twoHundredMessagesCrossInstancesInOrderExactlyOnce() {
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      Object[] opened = openConversation();
      try (var visitor = (ChatClient) opened[0]) {
        String conversation = (String) opened[1];
        // The opening message (seq 1) reaches the agent first.
        JsonObject first =
            agent.next(
                f ->
                    "message".equals(f.getString("type")) && conversation.equals(conversationOf(f)),
                ChatClient.WAIT);
        assertNotNull(first);
        assertEquals(1, seq(first));

        for (int i = 0; i < 200; i++) {
          visitor.send(
              Json.createObjectBuilder()
                  .add("type", "send")
                  .add("ref", "r" + i)
                  .add("clientId", "m" + i)
                  .add("conversationId", conversation)
                  .add("text", "message " + i));
        }
        List<JsonObject> acks = visitor.collect(200, Duration.ofSeconds(30), "ack");
        assertEquals(200, acks.size(), "every send acknowledged");
        for (int i = 0; i < 200; i++) {
          assertEquals("r" + i, acks.get(i).getString("ref"));
          assertEquals("m" + i, acks.get(i).getString("clientId"));
          assertEquals(i + 2, seq(acks.get(i)), "acks in seq order, gapless");
        }

        List<JsonObject> received = agent.collect(200, Duration.ofSeconds(30), "message");
        assertEquals(200, received.size(), "every message reached the agent on the other instance");
        for (int i = 0; i < 200; i++) {
          assertEquals(i + 2, seq(received.get(i)));
          assertEquals("message " + i, received.get(i).getJsonObject("message").getString("text"));
        }

        // A resend with a used clientId: the original message again, delivered to nobody.
        visitor.send(
            Json.createObjectBuilder()
                .add("type", "send")
                .add("ref", "again")
                .add("clientId", "m7")
                .add("conversationId", conversation)
                .add("text", "message 7"));
        JsonObject again = visitor.next("ack");
        assertEquals(9, seq(again));
        assertEquals("again", again.getString("ref"));
        visitor.sendText("after-resend", conversation, "marker");
        assertEquals(202, seq(visitor.next("ack")));
        JsonObject nextAtAgent = agent.next("message");
        assertEquals(202, seq(nextAtAgent), "the resend was not delivered again");
      }
    }
  }

  @Test
  void noIndexOfConversationsHoldsAColumnThatEveryMessageChanges() {
    // Each message sets its conversation's last_seq and updated_at. With neither indexed,
    // PostgreSQL updates the row in place (HOT) instead of adding an entry to every index and
    // leaving dead ones behind: a send's cost would otherwise grow with the traffic.
    var indexes =
        TestCluster.rows("select indexdef from pg_indexes where tablename = 'conversation'");
    assertTrue(indexes.size() > 1, "the conversation table's indexes: " + indexes);
    for (var index : indexes) {
      String definition = index.get(0);
      assertFalse(definition.contains("updated_at") || definition.contains("last_seq"), definition);
    }
  }

  /**
   * The instance's publisher keeps one broker producer for its life; Artemis' JMS producer keeps
   * every property name it was given, so a type set on the producer grew the heap by one entry per
   * event. Counted after a full GC (jcmd), before and after a thousand messages.
   */
  @Test
  void publishingEventsLeavesNothingBehindInTheInstance() throws Exception {
    Object[] opened = openConversation();
    try (var visitor = (ChatClient) opened[0]) {
      String conversation = (String) opened[1];
      long before = liveInstances(0, "org.apache.activemq.artemis.api.core.SimpleString");
      int count = 1000;
      for (int i = 0; i < count; i++) {
        visitor.sendText("leak-" + i, conversation, "m" + i);
      }
      assertEquals(count, visitor.collect(count, Duration.ofSeconds(60), "ack").size());
      long after = liveInstances(0, "org.apache.activemq.artemis.api.core.SimpleString");
      assertTrue(after - before < count / 2, before + " before, " + after + " after");
    }
  }

  /**
   * Each instance's events subscription leaves out the events it delivered itself: the selector
   * names that instance's node (Payara substitutes the system property at deployment), so the
   * broker does not send them back to it. Read from the broker's own description of the queues.
   */
  @Test
  void theBrokerKeepsEachInstancesOwnEventsFromIt() throws Exception {
    var cluster = TestCluster.get();
    List<String> filters = eventsSubscriptionFilters(cluster.brokerConnection());
    for (int i = 0; i < 2; i++) {
      String node = cluster.instance(i).node();
      assertTrue(
          filters.contains(notOwnEvents(node)),
          "instance " + i + " (" + node + ") filters its own events: " + filters);
    }
  }

  /** The selector of the events subscription of the instance with that node name. */
  static String notOwnEvents(String node) {
    return Destinations.NOT_OWN_EVENTS.replace("${" + Destinations.NODE_PROPERTY + "}", node);
  }

  /** The filters of the events topic's subscriptions, as the broker at that address holds them. */
  static List<String> eventsSubscriptionFilters(String brokerConnection) throws Exception {
    String port = brokerConnection.replaceAll(".*port=(\\d+).*", "$1");
    var filters = new ArrayList<String>();
    try (var locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
        var factory = locator.createSessionFactory();
        var session =
            factory.createSession("switchboard", "switchboard", false, true, true, false, 0)) {
      for (SimpleString queue :
          session.addressQuery(SimpleString.of(Destinations.CHAT_EVENTS)).getQueueNames()) {
        SimpleString filter = session.queueQuery(queue).getFilterString();
        filters.add(filter == null ? null : filter.toString());
      }
    }
    return filters;
  }

  /** Live objects of a class in an instance, after the full GC that jcmd's histogram runs. */
  static long liveInstances(int instance, String className) throws Exception {
    return live(instance, className, 1);
  }

  /** The bytes of the live objects of a class in an instance, after a full GC. */
  static long liveBytes(int instance, String className) throws Exception {
    return live(instance, className, 2);
  }

  /** A column of the class's line in the histogram ({@code num: instances bytes name module}). */
  private static long live(int instance, String className, int column) throws Exception {
    String histogram = jcmd(instance, "GC.class_histogram");
    return histogram
        .lines()
        .map(l -> l.trim().split("\\s+"))
        .filter(l -> l.length > 3 && l[3].equals(className))
        .mapToLong(l -> Long.parseLong(l[column]))
        .sum();
  }

  /**
   * An open socket keeps nothing of its handshake: it has left the HTTP stack (Grizzly's and
   * Catalina's request and response, with the header fields and the parameter parser's buffers of 4
   * KB, one set per socket before), and Tyrus' copy of the upgrade request and response (one object
   * per socket that holds them) is dropped. Counted after full GCs, before and with twenty idle
   * sockets open.
   */
  @Test
  void openSocketsKeepNoLeftoversOfTheirHandshakes() throws Exception {
    int count = 20;
    var tokens = new ArrayList<String>();
    for (int i = 0; i < count; i++) {
      tokens.add(Http.newVisitor(TestCluster.a()).getString("token"));
    }
    // Once before counting: what the HTTP workers keep per thread after their first handshakes
    // (recycled requests and their buffers) is not the sockets'.
    for (String token : tokens) {
      ChatClient.authenticated(TestCluster.a(), "/ws/visitor", token).close();
    }
    long requestsBefore = liveInstances(0, GRIZZLY_REQUEST);
    long charsBefore = liveBytes(0, "[C");
    var sockets = new ArrayList<ChatClient>();
    try {
      for (String token : tokens) {
        sockets.add(ChatClient.authenticated(TestCluster.a(), "/ws/visitor", token));
      }
      assertEquals(0, liveInstances(0, UPGRADE_INFO), "Tyrus' upgrade infos still on the heap");
      // Another piece of the instance's work caught in the middle by a histogram (a mail being
      // written, a database connection's decoding buffer) comes and goes; what sockets keep stays.
      long charsGrown =
          Poll.until(
              Duration.ofSeconds(10),
              () -> liveBytes(0, "[C") - charsBefore,
              grown -> grown < count * 1024);
      assertTrue(
          charsGrown < count * 1024,
          "char arrays grew by " + charsGrown + " bytes with " + count + " sockets open");
      // Grizzly keeps a few recycled requests for its threads: those may come and go.
      long requestsGrown = liveInstances(0, GRIZZLY_REQUEST) - requestsBefore;
      assertTrue(
          requestsGrown < count / 2,
          "Grizzly's requests grew by " + requestsGrown + " with " + count + " sockets open");
      String log = Files.readString(TestCluster.get().instance(0).log());
      assertTrue(log.contains(RELEASED));
      assertTrue(log.contains(BARE), "sockets left the HTTP stack");
      assertTrue(log.contains(PLAIN), "Tyrus' upgrade handlers made without Weld");
    } finally {
      sockets.forEach(ChatClient::close);
    }
  }

  /** What Tyrus keeps of a socket's handshake until the application drops it. */
  static final String UPGRADE_INFO =
      "org.glassfish.tyrus.core.TyrusWebSocketEngine$SuccessfulUpgradeInfo";

  /** Grizzly's HTTP request: the servlet upgrade keeps the handshake's for the socket's life. */
  static final String GRIZZLY_REQUEST = "org.glassfish.grizzly.http.server.Request";

  /** What an instance logs once a socket has left the HTTP stack (BareConnection). */
  static final String BARE = "open sockets leave the HTTP stack: their reads go straight to Tyrus";

  /** What an instance logs once it has released a socket's handshake leftovers (Upgraded). */
  static final String RELEASED = "sockets keep no leftovers of their handshakes";

  /** What an instance logs once it has upgraded a socket without CDI (Upgraded.upgrade). */
  static final String PLAIN = "sockets are upgraded without a CDI managed object each";

  static String jcmd(int instance, String command) throws Exception {
    var jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(TestCluster.get().instance(instance).pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    assertEquals(0, jcmd.waitFor(), out);
    return out;
  }

  /**
   * Tyrus schedules a session's idle timeout on every frame; on Payara's managed scheduler each
   * call pays a class-path scan, and on any scheduler a task and a thread's wake-up. The
   * application hands the container a plain scheduler that leaves out a command without delay (a
   * session without a timeout): the scheduler's thread, started by its first task, never starts.
   */
  @Test
  void socketsScheduleNothingForTheirIdleTimeouts() throws Exception {
    JsonObject v = Http.newVisitor(TestCluster.a());
    try (var visitor =
        ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"))) {
      visitor.send("ping", "ref", "p");
      assertNotNull(visitor.next("pong"));
      assertTrue(
          Files.readString(TestCluster.get().instance(0).log()).contains(PLAIN_SCHEDULER),
          "the container's scheduler was replaced");
      String threads = jcmd(0, "Thread.print");
      assertTrue(threads.contains("\"switchboard-socket-writer\""), threads);
      assertFalse(threads.contains("\"switchboard-idle-timeouts\""), threads);
    }
  }

  /** What an instance logs once its sessions use the plain scheduler (IdleTimeoutScheduler). */
  static final String PLAIN_SCHEDULER =
      "WebSocket sessions schedule their idle timeouts on a plain scheduler";

  /**
   * Frames go to sockets encoded once, straight onto their connections (not re-encoded per socket):
   * each instance says so once it writes the first, and what arrives is the text that was sent,
   * whatever its characters and length (a history frame of long messages takes the 64-bit length).
   */
  @Test
  void framesEncodedOnceArriveAsTheTextThatWasSent() throws Exception {
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      Object[] opened = openConversation();
      try (var visitor = (ChatClient) opened[0]) {
        String conversation = (String) opened[1];
        String text = "Grüße, 你好 \uD83D\uDE00 \"quoted\"\n".repeat(150); // 126..65,535 bytes
        visitor.sendText("wide-1", conversation, text);
        assertEquals(text, visitor.next("ack").getJsonObject("message").getString("text"));
        JsonObject atAgent =
            agent.next(
                f ->
                    "message".equals(f.getString("type")) && conversation.equals(conversationOf(f)),
                ChatClient.WAIT);
        assertNotNull(atAgent);
        if (seq(atAgent) == 1) {
          atAgent = agent.next("message");
        }
        assertEquals(text, atAgent.getJsonObject("message").getString("text"));

        String longest = "\uD83D\uDE00".repeat(4000); // 16,000 bytes
        for (int i = 0; i < 5; i++) {
          visitor.sendText("long-" + i, conversation, longest);
          assertNotNull(visitor.next("ack"));
        }
        agent.send("history", "ref", "h", "conversationId", conversation, "limit", 10);
        JsonObject history = agent.next("history");
        var messages = history.getJsonArray("messages");
        assertEquals(7, messages.size()); // over 65,535 bytes in one frame
        assertEquals(longest, messages.getJsonObject(6).getString("text"));
      }
    }
    for (int i = 0; i < 2; i++) {
      Path log = TestCluster.get().instance(i).log();
      Poll.await(
          "instance " + i + " wrote frames straight to the connections",
          Duration.ofSeconds(10),
          () -> Files.readString(log).contains(RAW_FRAMES));
    }
  }

  /**
   * What an instance logs once it writes frames encoded once, straight to the connections (Wire).
   */
  static final String RAW_FRAMES =
      "frames go to sockets encoded once, straight to their connections";

  @Test
  void aSecondVisitorIsForbiddenFromTheFirstOnesConversation() {
    Object[] opened = openConversation();
    try (var first = (ChatClient) opened[0]) {
      String conversation = (String) opened[1];
      JsonObject other = Http.newVisitor(TestCluster.b());
      try (var intruder =
          ChatClient.authenticated(TestCluster.b(), "/ws/visitor", other.getString("token"))) {
        intruder.send(
            Json.createObjectBuilder()
                .add("type", "send")
                .add("ref", "x")
                .add("clientId", "intrude")
                .add("conversationId", conversation)
                .add("text", "let me in"));
        JsonObject error = intruder.next("error");
        assertEquals("forbidden", error.getString("code"));
        assertEquals("x", error.getString("ref"));
        assertEquals("intrude", error.getString("clientId"));
        intruder.send(
            Json.createObjectBuilder().add("type", "history").add("conversationId", conversation));
        assertEquals("forbidden", intruder.next("error").getString("code"));
        assertEquals(
            403,
            Http.get(
                    TestCluster.b(),
                    "/api/conversations/" + conversation + "/messages",
                    other.getString("token"))
                .status());
      }
      // Nothing of the intruder reached the owner.
      assertNull(first.next(f -> "message".equals(f.getString("type")), Duration.ofMillis(500)));
    }
  }

  /**
   * A visitor on A, an agent on B and an agent on A all write at once: everyone sees one gapless
   * sequence, their own acks in their places.
   */
  @Test
  void concurrentSendersOnBothInstancesAreSeenInSeqOrderByEveryone() throws Exception {
    Object[] opened = openConversation();
    String conversation = (String) opened[1];
    String tokenB = Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String tokenA =
        Http.agentToken(TestCluster.a(), TestCluster.OTHER_AGENT, TestCluster.AGENT_PASSWORD);
    try (var visitor = (ChatClient) opened[0];
        var agentB = ChatClient.authenticated(TestCluster.b(), "/ws/agent", tokenB);
        var agentA = ChatClient.authenticated(TestCluster.a(), "/ws/agent", tokenA)) {
      int each = 60;
      List<ChatClient> senders = List.of(visitor, agentB, agentA);
      var start = new CountDownLatch(1);
      var pool = Executors.newFixedThreadPool(3);
      for (int s = 0; s < senders.size(); s++) {
        ChatClient sender = senders.get(s);
        String prefix = "s" + s + "-";
        pool.submit(
            () -> {
              start.await();
              for (int i = 0; i < each; i++) {
                sender.sendText(prefix + i, conversation, prefix + i);
              }
              return null;
            });
      }
      start.countDown();
      pool.shutdown();
      int total = each * senders.size();
      for (ChatClient client : senders) {
        List<JsonObject> seen =
            client.collect(total, Duration.ofSeconds(40), "ack", "message").stream()
                .filter(f -> conversation.equals(conversationOf(f)))
                .toList();
        var seqs = new ArrayList<Long>();
        for (JsonObject f : seen) {
          seqs.add(seq(f));
        }
        assertEquals(total, seqs.size(), "every message once: " + seqs);
        for (int i = 0; i < seqs.size(); i++) {
          assertEquals(i + 2L, seqs.get(i), "in seq order without gaps: " + seqs);
        }
        Set<String> own = new HashSet<>();
        seen.stream()
            .filter(f -> "ack".equals(f.getString("type")))
            .forEach(f -> own.add(f.getString("clientId")));
        assertEquals(each, own.size(), "each sender got an ack for each of its messages");
      }
    }
  }

  @Test
  void aVisitorsFirstMessagesFromTwoInstancesLandInOneConversation() {
    JsonObject v = Http.newVisitor(TestCluster.a());
    String token = v.getString("token");
    try (var onA = ChatClient.authenticated(TestCluster.a(), "/ws/visitor", token);
        var onB = ChatClient.authenticated(TestCluster.b(), "/ws/visitor", token)) {
      onA.sendText("a1", null, "from A");
      onB.sendText("b1", null, "from B");
      // Each tab gets its ack and the other tab's message, in seq order.
      List<JsonObject> framesA = onA.collect(2, ChatClient.WAIT, "ack", "message");
      List<JsonObject> framesB = onB.collect(2, ChatClient.WAIT, "ack", "message");
      assertEquals(2, framesA.size(), framesA.toString());
      assertEquals(2, framesB.size(), framesB.toString());
      for (List<JsonObject> frames : List.of(framesA, framesB)) {
        assertEquals(List.of(1L, 2L), List.of(seq(frames.get(0)), seq(frames.get(1))));
        assertEquals(conversationOf(frames.get(0)), conversationOf(frames.get(1)));
      }
      JsonObject ackA =
          framesA.stream().filter(f -> "ack".equals(f.getString("type"))).findFirst().orElseThrow();
      assertEquals("a1", ackA.getString("clientId"));
      assertEquals(conversationOf(ackA), conversationOf(framesB.get(0)));
      assertTrue(
          Http.get(TestCluster.a(), "/api/conversations", token)
              .body()
              .contains(conversationOf(ackA)));
    }
  }

  @Test
  void historyPagesBothWaysOnEitherInstance() {
    Object[] opened = openConversation();
    String conversation = (String) opened[1];
    try (var visitor = (ChatClient) opened[0]) {
      for (int i = 2; i <= 12; i++) {
        visitor.sendText("h" + i, conversation, "h" + i);
      }
      assertEquals(11, visitor.collect(11, ChatClient.WAIT, "ack").size());
      String agentToken =
          Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
      try (var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
        agent.send(
            Json.createObjectBuilder()
                .add("type", "history")
                .add("ref", "h1")
                .add("conversationId", conversation)
                .add("limit", 5));
        JsonObject newest = agent.next("history");
        assertEquals("h1", newest.getString("ref"));
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs(newest));
        assertTrue(newest.getBoolean("hasMore"));
        agent.send(
            Json.createObjectBuilder()
                .add("type", "history")
                .add("conversationId", conversation)
                .add("beforeSeq", 3)
                .add("limit", 5));
        JsonObject oldest = agent.next("history");
        assertEquals(List.of(1L, 2L), seqs(oldest));
        assertTrue(!oldest.getBoolean("hasMore"));
        agent.send(
            Json.createObjectBuilder()
                .add("type", "history")
                .add("conversationId", conversation)
                .add("afterSeq", 9)
                .add("limit", 2));
        JsonObject after = agent.next("history");
        assertEquals(List.of(10L, 11L), seqs(after));
        assertTrue(after.getBoolean("hasMore"));
        agent.send(
            Json.createObjectBuilder()
                .add("type", "history")
                .add("conversationId", conversation)
                .add("limit", 1000));
        assertEquals(
            12, seqs(agent.next("history")).size(), "limit clamped to 100, all 12 returned");
      }
      String token = ((JsonObject) opened[2]).getString("token");
      var page =
          Http.get(
              TestCluster.a(),
              "/api/conversations/" + conversation + "/messages?afterSeq=10",
              token);
      assertEquals(200, page.status());
      assertEquals(List.of(11L, 12L), seqs(page.json()));
      assertTrue(!page.json().getBoolean("hasMore"));
    }
  }

  static List<Long> seqs(JsonObject history) {
    return history.getJsonArray("messages").stream()
        .map(m -> m.asJsonObject().getJsonNumber("seq").longValue())
        .toList();
  }

  /**
   * A visitor drops off, the agent keeps writing, and the visitor comes back on the other instance
   * with {@code resume} while the agent is still writing: every message once, in order, the missed
   * ones before the live ones.
   */
  @Test
  void resumeOnTheOtherInstanceDeliversEveryMissedMessageOnceBeforeLiveOnes() throws Exception {
    resumeWhileTheAgentWrites(30);
  }

  /**
   * A visitor that missed nothing resumes while the agent writes: its backlog may be empty when its
   * list is read (no query for it then), and what comes after still arrives once, in order.
   */
  @Test
  void aResumeThatMissedNothingGetsWhatComesAfterOnceInOrder() throws Exception {
    resumeWhileTheAgentWrites(0);
  }

  private static void resumeWhileTheAgentWrites(int missed) throws Exception {
    JsonObject v = Http.newVisitor(TestCluster.a());
    String token = v.getString("token");
    String conversation;
    try (var first = ChatClient.authenticated(TestCluster.a(), "/ws/visitor", token)) {
      first.sendText("r1", null, "hello");
      conversation = conversationOf(first.next("ack"));
    }
    String agentToken =
        Http.agentToken(TestCluster.a(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var agent = ChatClient.authenticated(TestCluster.a(), "/ws/agent", agentToken)) {
      for (int i = 0; i < missed; i++) {
        agent.sendText("missed-" + i, conversation, "missed " + i);
      }
      assertEquals(missed, agent.collect(missed, ChatClient.WAIT, "ack").size());
      var writer =
          Executors.newSingleThreadExecutor()
              .submit(
                  () -> {
                    for (int i = 0; i < 40; i++) {
                      agent.sendText("live-" + i, conversation, "live " + i);
                    }
                    return null;
                  });
      try (var back = ChatClient.resuming(TestCluster.b(), "/ws/visitor", token, conversation, 1)) {
        assertNotNull(back.next("ready"));
        writer.get();
        int expected = missed + 40;
        List<JsonObject> received = back.collect(expected, Duration.ofSeconds(20), "message");
        var seqs = new ArrayList<Long>();
        received.forEach(f -> seqs.add(seq(f)));
        assertEquals(expected, seqs.size(), "every message after seq 1: " + seqs);
        for (int i = 0; i < expected; i++) {
          assertEquals(i + 2L, seqs.get(i), "once and in order: " + seqs);
        }
        assertNull(
            back.next(f -> "message".equals(f.getString("type")), Duration.ofMillis(500)),
            "nothing twice");
      }
    }
  }

  @Test
  void aResumeOfSomebodyElsesConversationIsRefusedWithoutLeakingIt() {
    Object[] opened = openConversation();
    try (var owner = (ChatClient) opened[0]) {
      String other = Http.newVisitor(TestCluster.b()).getString("token");
      try (var intruder =
          ChatClient.resuming(TestCluster.b(), "/ws/visitor", other, (String) opened[1], 0)) {
        assertNotNull(intruder.next("ready"));
        assertEquals("forbidden", intruder.next("error").getString("code"));
        assertNull(
            intruder.next(f -> "message".equals(f.getString("type")), Duration.ofMillis(500)));
      }
    }
  }

  static JsonObject typingFrame(ChatClient client, boolean typing, Duration within) {
    return client.next(
        f -> "typing".equals(f.getString("type")) && f.getBoolean("typing") == typing, within);
  }

  @Test
  void typingCrossesInstancesAndStopsByItself() {
    Object[] opened = openConversation();
    String conversation = (String) opened[1];
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var visitor = (ChatClient) opened[0];
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "typing")
              .add("conversationId", conversation)
              .add("typing", true));
      JsonObject started = typingFrame(agent, true, ChatClient.WAIT);
      assertNotNull(started, "the agent on the other instance sees the visitor typing");
      assertEquals(conversation, started.getString("conversationId"));
      assertEquals("visitor", started.getJsonObject("sender").getString("type"));
      // The visitor goes quiet: typing stops by itself after 6 s.
      long start = System.nanoTime();
      assertNotNull(
          typingFrame(agent, false, Duration.ofSeconds(10)),
          "typing stops when the typist goes quiet");
      assertTrue(
          Duration.ofNanos(System.nanoTime() - start).toMillis() >= 4000,
          "not before the quiet period");

      agent.send(
          Json.createObjectBuilder()
              .add("type", "typing")
              .add("conversationId", conversation)
              .add("typing", true));
      JsonObject agentTyping = typingFrame(visitor, true, ChatClient.WAIT);
      assertEquals("agent", agentTyping.getJsonObject("sender").getString("type"));
      assertNull(typingFrame(agent, true, Duration.ofMillis(300)), "nobody sees their own typing");
      agent.close();
      assertNotNull(
          typingFrame(visitor, false, Duration.ofSeconds(3)),
          "a typist who disconnects stops typing");

      visitor.send(
          Json.createObjectBuilder()
              .add("type", "typing")
              .add("conversationId", conversation)
              .add("typing", "yes"));
      assertEquals("bad_request", visitor.next("error").getString("code"));
    }
    JsonObject other = Http.newVisitor(TestCluster.a());
    try (var intruder =
        ChatClient.authenticated(TestCluster.a(), "/ws/visitor", other.getString("token"))) {
      intruder.send(
          Json.createObjectBuilder()
              .add("type", "typing")
              .add("conversationId", conversation)
              .add("typing", true));
      assertEquals("forbidden", intruder.next("error").getString("code"));
    }
  }

  /**
   * A visitor's profile reaches their other sockets and the agents who may see one of their
   * conversations, on every instance; an agent of another team gets nothing.
   */
  @Test
  void aVisitorsProfileReachesAgentsOnEveryInstance() {
    JsonObject v = Http.newVisitor(TestCluster.a());
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    String outsiderToken = RoutingIT.desk("off", 1, 5).members().get(0).token();
    try (var visitor =
            ChatClient.authenticated(TestCluster.a(), "/ws/visitor", v.getString("token"));
        var otherTab =
            ChatClient.authenticated(TestCluster.b(), "/ws/visitor", v.getString("token"));
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken);
        var outsider = ChatClient.authenticated(TestCluster.a(), "/ws/agent", outsiderToken)) {
      visitor.sendText("first", null, "hello");
      assertNotNull(visitor.next("ack"), "a conversation in the default team");
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "profile")
              .add("ref", "p1")
              .add("nickname", "Ann")
              .add("email", "ann@example.com"));
      JsonObject reply = visitor.next("profile");
      assertEquals("p1", reply.getString("ref"));
      assertEquals("Ann", reply.getString("nickname"));
      assertNull(
          visitor.next(f -> "profile".equals(f.getString("type")), Duration.ofMillis(500)),
          "answered once");
      for (ChatClient other : List.of(otherTab, agent)) {
        JsonObject event = other.next("profile");
        assertNotNull(event);
        assertEquals(v.getString("visitorId"), event.getString("visitorId"));
        assertEquals("ann@example.com", event.getString("email"));
      }
      assertNull(
          outsider.next(f -> "profile".equals(f.getString("type")), Duration.ofSeconds(1)),
          "an agent who sees none of the visitor's conversations");
      // The new name is on the visitor's next message.
      visitor.sendText("named", null, "hi");
      JsonObject named = visitor.next("ack");
      assertEquals("Ann", named.getJsonObject("message").getJsonObject("sender").getString("name"));
      // Agents see the profile with the conversation.
      JsonObject listed = ProtocolIT.listed(TestCluster.b(), agentToken, "", conversationOf(named));
      assertEquals("Ann", listed.getJsonObject("visitor").getString("name"));
      assertEquals("ann@example.com", listed.getJsonObject("visitor").getString("email"));

      visitor.send(
          Json.createObjectBuilder().add("type", "profile").add("email", "not-an-address"));
      assertEquals("bad_request", visitor.next("error").getString("code"));
      agent.send(Json.createObjectBuilder().add("type", "profile").add("nickname", "Boss"));
      assertEquals("bad_request", agent.next("error").getString("code"));
    }
  }
}
