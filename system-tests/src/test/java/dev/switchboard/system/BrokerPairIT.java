package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.PayaraInstance;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 30: two more instances, C and D, on the cluster's database and a replicated Artemis pair
 * (each broker its own JVM, run from the files operators use). A visitor on C and an agent on D
 * chat without pause while the primary broker is killed, and again while it comes back and takes
 * over from its backup: every acknowledged message reaches the other side exactly once, live
 * delivery resumes within 5 s without restarting an instance, and a mail job waiting on the brokers
 * is sent once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerPairIT {

  static final Duration RESUMED_WITHIN = Duration.ofSeconds(5);

  /** A message delivered later than this after its ack was not delivered live. */
  static final Duration LIVE = Duration.ofSeconds(1);

  static BrokerPair pair;
  static List<PayaraInstance> instances;

  @BeforeAll
  static void startThePairAndTwoInstancesOnIt() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "broker-pair-");
    pair = new BrokerPair(dir);
    pair.primary.start();
    pair.primary.await("active", Duration.ofSeconds(60));
    pair.backup.start();
    pair.backup.await("backup in sync", Duration.ofSeconds(60));
    instances =
        TestCluster.get()
            .addInstances(
                2,
                Map.of(
                    "SWITCHBOARD_BROKER_CONNECTION", pair.connection(),
                    "SWITCHBOARD_BROKER_USER", BrokerPair.USER,
                    "SWITCHBOARD_BROKER_PASSWORD", BrokerPair.PASSWORD));
  }

  @AfterAll
  static void stopThem() throws Exception {
    if (instances != null) {
      for (var instance : instances) {
        instance.stop();
      }
    }
    if (pair != null) {
      pair.close();
    }
  }

  static URI c() {
    return instances.get(0).baseUri();
  }

  static URI d() {
    return instances.get(1).baseUri();
  }

  @Test
  @Order(1)
  void killingThePrimaryLosesNothingAndLiveDeliveryResumesWithinFiveSeconds() throws Exception {
    String mailed = aReplyWaitingToBeMailed();
    try (var chat = Chat.start("kill")) {
      chat.await(20);
      long killed = System.nanoTime();
      pair.primary.kill();
      pair.backup.await("active", Duration.ofSeconds(30));
      chat.awaitAckedAfter(killed + RESUMED_WITHIN.toNanos() + Duration.ofSeconds(5).toNanos());
      chat.stopAndCheck(killed);
    }
    var mails =
        TestCluster.SMTP.await(
            mailed, MailIT.VISITOR_UNREAD, 1, TestCluster.MAIL_DELAY.plus(MailIT.MARGIN));
    assertEquals(1, mails.size(), "the job held by the brokers when the primary died is sent");
    Thread.sleep(MailIT.AFTERWARDS.toMillis()); // a second copy would be due by now
    assertEquals(1, TestCluster.SMTP.about(mailed, MailIT.VISITOR_UNREAD).size(), "and only once");
  }

  @Test
  @Order(2)
  void theOldPrimaryComesBackAndTakesOverAgainLosingNothing() throws Exception {
    try (var chat = Chat.start("back")) {
      chat.await(20);
      pair.backup.forget();
      pair.primary.start();
      pair.primary.await("active", Duration.ofSeconds(90));
      long handedOver = System.nanoTime();
      pair.backup.await("backup in sync", Duration.ofSeconds(60));
      chat.awaitAckedAfter(handedOver + RESUMED_WITHIN.toNanos() + Duration.ofSeconds(5).toNanos());
      chat.stopAndCheck(handedOver);
    }
  }

  /**
   * A visitor on C with an email address leaves; the agent's reply makes a mail job that the
   * brokers hold for {@link TestCluster#MAIL_DELAY}. Returns its conversation.
   */
  static String aReplyWaitingToBeMailed() {
    var created =
        Http.post(
            c(),
            "/api/visitors",
            Json.createObjectBuilder().add("email", MailIT.newEmail()).build().toString());
    assertEquals(201, created.status(), created.body());
    String conversation;
    String agentToken = Http.agentToken(d(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var agent = ChatClient.authenticated(d(), "/ws/agent", agentToken)) {
      try (var visitor =
          ChatClient.authenticated(c(), "/ws/visitor", created.json().getString("token"))) {
        conversation = conversationOf(MailIT.say(visitor, null, "Is anyone there?"));
      }
      MailIT.say(agent, conversation, "Yes: the printer is fixed.");
    }
    return conversation;
  }

  /**
   * A visitor on C and an agent on D in one conversation, sending in turns on a thread of their own
   * (the visitor every 20 ms, the agent every fourth turn), each message resent with its clientId
   * until acknowledged, as the contract asks of clients; what each side receives of the other's is
   * noted with the time.
   */
  static final class Chat implements AutoCloseable {
    final String tag;
    final ChatClient visitor;
    final ChatClient agent;
    final String conversation;
    final Map<String, Long> acked = new ConcurrentHashMap<>();
    final Map<String, List<Long>> received = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failed;

    private Chat(String tag) {
      this.tag = tag;
      visitor =
          ChatClient.authenticated(c(), "/ws/visitor", Http.newVisitor(c()).getString("token"));
      agent =
          ChatClient.authenticated(
              d(),
              "/ws/agent",
              Http.agentToken(d(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD));
      conversation = conversationOf(MailIT.say(visitor, null, "hello from " + tag));
      assertNotNull(
          agent.next("message", f -> conversation.equals(conversationOf(f))),
          "the agent on D sees the conversation");
      thread = new Thread(this::run, "chat-" + tag);
    }

    static Chat start(String tag) {
      var chat = new Chat(tag);
      chat.thread.start();
      return chat;
    }

    private void run() {
      try {
        for (int turn = 0; !stopping; turn++) {
          send(visitor, "v-" + tag + "-" + turn);
          if (turn % 4 == 0) {
            send(agent, "a-" + tag + "-" + turn);
          }
          drain(visitor, "a-");
          drain(agent, "v-");
          Thread.sleep(20); // the pace of the conversation, not a wait for anything
        }
      } catch (Throwable e) {
        failed = e;
      }
    }

    /** Sends until acknowledged; an {@code unavailable} while the brokers change is retried. */
    private void send(ChatClient from, String clientId) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        from.sendText(clientId, conversation, clientId);
        JsonObject reply =
            from.next(
                f ->
                    clientId.equals(f.getString("clientId", null))
                        && !"message".equals(f.getString("type")),
                Duration.ofSeconds(10));
        if (reply != null && "ack".equals(reply.getString("type"))) {
          acked.put(clientId, System.nanoTime());
          return;
        }
      }
      throw new AssertionError(clientId + " never acknowledged");
    }

    private void drain(ChatClient to, String fromPrefix) {
      for (JsonObject f;
          (f =
                  to.next(
                      x ->
                          "message".equals(x.getString("type", null))
                              && x.getJsonObject("message")
                                  .getString("clientId", "")
                                  .startsWith(fromPrefix),
                      Duration.ofMillis(1)))
              != null; ) {
        received
            .computeIfAbsent(
                f.getJsonObject("message").getString("clientId"),
                k -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(System.nanoTime());
      }
    }

    /** Waits until this many messages of the visitor's have been acknowledged. */
    void await(int count) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (acked.size() < count && failed == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(acked.size() >= count, "the chat got going: " + failed);
    }

    /** Waits until a message was acknowledged after this moment. */
    void awaitAckedAfter(long nanos) throws InterruptedException {
      long deadline = nanos + Duration.ofSeconds(60).toNanos();
      while (acked.values().stream().noneMatch(t -> t > nanos)
          && failed == null
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }

    /**
     * Stops sending, lets every acknowledged message arrive, and checks that each did exactly once
     * and that from {@link #RESUMED_WITHIN} after {@code since} on every one arrived live.
     */
    void stopAndCheck(long since) throws Exception {
      stopping = true;
      thread.join(Duration.ofSeconds(70).toMillis());
      if (failed != null) {
        throw new AssertionError("the chat broke off", failed);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!received.keySet().containsAll(acked.keySet()) && System.nanoTime() < deadline) {
        drain(visitor, "a-");
        drain(agent, "v-");
        Thread.sleep(50);
      }
      var missing = new ArrayList<>(acked.keySet());
      missing.removeAll(received.keySet());
      var twice = new TreeMap<String, Integer>();
      received.forEach(
          (id, times) -> {
            if (times.size() != 1) {
              twice.put(id, times.size());
            }
          });
      long lastLate = since;
      for (var entry : acked.entrySet()) {
        List<Long> arrived = received.get(entry.getKey());
        long ack = entry.getValue();
        if (ack > since && (arrived == null || arrived.get(0) - ack > LIVE.toNanos())) {
          lastLate = Math.max(lastLate, ack);
        }
      }
      Duration resumed = Duration.ofNanos(lastLate - since);
      System.out.printf(
          "%s: %d messages acknowledged, %d missing, %d more than once; live again %d ms after"
              + " the change%n",
          tag, acked.size(), missing.size(), twice.size(), resumed.toMillis());
      assertEquals(List.of(), missing, "acknowledged but never received");
      assertEquals(Map.of(), twice, "received more than once");
      assertTrue(
          resumed.compareTo(RESUMED_WITHIN) <= 0,
          "live delivery resumed " + resumed.toMillis() + " ms after the change");
    }

    @Override
    public void close() {
      stopping = true;
      visitor.close();
      agent.close();
    }
  }
}
