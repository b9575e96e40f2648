package dev.switchboard.launcher;

import dev.switchboard.jms.Destinations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** One Payara Micro process running the resource adapter and the application. */
public final class PayaraInstance implements AutoCloseable {

  /** The most of an instance's heap its young generation may take (see the command below). */
  public static final int MAX_YOUNG_PERCENT = 12;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final String name;
  private final int port;
  private final Path log;
  private final Path root;
  private final ProcessBuilder builder;
  private final String node;
  private Process process;

  PayaraInstance(
      String name,
      int port,
      Distribution distribution,
      Path workDir,
      Map<String, String> environment)
      throws IOException {
    this.name = name;
    this.port = port;
    this.root = workDir.resolve(name);
    // A runtime directory left from an earlier run redeploys its old applications first.
    deleteRecursively(root);
    Files.createDirectories(root);
    this.log = workDir.resolve(name + ".log");
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String heap = environment.getOrDefault("SWITCHBOARD_INSTANCE_HEAP", "512m");
    // The whole heap from the start, with G1 (the JVM's server default, as in the Docker image):
    // with SerialGC from 128 MB, an instance taking 1,000 msg/s stopped for a young collection
    // twice a second, up to 45 ms, about 1 % of the time; now every few seconds, 0.1 %.
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    // G1 grows the young generation to 60 % of the heap while its pauses are short, and the memory
    // it touches stays resident: a 1 GB instance holding sockets became a 1 GB process. Bounded,
    // an instance taking 1,000 msg/s collects every three seconds, 4 ms each.
    command.add("-XX:+UnlockExperimentalVMOptions");
    command.add("-XX:G1MaxNewSizePercent=" + MAX_YOUNG_PERCENT);
    command.add("-Djava.net.preferIPv4Stack=true");
    // Tyrus formats a log line for every read of a socket (evaluated also when not logged); on JDK
    // 17, with any default locale but en-US that builds the locale's number symbols each time: 2 %
    // of the sending instance's CPU at 1,000 msg/s. Nothing of ours uses the default locale.
    command.add("-Duser.language=en");
    command.add("-Duser.country=US");
    // A name of its own among all the instances on the broker: its events subscription then
    // leaves out what it delivered itself.
    this.node = name + "-" + UUID.randomUUID();
    command.add("-D" + Destinations.NODE_PROPERTY + "=" + node);
    command.add("-jar");
    command.add(distribution.payaraMicro().toString());
    // No data grid at all (--nocluster would still start Hazelcast, only unclustered): the
    // instances share nothing but the database and the broker.
    command.add("--nohazelcast");
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--rootdir");
    command.add(root.toString());
    command.add("--name");
    command.add(name);
    command.add("--prebootcommandfile");
    command.add(distribution.preboot().toString());
    command.add("--logproperties");
    command.add(distribution.logging().toString());
    // The resource adapter first: the application's MDB needs it at deployment.
    command.add("--deploy");
    command.add(distribution.resourceAdapter().toString());
    command.add("--deploy");
    command.add(distribution.application().toString());
    builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
  }

  /** Deletes a directory and everything in it; nothing when it is not there. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  public String name() {
    return name;
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path log() {
    return log;
  }

  /** Its name among the broker's instances (the {@link Destinations#NODE_PROPERTY}). */
  public String node() {
    return node;
  }

  /** The JVM's process id (benchmarks read its memory and CPU time). */
  public synchronized long pid() {
    return process.pid();
  }

  public synchronized void start() throws IOException {
    // Restarted, the runtime directory still holds the deployed copies of the last run: Payara
    // Micro would deploy them at boot and then the --deploy archives again, redeploying the
    // application after it first answered ready. Its other contents (the transaction log) stay.
    deleteRecursively(root.resolve("applications"));
    process = builder.start();
  }

  /**
   * Waits until the application's HTTP API answers and then its own checks (database, broker)
   * report UP. An instance whose application failed to deploy answers UP with no checks; and asked
   * before the application is deployed, the checks fail to find its resources (and log it).
   */
  public void awaitReady(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    var request =
        HttpRequest.newBuilder(baseUri().resolve("/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    var api =
        HttpRequest.newBuilder(baseUri().resolve("/api/conversations"))
            .timeout(Duration.ofSeconds(5))
            .build();
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; " + logTail());
      }
      try {
        int status = HTTP.send(api, HttpResponse.BodyHandlers.discarding()).statusCode();
        last = "API answered " + status;
        if (status == 401) {
          var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
          last = response.statusCode() + " " + response.body();
          if (isReady(response.statusCode(), response.body())) {
            return;
          }
        }
      } catch (IOException e) {
        last = e.toString(); // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        name + " not ready after " + timeout + " (last: " + last + "); " + logTail());
  }

  /** The end of the instance's log, where a failed start says why. */
  private String logTail() {
    try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
      var all = lines.toList();
      return "the last lines of "
          + log
          + ":\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "see " + log;
    }
  }

  static boolean isReady(int status, String body) {
    return status == 200
        && body.contains("\"database\"")
        && body.contains("\"broker\"")
        && !body.contains("\"DOWN\"");
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s). */
  public synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    process = null;
  }

  /** Kills the process at once (SIGKILL), as a crash would: no shutdown of any kind. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
