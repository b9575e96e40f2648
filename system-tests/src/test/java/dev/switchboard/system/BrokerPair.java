package dev.switchboard.system;

import dev.switchboard.launcher.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * A replicated Artemis pair, each broker in its own JVM (so that killing one is a real kill -9),
 * run from the files operators use ({@code jms-config/broker/src/main/broker/broker-primary.xml}
 * and {@code broker-backup.xml}) by Artemis' own file configuration, on loopback ports.
 */
final class BrokerPair implements AutoCloseable {

  static final String USER = "switchboard-pair";
  static final String PASSWORD = "pair-secret";

  /** The role the files give the application's user (the Docker image's default). */
  static final String ROLE = "amq";

  final Broker primary;
  final Broker backup;

  BrokerPair(Path dir) {
    int primaryPort = Ports.free();
    int backupPort = Ports.free();
    var env =
        List.of(
            "ARTEMIS_PRIMARY_ADDRESS=127.0.0.1:" + primaryPort,
            "ARTEMIS_BACKUP_ADDRESS=127.0.0.1:" + backupPort,
            "ARTEMIS_CLUSTER_PASSWORD=replication-secret");
    primary = new Broker("primary", primaryPort, dir.resolve("primary"), env);
    backup = new Broker("backup", backupPort, dir.resolve("backup"), env);
  }

  /** {@code SWITCHBOARD_BROKER_CONNECTION} naming both. */
  String connection() {
    return "host=127.0.0.1;port=" + primary.port + ",host=127.0.0.1;port=" + backup.port;
  }

  @Override
  public void close() {
    primary.kill();
    backup.kill();
  }

  /** One broker's JVM; its output in {@code dir/broker.log}, its states as they change. */
  static final class Broker {
    final String role;
    final int port;
    final Path dir;
    final List<String> environment;
    private final List<String> states = new ArrayList<>();
    private Process process;

    Broker(String role, int port, Path dir, List<String> environment) {
      this.role = role;
      this.port = port;
      this.dir = dir;
      this.environment = environment;
    }

    synchronized void start() throws IOException {
      Files.createDirectories(dir);
      states.clear();
      var command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-Dartemis.instance=" + dir.toAbsolutePath(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  BrokerPair.class.getName(),
                  Path.of("../jms-config/broker/src/main/broker", "broker-" + role + ".xml")
                      .toAbsolutePath()
                      .normalize()
                      .toString()));
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      for (String variable : environment) {
        String[] pair = variable.split("=", 2);
        builder.environment().put(pair[0], pair[1]);
      }
      builder.environment().put("ARTEMIS_ACCEPTOR", "127.0.0.1:" + port);
      Process started = builder.start();
      process = started;
      Thread reader =
          new Thread(
              () -> {
                try (var in =
                        new BufferedReader(
                            new InputStreamReader(
                                started.getInputStream(), StandardCharsets.UTF_8));
                    var log =
                        Files.newBufferedWriter(
                            dir.resolve("broker.log"),
                            java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND)) {
                  for (String line; (line = in.readLine()) != null; ) {
                    log.write(line);
                    log.newLine();
                    log.flush();
                    if (line.startsWith(STATE)) {
                      synchronized (this) {
                        states.add(line.substring(STATE.length()));
                        notifyAll();
                      }
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "broker-" + role + "-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Forgets the states said so far: {@link #await} then waits for one said after this. */
    synchronized void forget() {
      states.clear();
    }

    /** Waits until the broker says it is in this state; fails with its log's end otherwise. */
    synchronized void await(String state, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!states.contains(state)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "the "
                  + role
                  + " broker never said '"
                  + state
                  + "' (it said "
                  + states
                  + "); "
                  + dir.resolve("broker.log"));
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }

    /** kill -9: no goodbye to clients or to the other broker. */
    synchronized void kill() {
      if (process != null) {
        process.destroyForcibly();
        try {
          process.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        process = null;
      }
    }
  }

  private static final String STATE = "broker state: ";

  /**
   * The broker's JVM: runs one file with the one user the tests use, and prints its state whenever
   * it changes: {@code active}, {@code active, replicated} (its backup is in sync), {@code backup}
   * (waiting, not in sync), {@code backup in sync}.
   */
  public static void main(String[] args) throws Exception {
    var broker = new EmbeddedActiveMQ();
    broker.setConfigResourcePath(Path.of(args[0]).toUri().toString());
    var users = new SecurityConfiguration();
    users.addUser(USER, PASSWORD);
    users.addRole(USER, ROLE);
    broker.setSecurityManager(
        new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
    broker.start();
    String said = null;
    while (true) {
      var server = broker.getActiveMQServer();
      String state =
          server.isActive()
              ? server.isReplicaSync() ? "active, replicated" : "active"
              : server.isReplicaSync() ? "backup in sync" : "backup";
      if (!state.equals(said)) {
        System.out.println(STATE + state);
        said = state;
      }
      Thread.sleep(50);
    }
  }
}
