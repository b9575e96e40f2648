package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static dev.switchboard.system.ClusterIT.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.Ports;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docker/nginx.conf for real: Debian's nginx in front of instances A and B with the customers'
 * configuration (only the addresses changed), a chat through it, and a reconnect that the balancer
 * sends to the other instance, where the client resumes; then a rolling restart of A and B behind
 * it under a steady chat.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxIT {

  static final Path NGINX = Path.of("/usr/sbin/nginx");
  static Path dir;
  static Process nginx;
  static URI base;

  /** Sockets at once through the balancer: past what nginx's defaults hold. */
  static final int SOCKETS = 600;

  @BeforeAll
  static void startNginx() throws Exception {
    dir = Path.of("target", "nginx").toAbsolutePath();
    int port = Ports.free();
    nginx = start(dir, port, config -> config);
    base = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Debian's nginx with docker/nginx.conf (the addresses changed, then {@code change}) in front of
   * instances A and B, listening on {@code port}; its files in {@code dir}, with an access log of
   * which instance served each request. Returns once it answers.
   */
  static Process start(Path dir, int port, UnaryOperator<String> change) throws Exception {
    Debian.ensure(List.of(NGINX), "nginx");
    Files.createDirectories(dir);
    String config =
        change.apply(
            Files.readString(
                    Path.of(System.getProperty("switchboard.docker", "../docker"))
                        .resolve("nginx.conf"))
                .replace("server app1:8080", "server 127.0.0.1:" + TestCluster.a().getPort())
                .replace("server app2:8080", "server 127.0.0.1:" + TestCluster.b().getPort())
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                // Which instance served each request, for the test to read.
                .replace(
                    "http {",
                    "http {\n  log_format upstream '$request_uri $upstream_addr';\n"
                        + "  access_log "
                        + dir.resolve("access.log")
                        + " upstream;"));
    assertNotEquals(-1, config.indexOf("127.0.0.1:" + port), "the listen directive was replaced");
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config);
    Files.deleteIfExists(dir.resolve("access.log"));
    Files.deleteIfExists(dir.resolve("error.log"));
    Process process =
        new ProcessBuilder(
                NGINX.toString(),
                "-p",
                dir.toString(),
                "-c",
                conf.toString(),
                "-g",
                "daemon off; pid "
                    + dir.resolve("nginx.pid")
                    + "; error_log "
                    + dir.resolve("error.log")
                    + ";")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    URI address = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        if (Http.get(address, "/health/ready", null).status() == 200) {
          return process;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroy();
        throw new IllegalStateException("nginx did not start; see " + dir);
      }
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stopNginx() {
    if (nginx != null) {
      nginx.destroy();
    }
  }

  /** What nginx logged about itself (a refused connection, a limit it could not raise). */
  static String nginxSaid() throws IOException {
    return Files.readString(dir.resolve("error.log"));
  }

  /** The upstream address nginx used for each visitor WebSocket that has ended, in order. */
  static List<String> visitorUpstreams() throws IOException {
    var upstreams = new ArrayList<String>();
    for (String line : Files.readAllLines(dir.resolve("access.log"))) {
      if (line.startsWith("/ws/visitor ")) {
        upstreams.add(line.substring("/ws/visitor ".length()));
      }
    }
    return upstreams;
  }

  /**
   * The upstreams of the visitor WebSockets ended after the first {@code skip}, once nginx has
   * logged {@code count} of them (it logs one a moment after the client closed it).
   */
  static List<String> visitorUpstreams(int skip, int count) throws Exception {
    List<String> upstreams =
        Poll.until(
            Duration.ofSeconds(10), NginxIT::visitorUpstreams, u -> u.size() >= skip + count);
    assertEquals(skip + count, upstreams.size(), upstreams.toString());
    return upstreams.subList(skip, upstreams.size());
  }

  @Test
  void aChatGoesThroughTheBalancerAndAReconnectResumesOnTheOtherInstance() throws Exception {
    String origin = base.toString();
    JsonObject v = Http.newVisitor(base);
    String agentToken = Http.agentToken(base, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    int earlier = visitorUpstreams().size();
    List<String> upstreams;
    try (var agent = ChatClient.connect(base, "/ws/agent", origin)) {
      agent.send("auth", "token", agentToken);
      assertNotNull(agent.next("ready"), "the upgrade passes the balancer, Origin accepted");
      String conversation;
      try (var visitor = ChatClient.connect(base, "/ws/visitor", origin)) {
        visitor.send("auth", "token", v.getString("token"));
        assertNotNull(visitor.next("ready"));
        visitor.sendText("n1", null, "hello through nginx");
        conversation = conversationOf(visitor.next("ack"));
        assertEquals("hello through nginx", ProtocolIT.text(agent.next("message")));
        agent.sendText("n2", conversation, "hello back");
        assertEquals(2, seq(visitor.next("message")));
      }
      agent.sendText("n3", conversation, "while you were away");
      assertNotNull(agent.next("ack"));
      upstreams = visitorUpstreams(earlier, 1);
      // Reconnects until the balancer has sent one to the other instance (each nginx worker keeps
      // its own round robin, so not necessarily the next one): each resumes.
      long after = 2;
      for (int attempt = 0; attempt < 8 && new HashSet<>(upstreams).size() < 2; attempt++) {
        try (var back =
            ChatClient.resuming(base, "/ws/visitor", v.getString("token"), conversation, after)) {
          assertNotNull(back.ready = back.next("ready"));
          JsonObject missed = back.next("message");
          assertNotNull(missed, "missed messages arrive after the reconnect");
          assertEquals(after + 1, seq(missed));
          after = seq(missed);
        }
        agent.sendText("n" + (4 + attempt), conversation, "and another " + attempt);
        assertNotNull(agent.next("ack"));
        upstreams = visitorUpstreams(earlier, attempt + 2);
      }
    }
    assertEquals(
        2,
        new HashSet<>(upstreams).size(),
        "a reconnect landed on the other instance: " + upstreams);
  }

  /**
   * More sockets than nginx holds with its defaults (512 connections per worker, and a proxied
   * socket takes two: the client's and the instance's) all get through and stay open.
   */
  @Test
  void theBalancerLeavesTheInstancesMetricsToTheirScraper() {
    assertEquals(404, Http.get(base, "/metrics", null).status());
    assertEquals(404, Http.get(base, "/metrics/application", null).status());
    assertEquals(200, Http.get(TestCluster.a(), "/metrics", null).status());
  }

  @Test
  void theBalancerHoldsManySockets() throws Exception {
    String token = Http.newVisitor(base).getString("token");
    int earlier = visitorUpstreams().size();
    var sockets = new ArrayList<ChatClient>();
    try {
      for (int i = 0; i < SOCKETS; i++) {
        try {
          sockets.add(ChatClient.authenticated(base, "/ws/visitor", token));
        } catch (RuntimeException | AssertionError e) {
          throw new AssertionError("socket " + i + ": " + e + "; nginx said: " + nginxSaid(), e);
        }
      }
      Poll.stays(
          "open sockets (nginx's log: " + dir + ")",
          Duration.ofMillis(500),
          () -> sockets.stream().filter(s -> !s.closed.isDone()).count(),
          (long) SOCKETS);
    } finally {
      sockets.forEach(ChatClient::close);
    }
    // All logged before the next test counts the log's lines.
    visitorUpstreams(earlier, SOCKETS);
  }

  /**
   * Issue 30: the instances behind the balancer restarted one at a time (stopped, started, ready,
   * then the next) while a visitor and an agent chat through it without pause, reconnecting and
   * resuming when their instance goes: nothing acknowledged is lost and nothing arrives twice. Last
   * in the class: A and B come back as they were for the classes after it.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void aRollingRestartBehindTheBalancerLosesNothing() throws Exception {
    String agentToken = Http.agentToken(base, TestCluster.AGENT, TestCluster.AGENT_PASSWORD);
    try (var chat = SteadyChat.start("rolling", List.of(base), List.of(base), agentToken)) {
      chat.await(20);
      long began = System.nanoTime();
      for (var instance : TestCluster.get().instances().subList(0, 2)) {
        instance.stop();
        instance.start();
        instance.awaitReady(Duration.ofMinutes(3));
        chat.awaitAckedAfter(System.nanoTime() + Duration.ofSeconds(2).toNanos());
      }
      chat.stopAndCheck(began);
      assertTrue(
          chat.visitor.reconnects + chat.agent.reconnects >= 2,
          "both restarts closed a socket of the chat");
    }
  }
}
