package dev.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.Ports;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that does not start fails at once, or at its deadline, saying why and where its log is.
 */
class ServersTest {

  @TempDir Path dir;

  @Test
  void aServerThatExitsAtOnceFailsAtOnceWithItsStatusAndLog() throws Exception {
    Path log = dir.resolve("peer-1.log");
    int port = Ports.free();
    Process process =
        new ProcessBuilder("sh", "-c", "echo 'Error: listen EADDRINUSE'; exit 3")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long started = System.nanoTime();

    var e =
        assertThrows(
            IllegalStateException.class,
            () -> Servers.awaitListening("peer-1", process, port, Duration.ofSeconds(60), log));

    assertEquals(
        "peer-1 exited with status 3 before it listened on port " + port + "; see " + log,
        e.getMessage());
    assertTrue(System.nanoTime() - started < 5_000_000_000L, "not at the 60 s deadline");
  }

  @Test
  void aServerThatNeverListensFailsAtItsDeadline() throws Exception {
    Path log = dir.resolve("peer-2.log");
    int port = Ports.free();
    Process process = new ProcessBuilder("sleep", "60").start();
    try {
      var e =
          assertThrows(
              IllegalStateException.class,
              () -> Servers.awaitListening("peer-2", process, port, Duration.ofSeconds(1), log));

      assertEquals(
          "peer-2 did not listen on port " + port + " within 1 s; see " + log, e.getMessage());
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void thePeerWithoutItsDatabaseDoesNotStartAndSaysWhy() throws Exception {
    String closed = "127.0.0.1:" + Ports.free();

    var e =
        assertThrows(
            Servers.NotStarted.class, () -> Servers.peer(dir, closed, "redis://127.0.0.1:6379"));

    assertTrue(
        e.getMessage()
            .startsWith(
                "peer (Node) did not start: org.postgresql.util.PSQLException: Connection to "
                    + closed
                    + " refused."),
        e.getMessage());
  }

  @Test
  void oursWithoutItsBuildDoesNotStartAndSaysWhy() {
    var e = assertThrows(Servers.NotStarted.class, () -> Servers.ours(dir, null, "512m", 2));

    assertEquals(
        "Switchboard did not start: "
            + dir.resolve("launcher/target/dist/payara-micro.jar")
            + " is missing: build first with ./mvnw -DskipTests package",
        e.getMessage());
  }
}
