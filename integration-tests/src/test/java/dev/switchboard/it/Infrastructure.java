package dev.switchboard.it;

import dev.switchboard.jms.broker.EmbeddedBroker;
import dev.switchboard.launcher.LocalDatabase;
import dev.switchboard.launcher.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts PostgreSQL (embedded, or a scratch database on {@code SWITCHBOARD_DB_URL}) and an Artemis
 * broker once per test JVM, before Arquillian starts Payara Micro with their coordinates. A
 * launcher session listener, so it runs on the client side only, never inside the container.
 */
public final class Infrastructure implements LauncherSessionListener {

  static final String AGENT = "ida";
  static final String AGENT_PASSWORD = "ida-secret";

  private static boolean started;
  static int brokerPort;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    try {
      start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start PostgreSQL and Artemis for the tests", e);
    }
  }

  private static synchronized void start() throws Exception {
    if (started) {
      return;
    }
    started = true;
    String url = System.getenv("SWITCHBOARD_DB_URL");
    LocalDatabase db =
        url == null || url.isBlank()
            ? LocalDatabase.embedded(null)
            : LocalDatabase.scratch(
                url,
                System.getenv().getOrDefault("SWITCHBOARD_DB_USER", "postgres"),
                System.getenv().getOrDefault("SWITCHBOARD_DB_PASSWORD", ""));
    Path work = Path.of(System.getProperty("switchboard.work", "target/it-work"));
    Files.createDirectories(work);
    brokerPort = Ports.free();
    EmbeddedBroker broker =
        EmbeddedBroker.start(
            "127.0.0.1",
            brokerPort,
            work.resolve("artemis"),
            EmbeddedBroker.MailRetry.DEFAULTS,
            new EmbeddedBroker.Credentials("it", "it"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    broker.close();
                    db.close();
                  } catch (Exception e) {
                    System.err.println("infrastructure shutdown: " + e);
                  }
                }));
    // Payara resolves the resource definitions from server-level configuration: JVM properties.
    System.setProperty(
        "sb.jvm.options",
        String.join(
            " ",
            "-DSWITCHBOARD_DB_URL=" + db.url(),
            "-DSWITCHBOARD_DB_USER=" + db.user(),
            "-DSWITCHBOARD_DB_PASSWORD=" + (db.password().isEmpty() ? "none" : db.password()),
            "-DSWITCHBOARD_BROKER_CONNECTION=host=127.0.0.1;port=" + brokerPort,
            "-DSWITCHBOARD_BROKER_USER=it",
            "-DSWITCHBOARD_RATE_LIMIT=0",
            "-DSWITCHBOARD_BROKER_PASSWORD=it",
            "-DSWITCHBOARD_BOOTSTRAP_AGENTS=" + AGENT + ":" + AGENT_PASSWORD));
    Path postboot = work.resolve("postboot.asadmin");
    Files.writeString(
        postboot, "deploy --type rar " + System.getProperty("switchboard.rar") + "\n");
    System.setProperty("sb.postboot", postboot.toString());
  }
}
