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

    Path work = data.resolve("run");
    // The embedded database's and broker's own logging (SLF4J) goes to a file beside the
    // instances' logs: the terminal gets what a person needs.
    java.nio.file.Files.createDirectories(work);
    System.setProperty("org.slf4j.simpleLogger.logFile", work.resolve("launcher.log").toString());
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    Instant begin = Instant.now();
    System.out.println("Starting Switchboard: " + instances + " instance(s), data in " + data);
    Cluster cluster;
    try {
      cluster =
          Cluster.start(
                  Distribution.in(dist),
                  new Cluster.Options(
                      instances,
                      port,
                      work,
                      data,
                      false,
                      line -> System.out.println("  " + line),
                      environment))
              .closeOnExit();
    } catch (Exception e) {
      System.err.println("Switchboard did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
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
      String address = "http://localhost:" + instance.baseUri().getPort();
      System.out.println("  " + instance.name() + ":");
      System.out.println("    chat (visitors)    " + address + "/");
      System.out.println("    console (agents)   " + address + "/console/");
    }
    if (System.getenv("SWITCHBOARD_BOOTSTRAP_AGENTS") == null && instances > 0) {
      System.out.println(
          "  first sign-in: admin / admin (a supervisor; change the password in the console)");
    }
    System.out.println("  logs: " + work + " (launcher.log, instance-N.log)");
    System.out.println("Press Ctrl+C to stop.");
    Thread.currentThread().join();
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
