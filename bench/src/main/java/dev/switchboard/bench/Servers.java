package dev.switchboard.bench;

import dev.switchboard.launcher.Cluster;
import dev.switchboard.launcher.Distribution;
import dev.switchboard.launcher.PayaraInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the two clusters under test, each with two instances, on the same PostgreSQL server. */
final class Servers {

  static final String AGENT = "alice";
  static final String PASSWORD = "bench-secret";

  /** Shorter than the warm-up at half rate ({@link Bench}), which it must stay. */
  static final int MAIL_DELAY_SECONDS = 40;

  private Servers() {}

  /**
   * Ours: two Payara Micro instances, the embedded Artemis, a scratch database on the PostgreSQL
   * server at {@code dbUrl} (or an embedded one when it is null). Defaults as shipped, except what
   * a load test must switch off (the rate limit), a heap large enough for the idle scenario and the
   * mail delay.
   */
  static Target ours(Path root, String dbUrl, String heap) throws Exception {
    var env = new java.util.HashMap<String, String>();
    env.put("SWITCHBOARD_BOOTSTRAP_AGENTS", AGENT + ":" + PASSWORD);
    env.put("SWITCHBOARD_RATE_LIMIT", "0");
    // The first round of unread-mail jobs (one per conversation, all due at once) then comes inside
    // the warm-up, not in a measured step; jobs recur three times as often as with the shipped 120.
    env.put("SWITCHBOARD_MAIL_DELAY", Integer.toString(MAIL_DELAY_SECONDS));
    env.put("SWITCHBOARD_INSTANCE_HEAP", heap);
    if (dbUrl != null) {
      env.put("SWITCHBOARD_DB_URL", dbUrl);
      env.put("SWITCHBOARD_DB_USER", "postgres");
    }
    Cluster cluster =
        Cluster.start(
            Distribution.in(root.resolve("launcher/target/dist")),
            new Cluster.Options(
                2, 0, root.resolve("bench/target/ours"), null, true, false, Map.copyOf(env)));
    List<Long> pids = cluster.instances().stream().map(PayaraInstance::pid).toList();
    return new Target(
        "Switchboard",
        cluster.instance(0).baseUri(),
        cluster.instance(1).baseUri(),
        pids,
        AGENT,
        PASSWORD,
        cluster);
  }

  /**
   * The Node peer as its README says: {@code npm ci} (in a copy under target, since ../shared is
   * not ours to write), two instances on one database and one Redis.
   */
  static Target peer(Path root, String pgHostPort, String redisUrl) throws Exception {
    Path source = root.resolve("../shared/peer").normalize();
    Path work = root.resolve("bench/target/peer");
    Files.createDirectories(work);
    for (String file : List.of("package.json", "package-lock.json", "server.js")) {
      Files.copy(
          source.resolve(file),
          work.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(work.resolve("node_modules"))) {
      run(work, List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(5));
    }
    // A fresh database per run, so both servers start from empty tables.
    try (var c =
        DriverManager.getConnection(
            "jdbc:postgresql://" + pgHostPort + "/postgres", "postgres", "")) {
      c.createStatement().execute("drop database if exists peer_bench with (force)");
    }
    var processes = new ArrayList<Process>();
    var uris = new ArrayList<URI>();
    for (int i = 0; i < 2; i++) {
      int port = freePort();
      var builder = new ProcessBuilder("node", "server.js").directory(work.toFile());
      builder.environment().put("PEER_PORT", Integer.toString(port));
      builder.environment().put("PEER_PG_URL", "postgres://postgres@" + pgHostPort + "/peer_bench");
      builder.environment().put("PEER_REDIS_URL", redisUrl);
      builder.environment().put("PEER_AGENTS", AGENT + ":" + PASSWORD);
      builder.redirectErrorStream(true);
      builder.redirectOutput(work.resolve("peer-" + (i + 1) + ".log").toFile());
      processes.add(builder.start());
      uris.add(URI.create("http://127.0.0.1:" + port));
      // The first creates the database and tables; the second must not race it.
      awaitPort(port, Duration.ofSeconds(60));
    }
    return new Target(
        "peer (Node)",
        uris.get(0),
        uris.get(1),
        processes.stream().map(Process::pid).toList(),
        AGENT,
        PASSWORD,
        () -> {
          for (Process p : processes) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
          }
        });
  }

  static boolean reachable(String host, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitPort(int port, Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (!reachable("127.0.0.1", port)) {
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException("nothing listens on " + port);
      }
      Thread.sleep(200);
    }
  }

  private static void run(Path dir, List<String> command, Duration timeout) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed in " + dir);
    }
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
