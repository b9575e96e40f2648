package dev.switchboard.bench;

import dev.switchboard.launcher.Cluster;
import dev.switchboard.launcher.Distribution;
import dev.switchboard.launcher.PayaraInstance;
import dev.switchboard.launcher.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Starts the two clusters under test, each with two instances, on the same PostgreSQL server. */
final class Servers {

  static final String AGENT = "alice";
  static final String SUPERVISOR = "bench-supervisor";
  static final String PASSWORD = "bench-secret";

  /** Shorter than the warm-up at half rate ({@link Bench}), which it must stay. */
  static final int MAIL_DELAY_SECONDS = 40;

  private Servers() {}

  /**
   * A server that did not start: its name and the cause, which names the log when a server process
   * ran and wrote one.
   */
  static final class NotStarted extends Exception {
    final String server;
    final String cause;

    NotStarted(String server, Exception e) {
      super(server + " did not start: " + cause(e), e);
      this.server = server;
      this.cause = cause(e);
    }

    /**
     * The launcher's and this class's own failures (IllegalStateException) say what happened and
     * where the log is; any other exception needs its class to make sense (a missing file's is only
     * a path), and its own cause ("The connection attempt failed." does not say why).
     */
    private static String cause(Exception e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof IllegalStateException) {
        return cause.getMessage();
      }
      return cause + (cause.getCause() == null ? "" : " (" + cause.getCause() + ")");
    }
  }

  /**
   * Ours: {@code instances} Payara Micro instances (two unless the scaling runs ask for more), the
   * embedded Artemis, a scratch database on the PostgreSQL server at {@code dbUrl} (or an embedded
   * one when it is null). Defaults as shipped, except what a load test must switch off (the rate
   * limit, and the limits per address for the load generator's, which opens tens of thousands of
   * visitors and sockets), a heap large enough for the idle scenario and the mail delay.
   */
  static Target ours(Path root, String dbUrl, String heap, int instances) throws NotStarted {
    String name = "Switchboard";
    var env = new java.util.HashMap<String, String>();
    // The supervisor sets up scenario 5's teams; the other scenarios are the agent's.
    env.put(
        "SWITCHBOARD_BOOTSTRAP_AGENTS",
        AGENT + ":" + PASSWORD + "," + SUPERVISOR + ":" + PASSWORD + ":supervisor");
    env.put("SWITCHBOARD_RATE_LIMIT", "0");
    env.put("SWITCHBOARD_RATE_LIMIT_EXEMPT", "127.0.0.1");
    // The first round of unread-mail jobs (one per conversation, all due at once) then comes inside
    // the warm-up, not in a measured step; jobs recur three times as often as with the shipped 120.
    env.put("SWITCHBOARD_MAIL_DELAY", Integer.toString(MAIL_DELAY_SECONDS));
    env.put("SWITCHBOARD_INSTANCE_HEAP", heap);
    if (dbUrl != null) {
      env.put("SWITCHBOARD_DB_URL", dbUrl);
      env.put("SWITCHBOARD_DB_USER", "postgres");
    }
    // The launcher stops what it started when an instance exits or is not ready within 3 minutes.
    Cluster cluster;
    try (var progress = Progress.start(name, "starting")) {
      cluster =
          Cluster.start(
              Distribution.in(root.resolve("launcher/target/dist")),
              new Cluster.Options(
                  instances,
                  0,
                  root.resolve("bench/target/ours"),
                  null,
                  true,
                  Cluster.SILENT,
                  Map.copyOf(env)));
    } catch (Exception e) {
      throw new NotStarted(name, e);
    }
    List<Long> pids = cluster.instances().stream().map(PayaraInstance::pid).toList();
    return new Target(
        name,
        cluster.instance(0).baseUri(),
        cluster.instance(1).baseUri(),
        cluster.instances().stream().skip(2).map(PayaraInstance::baseUri).toList(),
        pids,
        AGENT,
        PASSWORD,
        cluster);
  }

  /**
   * The Node peer as its README says: {@code npm ci} (in a copy under target, since ../shared is
   * not ours to write), two instances on one database and one Redis. What it started is stopped
   * when it does not start.
   */
  static Target peer(Path root, String pgHostPort, String redisUrl)
      throws NotStarted, InterruptedException {
    String name = "peer (Node)";
    Path source = root.resolve("../shared/peer").normalize();
    Path work = root.resolve("bench/target/peer");
    var processes = new ArrayList<Process>();
    var uris = new ArrayList<URI>();
    try (var progress = Progress.start(name, "starting")) {
      // A fresh database per run, so both servers start from empty tables; first, as it fails
      // fastest when the database is not there.
      try (var c =
          DriverManager.getConnection(
              "jdbc:postgresql://" + pgHostPort + "/postgres", "postgres", "")) {
        c.createStatement().execute("drop database if exists peer_bench with (force)");
      }
      Files.createDirectories(work);
      for (String file : List.of("package.json", "package-lock.json", "server.js")) {
        Files.copy(
            source.resolve(file),
            work.resolve(file),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      if (!Files.isDirectory(work.resolve("node_modules"))) {
        run(
            work,
            List.of("npm", "ci", "--no-audit", "--no-fund"),
            work.resolve("npm-ci.log"),
            Duration.ofMinutes(5));
      }
      for (int i = 0; i < 2; i++) {
        String instance = "peer-" + (i + 1);
        Path log = work.resolve(instance + ".log");
        int port = Ports.free();
        var builder = new ProcessBuilder("node", "server.js").directory(work.toFile());
        builder.environment().put("PEER_PORT", Integer.toString(port));
        builder
            .environment()
            .put("PEER_PG_URL", "postgres://postgres@" + pgHostPort + "/peer_bench");
        builder.environment().put("PEER_REDIS_URL", redisUrl);
        builder.environment().put("PEER_AGENTS", AGENT + ":" + PASSWORD);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        processes.add(process);
        uris.add(URI.create("http://127.0.0.1:" + port));
        // The first creates the database and tables; the second must not race it.
        awaitListening(instance, process, port, Duration.ofSeconds(60), log);
      }
    } catch (Exception e) {
      stop(processes);
      throw new NotStarted(name, e);
    }
    return new Target(
        name,
        uris.get(0),
        uris.get(1),
        processes.stream().map(Process::pid).toList(),
        AGENT,
        PASSWORD,
        () -> stop(processes));
  }

  /** SIGTERM to each, and up to 10 s each to go. */
  private static void stop(List<Process> processes) throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static boolean reachable(String host, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits until something listens on {@code port}, polling: fails as soon as {@code process} has
   * exited (not at the deadline: a server that died says so at once), or at the deadline.
   */
  static void awaitListening(String name, Process process, int port, Duration timeout, Path log)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reachable("127.0.0.1", port)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with status "
                + process.exitValue()
                + " before it listened on port "
                + port
                + "; see "
                + log);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            name
                + " did not listen on port "
                + port
                + " within "
                + timeout.toSeconds()
                + " s; see "
                + log);
      }
      Thread.sleep(200);
    }
  }

  /** Runs a command to its end, its output in {@code log}; killed when it outlasts the timeout. */
  private static void run(Path dir, List<String> command, Path log, Duration timeout)
      throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String what = String.join(" ", command);
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          what + " still ran after " + timeout.toMinutes() + " min; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          what + " exited with status " + p.exitValue() + "; see " + log);
    }
  }
}
