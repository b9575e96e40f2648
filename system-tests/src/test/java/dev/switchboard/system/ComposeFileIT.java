package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker/ as customers run it, checked without a Docker engine: Debian's docker-compose resolves
 * the compose file with {@code .env.example} ({@code config} needs no daemon) and the result has
 * every service, restart policy, health check, open-file limit and data volume the deployment
 * relies on.
 */
class ComposeFileIT {

  private static final Path COMPOSE = Path.of("/usr/bin/docker-compose");

  @Test
  void theComposeFileResolvesWithTheExampleSettings() throws Exception {
    Debian.ensure(List.of(COMPOSE), "docker-compose");
    Path docker = Path.of("..", "docker").toAbsolutePath().normalize();
    Process process =
        new ProcessBuilder(
                COMPOSE.toString(),
                "-f",
                docker.resolve("docker-compose.yml").toString(),
                "--env-file",
                docker.resolve(".env.example").toString(),
                "config")
            .redirectErrorStream(true)
            .start();
    String config = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), config);

    List<String> lines = config.lines().toList();
    for (String service :
        List.of("postgres", "artemis-primary", "artemis-backup", "app1", "app2", "nginx")) {
      assertTrue(lines.contains("  " + service + ":"), "service " + service + "\n" + config);
    }
    assertEquals(6, count(lines, "    restart: unless-stopped"), "a restart policy each");
    assertEquals(
        2,
        count(lines, "    healthcheck:"),
        "database and primary broker (the app image has one; a waiting backup listens for nothing)");
    assertEquals(
        3,
        count(lines, "      nofile: 65536"),
        "room for many sockets (open files) in both instances and nginx");
    assertTrue(config.contains("- postgres-data:/var/lib/postgresql/data"), config);
    for (String role : List.of("primary", "backup")) {
      assertTrue(config.contains("- artemis-" + role + "-data:/var/lib/artemis-instance"), config);
      assertTrue(
          config.contains(
              "broker-" + role + ".xml:/var/lib/artemis-instance/etc-override/broker.xml"),
          config);
    }
    assertTrue(
        config.contains(
            "SWITCHBOARD_BROKER_CONNECTION: host=artemis-primary;port=61616,host=artemis-backup;port=61616"),
        "the instances name both brokers\n" + config);
  }

  private static long count(List<String> lines, String line) {
    return lines.stream().filter(line::equals).count();
  }
}
