package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.Cluster;
import dev.switchboard.launcher.Distribution;
import dev.switchboard.launcher.Ports;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The EAR on Payara Server 6 as the README's "Deploy" section says: unzip the distribution, create
 * a domain, run the shipped {@code switchboard-cluster.sh} (deployment group of two instances, the
 * resource adapter, the EAR), with one embedded broker and one database beside them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraServerIT {

  private static final String GROUP = "switchboard";
  private static final String AGENT = "dora";
  private static final String PASSWORD = "dora-secret";

  /** Logs instances in with {@link Smtp#PASSWORD}: a mail proves they read the alias store. */
  private static final Smtp SMTP = new Smtp(Ports.free());

  private static Cluster backing;
  private static PayaraServer server;
  private static Map<String, String> config;
  private static int portbase;
  private static URI one;
  private static URI two;

  @BeforeAll
  static void deploy() throws Exception {
    Instant begin = Instant.now();
    Path work = Path.of(System.getProperty("switchboard.work", "target/cluster")).getParent();
    // The database and the broker only: the launcher's cluster with no Payara Micro instance.
    backing =
        Cluster.start(
                Distribution.in(Path.of(System.getProperty("switchboard.dist"))),
                new Cluster.Options(
                    0,
                    0,
                    work.resolve("payara-server-backing"),
                    null,
                    true,
                    Cluster.SILENT,
                    Map.of()))
            .closeOnExit();

    server =
        PayaraServer.unpack(
            Path.of(System.getProperty("payara.server.zip")), work.resolve("payara-server"));
    Instant unpacked = Instant.now();
    server.startDomain();
    Instant domainUp = Instant.now();

    config = new HashMap<>();
    config.put("SWITCHBOARD_DB_URL", backing.databaseUrl());
    config.put("SWITCHBOARD_DB_USER", backing.databaseUser());
    config.put("SWITCHBOARD_DB_PASSWORD", backing.databasePassword());
    config.put("SWITCHBOARD_BROKER_CONNECTION", backing.brokerConnection());
    config.put("SWITCHBOARD_BROKER_USER", "switchboard");
    config.put("SWITCHBOARD_BROKER_PASSWORD", "switchboard");
    config.put("SWITCHBOARD_BOOTSTRAP_AGENTS", AGENT + ":" + PASSWORD + ":agent");
    SMTP.start();
    config.put("SWITCHBOARD_SMTP_HOST", "127.0.0.1");
    config.put("SWITCHBOARD_SMTP_PORT", Integer.toString(SMTP.port()));
    config.put("SWITCHBOARD_SMTP_USER", Smtp.USER);
    config.put("SWITCHBOARD_SMTP_PASSWORD", Smtp.PASSWORD);
    // Company sign-in: the SDK from the EAR's lib/, the client secret from the alias store.
    TestCluster.OIDC.start();
    config.put("SWITCHBOARD_OIDC_ISSUER", TestCluster.OIDC.issuer());
    config.put("SWITCHBOARD_OIDC_CLIENT_ID", Oidc.CLIENT_ID);
    config.put("SWITCHBOARD_OIDC_CLIENT_SECRET", Oidc.CLIENT_SECRET);
    config.put("SWITCHBOARD_OIDC_NAME", Oidc.NAME);
    portbase = PayaraServer.freePortBlock();
    server.run(script(), config);
    Instant deployed = Instant.now();

    one = URI.create("http://127.0.0.1:" + (portbase + 80));
    two = URI.create("http://127.0.0.1:" + (portbase + 180));
    awaitReady(one);
    awaitReady(two);
    Instant ready = Instant.now();
    System.out.printf(
        "Payara Server cluster: unpacked and domain created in %d s, DAS started in %d s,"
            + " deployment group set up and started in %d s, application ready %d s later;"
            + " %d s in all%n",
        Duration.between(begin, unpacked).toSeconds(),
        Duration.between(unpacked, domainUp).toSeconds(),
        Duration.between(domainUp, deployed).toSeconds(),
        Duration.between(deployed, ready).toSeconds(),
        Duration.between(begin, ready).toSeconds());
  }

  /** The shipped script's command line, for this domain's group. */
  private static List<String> script() {
    Path script = Path.of(System.getProperty("switchboard.payaraServer"), "switchboard-cluster.sh");
    return List.of(
        "bash",
        script.toString(),
        "--group",
        GROUP,
        "--instances",
        "2",
        "--portbase",
        Integer.toString(portbase));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (backing != null) {
      backing.close();
    }
    SMTP.stop();
  }

  /** Ready with its checks: an instance whose application failed to deploy reports none. */
  private static void awaitReady(URI instance) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      try {
        Http.Reply reply = Http.get(instance, "/health/ready", null);
        last = reply.toString();
        if (reply.status() == 200 && last.contains("database")) {
          return;
        }
      } catch (RuntimeException e) {
        last = e.toString();
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(instance + " not ready: " + last);
  }

  @Test
  void theEarRunsOnEveryInstanceOfTheDeploymentGroup() throws Exception {
    String applications = server.asadmin("list-applications", GROUP);
    assertTrue(applications.contains("switchboard "), applications);
    assertTrue(applications.contains("<ear"), "deployed as an enterprise archive: " + applications);
    assertTrue(applications.contains("switchboard-artemis-rar"), applications);
    String instances = server.asadmin("list-instances", GROUP);
    assertEquals(2, instances.lines().filter(l -> l.contains("running")).count(), instances);
  }

  /** The script names each instance on the broker, so that its own events stay there. */
  @Test
  void eachInstanceSubscribesToAllButItsOwnEvents() throws Exception {
    List<String> filters = ClusterIT.eventsSubscriptionFilters(backing.brokerConnection());
    for (int n = 1; n <= 2; n++) {
      assertTrue(filters.contains(ClusterIT.notOwnEvents(GROUP + "-" + n)), filters.toString());
    }
  }

  /**
   * The script gives asadmin its commands in one session, which goes on past a failed one: the
   * script still stops with an error and asadmin's reasons. Run a second time, the group and its
   * instances exist already (and the running group is left as it was).
   */
  @Test
  void theScriptFailsSayingWhyWhenACommandFails() {
    var failure = assertThrows(AssertionError.class, () -> server.run(script(), config));
    assertTrue(failure.getMessage().contains("asadmin failed"), failure.getMessage());
    assertTrue(failure.getMessage().contains(GROUP), failure.getMessage());
  }

  @Test
  void theScriptKeepsPasswordsOutOfDomainXml() throws Exception {
    String domainXml = Files.readString(server.domainXml());
    assertTrue(domainXml.contains("SWITCHBOARD_DB_URL"), "plain settings are domain properties");
    assertFalse(domainXml.contains("SWITCHBOARD_DB_PASSWORD"), "no password in domain.xml");
    assertFalse(domainXml.contains(Smtp.PASSWORD), "no password in domain.xml");
    // asadmin stores alias names in lower case; the config source finds them all the same (the
    // transcript mail of the other test logs in with the SMTP password).
    String aliases = server.asadmin("list-password-aliases").toLowerCase(Locale.ROOT);
    assertTrue(aliases.contains("switchboard_smtp_password"), aliases);
    assertTrue(aliases.contains("switchboard_db_password"), aliases);
  }

  /**
   * The EAR's instances describe the API's every operation and give their metrics (issue 28). Its
   * records are the EJB module's, which Payara Server's OpenAPI scan does not reach in an EAR (it
   * reads the WAR and the EAR's lib/): there they are plain objects; the README says so.
   */
  @Test
  void eachInstanceDescribesTheApiAndGivesItsMetrics() {
    for (URI instance : List.of(one, two)) {
      var document = Http.get(instance, "/openapi?format=json", null);
      assertEquals(200, document.status(), document.body());
      var api =
          new io.swagger.v3.parser.OpenAPIV3Parser().readContents(document.body()).getOpenAPI();
      assertEquals(45, api.getPaths().size(), api.getPaths().keySet().toString());
      assertEquals("login", api.getPaths().get("/api/agents/login").getPost().getOperationId());
      var metrics = MetricsIT.scrape(instance);
      assertTrue(metrics.value("switchboard_sockets_open{kind=\"visitor\"}") >= 0);
      assertTrue(metrics.value("switchboard_messages_stored_total") >= 0);
    }
  }

  /** An agent signs in with the company: started on one instance, finished on the other. */
  @Test
  void anAgentSignsInWithTheCompanyAcrossTheGroup() {
    String username = "ear-" + UUID.randomUUID().toString().substring(0, 8);
    TestCluster.OIDC.nextUser("ear-" + username, username, List.of("support-agents"), 3600);
    var back = new CompanySignInIT.Browser().signIn(one, two);
    var login = CompanySignInIT.redeem(one, back.get("signin-ticket"));
    assertEquals(200, login.status(), login.body());
    assertEquals("agent", login.json().getString("role"));
    assertEquals(
        200, Http.get(two, "/api/conversations", login.json().getString("token")).status());
  }

  private static Predicate<JsonObject> saying(String text) {
    return f -> text.equals(f.getJsonObject("message").getString("text"));
  }

  @Test
  @Order(1)
  void aVisitorOnOneInstanceAndAnAgentOnTheOtherExchangeMessages() throws Exception {
    chat(one, two);
  }

  /**
   * {@code restart-deployment-group} restarts the instances one at a time (its default, {@code
   * --rolling}): a visitor and an agent chatting without pause meanwhile reconnect to the other
   * instance and resume, losing nothing and receiving nothing twice (issue 30). Restarted instances
   * load the application from their own copy, with the transaction recovery running beside it: they
   * come back ready, chat, and log no error.
   */
  @Test
  @Order(Integer.MAX_VALUE) // last: the other tests need no restart
  void aRollingRestartOfTheDeploymentGroupLosesNothingAndComesBackWithoutErrors() throws Exception {
    try (var steady =
        SteadyChat.start(
            "rolling",
            List.of(one, two),
            List.of(two, one),
            Http.agentToken(two, AGENT, PASSWORD))) {
      steady.await(20);
      long began = System.nanoTime();
      server.asadmin("restart-deployment-group", GROUP);
      awaitReady(one);
      awaitReady(two);
      steady.awaitAckedAfter(System.nanoTime() + Duration.ofSeconds(2).toNanos());
      steady.stopAndCheck(began);
      assertTrue(
          steady.visitor.reconnects >= 1 && steady.agent.reconnects >= 1,
          "each side's instance was restarted under it");
    }
    chat(two, one);
    assertEquals(List.of(), server.instanceErrors(), "SEVERE lines in the instances' logs");
  }

  /**
   * A visitor (with an email) on one instance and an agent on the other exchange a message each
   * way; the transcript is mailed on resolve, so the instance read the SMTP password from the alias
   * store (the server refuses a wrong one).
   */
  private static void chat(URI visitorSide, URI agentSide) throws Exception {
    String agentToken = Http.agentToken(agentSide, AGENT, PASSWORD);
    String email = "visitor-" + UUID.randomUUID() + "@example.com";
    Http.Reply registered =
        Http.post(visitorSide, "/api/visitors", "{\"email\":\"" + email + "\"}");
    assertEquals(201, registered.status(), registered.body());
    JsonObject visitor = registered.json();
    try (var agent = ChatClient.authenticated(agentSide, "/ws/agent", agentToken);
        var client =
            ChatClient.authenticated(visitorSide, "/ws/visitor", visitor.getString("token"))) {
      String text = "my VPN drops every hour " + UUID.randomUUID();
      client.sendText("c1", null, text);
      JsonObject ack = client.next("ack");
      assertNotNull(ack, "the visitor's message is acknowledged");
      String conversation = ack.getJsonObject("message").getString("conversationId");

      JsonObject seen = agent.next("message", saying(text));
      assertNotNull(seen, "the agent on the other instance gets the visitor's message");

      String reply = "Let's look at your VPN profile";
      agent.sendText("a1", conversation, reply);
      assertNotNull(agent.next("ack"), "the agent's reply is acknowledged");
      JsonObject back = client.next("message", saying(reply));
      assertNotNull(back, "the visitor on the first instance gets the agent's reply");
      assertEquals(
          ack.getJsonObject("message").getJsonNumber("seq").longValue() + 1,
          back.getJsonObject("message").getJsonNumber("seq").longValue());

      client.send("transcript", "ref", "t1", "conversationId", conversation, "wanted", true);
      assertNotNull(client.next("conversation", f -> "t1".equals(f.getString("ref", null))));
      agent.send("resolve", "ref", "r1", "conversationId", conversation);
      assertNotNull(agent.next("conversation", f -> "r1".equals(f.getString("ref", null))));
      List<MimeMessage> mails = SMTP.await(conversation, "transcript", 1, Duration.ofSeconds(30));
      assertEquals(1, mails.size(), "the transcript, mailed by an instance that logged in");
      assertTrue(Smtp.part(mails.get(0), "text/plain").contains(reply));
    }
  }
}
