package dev.switchboard.launcher;

import dev.switchboard.jms.Destinations;
import dev.switchboard.jms.broker.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A database, a broker and N Payara Micro instances sharing them. What is configured through {@code
 * SWITCHBOARD_*} variables is used as it is; what is not is started here.
 */
public final class Cluster implements AutoCloseable {

  /**
   * How to start: instance count, first HTTP port (0: any free ones), where to keep data, extra
   * variables. {@code isolated} (tests): a fresh database on a configured server, dropped at the
   * end, and the embedded broker on any free port rather than 61616. {@code progress} hears a line
   * for each part started (the instances' own logs go to files in {@code workDir}).
   */
  public record Options(
      int instances,
      int firstPort,
      Path workDir,
      Path dataDir,
      boolean isolated,
      Consumer<String> progress,
      Map<String, String> environment) {}

  /** For callers that print nothing while starting. */
  public static final Consumer<String> SILENT = line -> {};

  private final LocalDatabase database;
  private final String brokerHost;
  private final int brokerPort;
  private final Path brokerData;
  private final EmbeddedBroker.MailRetry mailRetry;
  private final EmbeddedBroker.Credentials brokerCredentials;
  private EmbeddedBroker broker;
  private final List<PayaraInstance> instances = new ArrayList<>();
  private Distribution distribution;
  private Options options;
  private Map<String, String> environment;

  private Cluster(
      LocalDatabase database,
      EmbeddedBroker broker,
      String brokerHost,
      int brokerPort,
      Path brokerData,
      EmbeddedBroker.MailRetry mailRetry,
      EmbeddedBroker.Credentials brokerCredentials) {
    this.database = database;
    this.mailRetry = mailRetry;
    this.brokerCredentials = brokerCredentials;
    this.broker = broker;
    this.brokerHost = brokerHost;
    this.brokerPort = brokerPort;
    this.brokerData = brokerData;
  }

  public static Cluster start(Distribution distribution, Options options) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(options.environment());
    Files.createDirectories(options.workDir());

    LocalDatabase database;
    String dbUrl = env.get("SWITCHBOARD_DB_URL");
    var progress = options.progress();
    if (dbUrl == null || dbUrl.isBlank()) {
      Path pgData = options.dataDir() == null ? null : options.dataDir().resolve("postgres");
      database = LocalDatabase.embedded(pgData);
      progress.accept(
          "database: embedded PostgreSQL at "
              + database.url()
              + (pgData == null ? "" : ", data in " + pgData));
    } else if (options.isolated()) {
      database =
          LocalDatabase.scratch(
              dbUrl,
              env.getOrDefault("SWITCHBOARD_DB_USER", "postgres"),
              env.getOrDefault("SWITCHBOARD_DB_PASSWORD", ""));
      progress.accept("database: " + database.url() + " (a scratch database)");
    } else {
      database =
          LocalDatabase.existing(
              dbUrl, env.get("SWITCHBOARD_DB_USER"), env.get("SWITCHBOARD_DB_PASSWORD"));
      progress.accept("database: " + database.url());
    }

    var mailRetry =
        new EmbeddedBroker.MailRetry(
            Integer.parseInt(
                env.getOrDefault(
                    "SWITCHBOARD_MAIL_ATTEMPTS",
                    Integer.toString(EmbeddedBroker.MailRetry.DEFAULTS.attempts()))),
            Duration.ofSeconds(
                Long.parseLong(
                    env.getOrDefault(
                        "SWITCHBOARD_MAIL_RETRY_SECONDS",
                        Long.toString(
                            EmbeddedBroker.MailRetry.DEFAULTS.firstDelay().toSeconds())))));
    // Resource definitions resolve these at deployment: an unset key would stay a literal.
    env.putIfAbsent("SWITCHBOARD_BROKER_USER", "switchboard");
    env.putIfAbsent("SWITCHBOARD_BROKER_PASSWORD", "switchboard");
    var brokerCredentials =
        new EmbeddedBroker.Credentials(
            env.get("SWITCHBOARD_BROKER_USER"), env.get("SWITCHBOARD_BROKER_PASSWORD"));
    EmbeddedBroker broker = null;
    Path brokerData = null;
    int brokerPort = -1;
    String brokerConnection = env.get("SWITCHBOARD_BROKER_CONNECTION");
    if (brokerConnection == null || brokerConnection.isBlank()) {
      brokerPort = Ports.freeOr(options.isolated() ? 0 : Destinations.DEFAULT_PORT);
      brokerData =
          (options.dataDir() == null ? options.workDir() : options.dataDir()).resolve("artemis");
      if (options.isolated()) {
        // A fresh database gets a fresh broker: old mail jobs would name conversations it lacks.
        PayaraInstance.deleteRecursively(brokerData);
      }
      broker =
          EmbeddedBroker.start("127.0.0.1", brokerPort, brokerData, mailRetry, brokerCredentials);
      env.put("SWITCHBOARD_BROKER_CONNECTION", "host=127.0.0.1;port=" + brokerPort);
      progress.accept(
          "broker: embedded Artemis at 127.0.0.1:" + brokerPort + ", data in " + brokerData);
    } else {
      progress.accept("broker: " + brokerConnection);
    }

    if (isBlank(env.get(WebPushKeys.PUBLIC)) || isBlank(env.get(WebPushKeys.PRIVATE))) {
      Path keyFile =
          (options.dataDir() == null ? options.workDir() : options.dataDir())
              .resolve("vapid.properties");
      var keys = WebPushKeys.loadOrCreate(keyFile);
      env.put(WebPushKeys.PUBLIC, keys.publicKey());
      env.put(WebPushKeys.PRIVATE, keys.privateKey());
      progress.accept(
          keys.created()
              ? "web push: new keys in "
                  + keyFile
                  + " ("
                  + WebPushKeys.PUBLIC
                  + "="
                  + keys.publicKey()
                  + "; a deployment sets both keys of that file)"
              : "web push: keys from " + keyFile);
    }

    var cluster =
        new Cluster(
            database, broker, "127.0.0.1", brokerPort, brokerData, mailRetry, brokerCredentials);
    env.put("SWITCHBOARD_DB_URL", database.url());
    if (database.user() != null) {
      env.put("SWITCHBOARD_DB_USER", database.user());
    }
    env.put("SWITCHBOARD_DB_PASSWORD", database.password());
    cluster.distribution = distribution;
    cluster.options = options;
    cluster.environment = env;
    try {
      for (int i = 0; i < options.instances(); i++) {
        int port = options.firstPort() == 0 ? Ports.free() : options.firstPort() + i;
        cluster.instances.add(
            new PayaraInstance("instance-" + (i + 1), port, distribution, options.workDir(), env));
      }
      cluster.startInstances(cluster.instances, Duration.ofMinutes(3));
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts the instances together and waits until each reports ready. */
  public void startInstances(List<PayaraInstance> which, Duration timeout) throws Exception {
    if (which.isEmpty()) {
      return; // only the database and the broker (for a Payara Server cluster)
    }
    for (PayaraInstance instance : which) {
      instance.start();
      options.progress().accept(instance.name() + ": starting, log in " + instance.log());
    }
    var executor = Executors.newFixedThreadPool(which.size());
    try {
      var waits = new ArrayList<Future<?>>();
      for (PayaraInstance instance : which) {
        waits.add(
            executor.submit(
                (Callable<Void>)
                    () -> {
                      instance.awaitReady(timeout);
                      return null;
                    }));
      }
      for (Future<?> wait : waits) {
        wait.get();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Starts one more instance on the same database and broker, with these variables on top (tests
   * that need an instance configured differently, or one they may kill).
   */
  public PayaraInstance addInstance(Map<String, String> variables) throws Exception {
    return addInstances(1, variables).get(0);
  }

  /** Starts {@code count} more instances at once, as {@link #addInstance} does one. */
  public List<PayaraInstance> addInstances(int count, Map<String, String> variables)
      throws Exception {
    var env = new HashMap<>(environment);
    env.putAll(variables);
    var added = new ArrayList<PayaraInstance>();
    for (int i = 0; i < count; i++) {
      var instance =
          new PayaraInstance(
              "instance-" + (instances.size() + 1),
              Ports.free(),
              distribution,
              options.workDir(),
              env);
      instances.add(instance);
      added.add(instance);
    }
    startInstances(added, Duration.ofMinutes(3));
    return added;
  }

  /** Stops everything when the JVM exits (Ctrl+C, end of a test run). */
  public Cluster closeOnExit() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    close();
                  } catch (Exception e) {
                    System.err.println("cluster shutdown: " + e);
                  }
                }));
    return this;
  }

  public List<PayaraInstance> instances() {
    return instances;
  }

  public PayaraInstance instance(int index) {
    return instances.get(index);
  }

  public String databaseUrl() {
    return database.url();
  }

  /** The Artemis connector parameters the instances use ({@code SWITCHBOARD_BROKER_CONNECTION}). */
  public String brokerConnection() {
    return environment.get("SWITCHBOARD_BROKER_CONNECTION");
  }

  public String databaseUser() {
    return database.user();
  }

  public String databasePassword() {
    return database.password();
  }

  /** Stops the embedded broker (tests of a broker outage). */
  public void stopBroker() throws Exception {
    if (broker == null) {
      throw new IllegalStateException("the broker is not embedded");
    }
    broker.close();
    broker = null;
  }

  /** Starts the embedded broker again on the same port. */
  public void startBroker() throws Exception {
    broker = EmbeddedBroker.start(brokerHost, brokerPort, brokerData, mailRetry, brokerCredentials);
  }

  @Override
  public void close() throws Exception {
    for (PayaraInstance instance : instances) {
      instance.stop();
    }
    if (broker != null) {
      broker.close();
    }
    database.close();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
