package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The broker or the database goes away: sends answer {@code unavailable} quickly, nothing is stored
 * that was not acknowledged, and the service recovers by itself.
 */
class OutageIT {

  static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  /** Sends and waits for the ack or error of this clientId; returns it with the elapsed time. */
  static JsonObject sendAndAwait(
      ChatClient client, String clientId, String conversation, Duration timeout) {
    client.send(
        Json.createObjectBuilder()
            .add("type", "send")
            .add("clientId", clientId)
            .add("conversationId", conversation)
            .add("text", clientId));
    return client.next(
        f ->
            clientId.equals(f.getString("clientId", null))
                && !"message".equals(f.getString("type")),
        timeout);
  }

  static boolean stored(String clientId) throws SQLException {
    try (var sql = TestCluster.sql();
        var query = sql.prepareStatement("select count(*) from message where client_id = ?")) {
      query.setString(1, clientId);
      try (var rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  /** Resends the same clientId until it is acknowledged (the client's part of the contract). */
  static JsonObject resendUntilAck(ChatClient client, String clientId, String conversation) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject reply = sendAndAwait(client, clientId, conversation, Duration.ofSeconds(10));
      if (reply != null && "ack".equals(reply.getString("type"))) {
        return reply;
      }
    }
    throw new AssertionError(clientId + " never acknowledged after the outage");
  }

  @Test
  void brokerRestartGivesUnavailableThenRecoversWithNothingAcknowledgedLost() throws Exception {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String agentToken =
        Http.agentToken(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var visitor = (ChatClient) opened[0];
        var agent = ChatClient.authenticated(TestCluster.b(), "/ws/agent", agentToken)) {
      List<String> acknowledged = new ArrayList<>();
      assertEquals(
          "ack", sendAndAwait(visitor, "before", conversation, ChatClient.WAIT).getString("type"));
      acknowledged.add("before");

      TestCluster.get().stopBroker();
      // Sends within a moment of the broker's last answer are stored and published once it is
      // back; after that moment (a quarter of a second) the broker is asked, and found away.
      Thread.sleep(500);
      long start = System.nanoTime();
      JsonObject during = sendAndAwait(visitor, "during", conversation, Duration.ofSeconds(30));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertNotNull(during, "an answer while the broker is down");
      assertEquals("unavailable", during.getString("code"), during.toString());
      assertTrue(took.compareTo(ANSWER_WITHIN) <= 0, "answered within 5 s, took " + took);
      assertTrue(!stored("during"), "nothing stored that was not acknowledged");
      assertNotReadyAndSaysNoMore("the broker");

      TestCluster.get().startBroker();
      resendUntilAck(visitor, "during", conversation);
      acknowledged.add("during");
      // The agent's instance resubscribes by itself: new messages reach it again.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      JsonObject live = null;
      for (int i = 0; live == null && System.nanoTime() < deadline; i++) {
        String id = "after-" + i;
        resendUntilAck(visitor, id, conversation);
        acknowledged.add(id);
        live =
            agent.next(
                f ->
                    "message".equals(f.getString("type"))
                        && id.equals(f.getJsonObject("message").getString("clientId")),
                Duration.ofSeconds(2));
      }
      assertNotNull(live, "the agent on the other instance receives messages again");
      for (String id : acknowledged) {
        assertTrue(stored(id), id + " was acknowledged, so it is stored");
      }
    }
  }

  /** Not ready, and the answer (anyone may ask) names no host and carries no exception. */
  static void assertNotReadyAndSaysNoMore(String without) {
    Http.Reply health = Http.get(TestCluster.a(), "/health/ready", null);
    assertEquals(503, health.status(), "not ready without " + without);
    for (String detail :
        List.of(
            "Exception", "127.0.0.1", "localhost", "jdbc", "tcp://", TestCluster.databaseName())) {
      assertFalse(health.body().contains(detail), detail + " in " + health.body());
    }
  }

  @Test
  void databaseOutageGivesUnavailableThenRecovers() throws Exception {
    Object[] opened = ClusterIT.openConversation();
    String conversation = (String) opened[1];
    String database = TestCluster.databaseName();
    String uploader = Http.newVisitor(TestCluster.a()).getString("token");
    byte[] file = "a log file".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var visitor = (ChatClient) opened[0]) {
      try (var admin = TestCluster.maintenance();
          var s = admin.createStatement()) {
        s.execute("alter database \"" + database + "\" allow_connections false");
        s.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                + database
                + "'");
      }
      try {
        long start = System.nanoTime();
        JsonObject during = sendAndAwait(visitor, "db-down", conversation, Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertNotNull(during, "an answer while the database is down");
        assertEquals("unavailable", during.getString("code"), during.toString());
        assertTrue(took.compareTo(ANSWER_WITHIN) <= 0, "answered within 5 s, took " + took);
        assertNotReadyAndSaysNoMore("the database");
        Http.Reply upload =
            AttachmentsIT.upload(
                TestCluster.b(), uploader, null, "a.log", "text/plain", file, false);
        assertEquals(503, upload.status(), "an upload: " + upload.body());
        assertEquals("unavailable", upload.json().getString("code"));
      } finally {
        try (var admin = TestCluster.maintenance();
            var s = admin.createStatement()) {
          s.execute("alter database \"" + database + "\" allow_connections true");
        }
      }
      JsonObject ack = resendUntilAck(visitor, "db-down", conversation);
      assertEquals(2, ack.getJsonObject("message").getInt("seq"), "the failed send took no seq");
      assertTrue(stored("db-down"));
      assertEquals(
          201,
          AttachmentsIT.upload(TestCluster.b(), uploader, null, "a.log", "text/plain", file, false)
              .status(),
          "uploads work again");
    }
  }

  @Test
  void anAuthFrameHeldUpByABusyDatabaseIsAnsweredRatherThanTimedOut() throws Exception {
    String token = Http.newVisitor(TestCluster.a()).getString("token");
    try (var sql = TestCluster.sql();
        var client = ChatClient.connect(TestCluster.a(), "/ws/visitor")) {
      sql.setAutoCommit(false);
      try (var lock = sql.createStatement()) {
        // The sign-in reads auth_token: it waits here past the 5 s a socket has to send auth.
        lock.execute("lock table auth_token in access exclusive mode");
      }
      client.send(Json.createObjectBuilder().add("type", "auth").add("token", token));
      assertNull(client.closeCode(Duration.ofSeconds(7)), "closed while its sign-in waited");
      sql.commit();
      assertNotNull(client.next("ready"), "signed in once the database answered");
    }
  }
}
