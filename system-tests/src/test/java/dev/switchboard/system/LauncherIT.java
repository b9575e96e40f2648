package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.Ports;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a new user types it: {@code java -jar
 * launcher/target/switchboard.jar} with nothing configured (embedded PostgreSQL and Artemis). It
 * prints what a person needs and no server log, keeps the instance's whole log in a file of plain
 * lines under the data directory, starts no data grid, takes the first sign-in and stops everything
 * on SIGTERM.
 */
class LauncherIT {

  private static final Path JAR = Path.of("..", "launcher", "target", "switchboard.jar");

  @Test
  void startsQuietlyAndKeepsTheServerLogInTheDataDirectory() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "launcher-data").toAbsolutePath();
    int port = Ports.free();
    var builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toAbsolutePath().normalize().toString())
            .redirectErrorStream(true);
    var env = builder.environment();
    // Only what a new user has: the configured database and broker of a CI machine are not used.
    env.keySet().removeIf(key -> key.startsWith("SWITCHBOARD_"));
    env.put("SWITCHBOARD_DATA_DIR", data.toString());
    env.put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
    Process launcher = builder.start();
    List<String> printed = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  printed.add(line);
                }
              } catch (java.io.IOException closed) {
                // the process ended
              }
            });
    reader.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
      while (!printed.contains("Press Ctrl+C to stop.")) {
        assertTrue(launcher.isAlive(), "the launcher exited:\n" + String.join("\n", printed));
        assertTrue(
            Instant.now().isBefore(deadline),
            "not ready in 3 minutes:\n" + String.join("\n", printed));
        Thread.sleep(200);
      }
      String output = String.join("\n", printed);
      assertTrue(printed.size() <= 20, "a few lines, not the server log:\n" + output);
      assertTrue(output.contains("Switchboard is ready after"), output);
      assertTrue(output.contains("http://localhost:" + port + "/console/"), output);
      assertTrue(output.contains("first sign-in: admin / admin"), output);
      assertFalse(output.contains("WARNING") || output.contains("SLF4J"), output);

      Path log = data.resolve("run").resolve("instance-1.log");
      String serverLog = Files.readString(log);
      assertTrue(output.contains(log.toString()), "the log's place is printed:\n" + output);
      assertTrue(serverLog.contains("ready in"), "the whole server log is in " + log);
      assertFalse(serverLog.contains("\u001b["), "plain lines, no colour codes");
      assertFalse(serverLog.contains("com.hazelcast"), "no data grid is started");
      assertTrue(
          Files.readString(data.resolve("run").resolve("launcher.log")).contains("artemis"),
          "the embedded broker's own log");

      var http = HttpClient.newHttpClient();
      var signIn =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/agents/login"))
                  .header("content-type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"admin\",\"password\":\"admin\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, signIn.statusCode(), signIn.body());
    } finally {
      launcher.destroy(); // SIGTERM: the launcher stops the instance, the broker and the database
      boolean stopped = launcher.waitFor(90, TimeUnit.SECONDS);
      if (!stopped) {
        launcher.destroyForcibly();
      }
      reader.join(10_000);
      assertTrue(stopped, "stopped within 90 s of SIGTERM");
    }
  }
}
