package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.PayaraInstance;
import jakarta.json.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    try (var chat = chat("kill")) {
      chat.await(20);
      long killed = System.nanoTime();
      pair.primary.kill();
      pair.backup.await("active", Duration.ofSeconds(30));
      chat.awaitAckedAfter(killed + RESUMED_WITHIN.toNanos() + Duration.ofSeconds(5).toNanos());
      assertLiveWithin(chat.stopAndCheck(killed));
    }
    var mails =
        TestCluster.SMTP.await(
            mailed, MailIT.VISITOR_UNREAD, 1, TestCluster.MAIL_DELAY.plus(MailIT.MARGIN));
    assertEquals(1, mails.size(), "the job held by the brokers when the primary died is sent");
    // A second copy would be due within this time.
    Poll.stays(
        "and only once",
        MailIT.AFTERWARDS,
        () -> TestCluster.SMTP.about(mailed, MailIT.VISITOR_UNREAD).size(),
        1);
  }

  @Test
  @Order(2)
  void theOldPrimaryComesBackAndTakesOverAgainLosingNothing() throws Exception {
    try (var chat = chat("back")) {
      chat.await(20);
      pair.backup.forget();
      pair.primary.start();
      pair.primary.await("active", Duration.ofSeconds(90));
      long handedOver = System.nanoTime();
      pair.backup.await("backup in sync", Duration.ofSeconds(60));
      chat.awaitAckedAfter(handedOver + RESUMED_WITHIN.toNanos() + Duration.ofSeconds(5).toNanos());
      assertLiveWithin(chat.stopAndCheck(handedOver));
    }
  }

  /** A visitor on C and an agent on D chatting without pause. */
  static SteadyChat chat(String tag) {
    return SteadyChat.start(
        tag,
        List.of(c()),
        List.of(d()),
        Http.agentToken(d(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD));
  }

  static void assertLiveWithin(Duration late) {
    assertTrue(
        late.compareTo(RESUMED_WITHIN) <= 0,
        "live delivery resumed " + late.toMillis() + " ms after the change");
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
}
