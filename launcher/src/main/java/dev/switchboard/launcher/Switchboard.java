package dev.switchboard.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;

/**
 * {@code java -jar launcher/target/switchboard.jar [--instances N]}: the whole product on this
 * machine ({@code --instances 0}: only the database and the broker, for a Payara Server cluster).
 * Data survives restarts under {@code ~/.switchboard} (or {@code SWITCHBOARD_DATA_DIR}).
 */
public final class Switchboard {

  static final String DEFAULT_AGENTS = "admin:admin:supervisor";

  public static void main(String[] args) throws Exception {
    int instances = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--instances" -> instances = Integer.parseInt(args[++i]);
        case "--help", "-h" -> {
          System.out.println("usage: java -jar switchboard.jar [--instances N]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path jar =
        Path.of(Switchboard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dist = jar.getParent().resolve("dist");
    Path data =
        Path.of(
            env(
                "SWITCHBOARD_DATA_DIR",
                Path.of(System.getProperty("user.home"), ".switchboard").toString()));
    int port = Integer.parseInt(env("SWITCHBOARD_HTTP_PORT", "8080"));
    var environment = new HashMap<String, String>();
    environment.put(
        "SWITCHBOARD_BOOTSTRAP_AGENTS", env("SWITCHBOARD_BOOTSTRAP_AGENTS", DEFAULT_AGENTS));
    // A trial on this machine: admin / admin is allowed here, and nowhere else.
    environment.put("SWITCHBOARD_LOCAL_MODE", "true");

    Instant begin = Instant.now();
    System.out.println("Starting Switchboard: " + instances + " instance(s), data in " + data);
    var cluster =
        Cluster.start(
                Distribution.in(dist),
                new Cluster.Options(
                    instances, port, data.resolve("run"), data, false, true, environment))
            .closeOnExit();
    System.out.printf(
        "%nSwitchboard is ready after %d s%n", Duration.between(begin, Instant.now()).toSeconds());
    if (instances == 0) {
      // The database and the broker alone, for application servers set up elsewhere.
      System.out.println("  SWITCHBOARD_DB_URL=" + cluster.databaseUrl());
      System.out.println("  SWITCHBOARD_DB_USER=" + cluster.databaseUser());
      System.out.println("  SWITCHBOARD_DB_PASSWORD=" + cluster.databasePassword());
      System.out.println("  SWITCHBOARD_BROKER_CONNECTION=" + cluster.brokerConnection());
    }
    for (PayaraInstance instance : cluster.instances()) {
      System.out.println("  " + instance.name() + ": " + instance.baseUri());
    }
    if (System.getenv("SWITCHBOARD_BOOTSTRAP_AGENTS") == null) {
      System.out.println(
          "  first agent: admin / admin (set SWITCHBOARD_BOOTSTRAP_AGENTS to change)");
    }
    System.out.println("Press Ctrl+C to stop.");
    Thread.currentThread().join();
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
