package dev.switchboard.system;

import dev.switchboard.launcher.Cluster;
import dev.switchboard.launcher.Distribution;
import dev.switchboard.launcher.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * One two-instance cluster (shared embedded or scratch database, one embedded broker) for every
 * system test of this JVM: starting Payara twice per class would cost minutes.
 */
final class TestCluster {

  static final String AGENT = "alice";
  static final String AGENT_PASSWORD = "alice-secret";
  static final String OTHER_AGENT = "bob";
  static final String THIRD_AGENT = "carol";
  static final String SUPERVISOR = "dana";

  /** The secret the intranet signs its employees' identities with. */
  static final String IDENTITY_SECRET = "intranet-and-switchboard-share-this-32+-byte-secret";

  static final String IDENTITY_ISSUER = "https://intranet.switchboard.test";
  static final String IDENTITY_AUDIENCE = "switchboard";

  static final Duration PRESENCE_GRACE = Duration.ofSeconds(4);

  /** An intranet page that embeds the widget (served by the browser tests). */
  static final int EMBEDDER_PORT = Ports.free();

  static final String EMBEDDER_ORIGIN = "http://127.0.0.1:" + EMBEDDER_PORT;
  static final String ALLOWED_ORIGIN = "https://intranet.example.com";

  /** The company directory agents may sign in with. */
  static final Ldap LDAP = new Ldap(Ports.free());

  /** How long the cluster keeps resolved conversations (VisitorDataIT). */
  static final int RETENTION_DAYS = 30;

  /** The SMTP server every instance mails to. */
  static final Smtp SMTP = new Smtp(Ports.free());

  /** The browsers' push service (PushIT). */
  static final PushService PUSH = new PushService(Ports.free());

  /** The company's OpenID Connect provider (CompanySignInIT). */
  static final Oidc OIDC = new Oidc(Ports.free());

  static final String SUPPORT_MAILBOX = "support@switchboard.test";
  static final String AGENT_EMAIL = "alice@switchboard.test";
  static final String PUBLIC_URL = "https://chat.switchboard.test";

  /** How long an unread message waits before it causes a mail. */
  static final Duration MAIL_DELAY = Duration.ofSeconds(5);

  /** Mail attempts before the dead-letter queue, the first retry after 1 s, then 2, 4, 8 s. */
  static final int MAIL_ATTEMPTS = 5;

  private static Cluster cluster;
  private static RuntimeException failure;

  private TestCluster() {}

  static synchronized Cluster get() {
    if (failure != null) {
      throw failure; // one failed start is enough: don't pay for it once per test
    }
    if (cluster == null) {
      try {
        SMTP.start();
        LDAP.start();
        OIDC.start();
        PUSH.start();
        Path dist = Path.of(System.getProperty("switchboard.dist", "../launcher/target/dist"));
        Path work = Path.of(System.getProperty("switchboard.work", "target/cluster"));
        cluster =
            Cluster.start(
                    Distribution.in(dist),
                    new Cluster.Options(
                        2,
                        0,
                        work,
                        null,
                        true,
                        Cluster.SILENT,
                        Map.ofEntries(
                            Map.entry(
                                "SWITCHBOARD_BOOTSTRAP_AGENTS",
                                String.join(
                                    ",",
                                    AGENT + ":" + AGENT_PASSWORD + ":agent:" + AGENT_EMAIL,
                                    OTHER_AGENT + ":" + AGENT_PASSWORD,
                                    THIRD_AGENT + ":" + AGENT_PASSWORD,
                                    SUPERVISOR + ":" + AGENT_PASSWORD + ":supervisor")),
                            Map.entry(
                                "SWITCHBOARD_ALLOWED_ORIGINS",
                                ALLOWED_ORIGIN + "," + EMBEDDER_ORIGIN),
                            // Bursts of hundreds of messages; the limit has its own instance.
                            Map.entry("SWITCHBOARD_REQUEST_BODY_SECONDS", "5"),
                            Map.entry("SWITCHBOARD_REQUEST_BODY_MEMORY_BYTES", "1048576"),
                            // Three uploads of the largest file (10 MiB) arriving at once fit.
                            Map.entry("SWITCHBOARD_REQUEST_BODY_DISK_BYTES", "33554432"),
                            Map.entry("SWITCHBOARD_RATE_LIMIT", "0"),
                            // Not the default (simple), to see the key reach the index and queries.
                            Map.entry("SWITCHBOARD_SEARCH_LANGUAGE", "english"),
                            Map.entry(
                                "SWITCHBOARD_PRESENCE_GRACE_SECONDS",
                                Long.toString(PRESENCE_GRACE.toSeconds())),
                            Map.entry("SWITCHBOARD_SMTP_HOST", "127.0.0.1"),
                            Map.entry("SWITCHBOARD_SMTP_PORT", Integer.toString(SMTP.port())),
                            Map.entry("SWITCHBOARD_SMTP_USER", Smtp.USER),
                            Map.entry("SWITCHBOARD_SMTP_PASSWORD", Smtp.PASSWORD),
                            Map.entry(
                                "SWITCHBOARD_SMTP_FROM", "Switchboard <chat@switchboard.test>"),
                            Map.entry("SWITCHBOARD_SUPPORT_MAILBOX", SUPPORT_MAILBOX),
                            Map.entry("SWITCHBOARD_PUBLIC_URL", PUBLIC_URL),
                            Map.entry("SWITCHBOARD_PUSH_SERVICES", PUSH.origin()),
                            Map.entry("SWITCHBOARD_PUSH_DELAY_SECONDS", "1"),
                            Map.entry(
                                "SWITCHBOARD_MAIL_DELAY", Long.toString(MAIL_DELAY.toSeconds())),
                            Map.entry("SWITCHBOARD_MAIL_ATTEMPTS", Integer.toString(MAIL_ATTEMPTS)),
                            Map.entry("SWITCHBOARD_MAIL_RETRY_SECONDS", "1"),
                            // Unsent uploads are looked for every 2 s (a day's age stays).
                            Map.entry("SWITCHBOARD_ATTACHMENT_SWEEP_SECONDS", "2"),
                            Map.entry("SWITCHBOARD_TOKEN_SWEEP_SECONDS", "2"),
                            // Webhook deliveries retried twice, 1 s then 2 s later.
                            Map.entry("SWITCHBOARD_WEBHOOK_ATTEMPTS", "3"),
                            Map.entry("SWITCHBOARD_WEBHOOK_RETRY_SECONDS", "1"),
                            // Retention on, its night at any hour, looked for every second.
                            Map.entry(
                                "SWITCHBOARD_RETENTION_DAYS", Integer.toString(RETENTION_DAYS)),
                            Map.entry("SWITCHBOARD_RETENTION_HOUR", "0"),
                            Map.entry("SWITCHBOARD_RETENTION_SWEEP_SECONDS", "1"),
                            // Upload quotas small enough to reach (AttachmentsIT).
                            Map.entry("SWITCHBOARD_UPLOADS_PER_DAY", "30"),
                            Map.entry("SWITCHBOARD_UPLOAD_BYTES_PER_DAY", Long.toString(16 << 20)),
                            Map.entry("SWITCHBOARD_UPLOADS_UNSENT", "5"),
                            // The tests' own address is exempt from the limits per address;
                            // LimitsIT reaches them from other loopback addresses, and through
                            // the "proxy" 127.0.0.9.
                            Map.entry("SWITCHBOARD_RATE_LIMIT_EXEMPT", "127.0.0.1"),
                            Map.entry("SWITCHBOARD_TRUSTED_PROXIES", LimitsIT.PROXY),
                            Map.entry(
                                "SWITCHBOARD_SIGN_IN_FAILURES_PER_ADDRESS",
                                Integer.toString(LimitsIT.SIGN_IN_FAILURES_PER_ADDRESS)),
                            Map.entry(
                                "SWITCHBOARD_SIGN_IN_FAILURES_PER_USER",
                                Integer.toString(LimitsIT.SIGN_IN_FAILURES_PER_USER)),
                            Map.entry(
                                "SWITCHBOARD_COMPANY_SIGN_INS_PER_ADDRESS",
                                Integer.toString(CompanySignInIT.STARTS_PER_ADDRESS)),
                            Map.entry(
                                "SWITCHBOARD_VISITORS_PER_ADDRESS",
                                Integer.toString(LimitsIT.VISITORS_PER_ADDRESS)),
                            Map.entry(
                                "SWITCHBOARD_SOCKETS_PER_ADDRESS",
                                Integer.toString(LimitsIT.SOCKETS_PER_ADDRESS)),
                            // Queues are looked at every second (and at once after changes).
                            Map.entry("SWITCHBOARD_ROUTING_SECONDS", "1"),
                            Map.entry("SWITCHBOARD_IDENTITY_SECRET", IDENTITY_SECRET),
                            Map.entry("SWITCHBOARD_IDENTITY_ISSUER", IDENTITY_ISSUER),
                            Map.entry("SWITCHBOARD_IDENTITY_AUDIENCE", IDENTITY_AUDIENCE),
                            Map.entry("SWITCHBOARD_LDAP_URL", LDAP.url()),
                            Map.entry("SWITCHBOARD_LDAP_BIND_DN", Ldap.BIND_DN),
                            Map.entry("SWITCHBOARD_LDAP_BIND_PASSWORD", Ldap.BIND_PASSWORD),
                            Map.entry("SWITCHBOARD_LDAP_USER_BASE", "ou=people," + Ldap.BASE),
                            Map.entry("SWITCHBOARD_LDAP_GROUP_BASE", "ou=groups," + Ldap.BASE),
                            Map.entry("SWITCHBOARD_OIDC_ISSUER", OIDC.issuer()),
                            Map.entry("SWITCHBOARD_OIDC_CLIENT_ID", Oidc.CLIENT_ID),
                            Map.entry("SWITCHBOARD_OIDC_CLIENT_SECRET", Oidc.CLIENT_SECRET),
                            Map.entry("SWITCHBOARD_OIDC_NAME", Oidc.NAME))))
                .closeOnExit();
      } catch (Exception e) {
        failure = new IllegalStateException("could not start the test cluster", e);
        throw failure;
      }
    }
    return cluster;
  }

  static URI a() {
    return get().instance(0).baseUri();
  }

  static URI b() {
    return get().instance(1).baseUri();
  }

  static Connection sql() throws SQLException {
    var c = get();
    return DriverManager.getConnection(c.databaseUrl(), c.databaseUser(), c.databasePassword());
  }

  /** Runs a statement that changes rows on the cluster's database; returns how many. */
  static int update(String statement, Object... parameters) {
    try (var c = sql();
        var s = c.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows of a query on the cluster's database, each a list of its columns as strings. */
  static java.util.List<java.util.List<String>> rows(String query, Object... parameters) {
    try (var c = sql();
        var statement = c.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      var rows = new java.util.ArrayList<java.util.List<String>>();
      try (var result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          var row = new java.util.ArrayList<String>(columns);
          for (int i = 1; i <= columns; i++) {
            row.add(result.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A connection to the server's maintenance database (to switch the application's off). */
  static Connection maintenance() throws SQLException {
    var c = get();
    String url = c.databaseUrl();
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?', slash);
    String template =
        url.substring(0, slash + 1) + "template1" + (query > 0 ? url.substring(query) : "");
    return DriverManager.getConnection(template, c.databaseUser(), c.databasePassword());
  }

  static String databaseName() {
    String url = get().databaseUrl();
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?', slash);
    return url.substring(slash + 1, query > 0 ? query : url.length());
  }
}
