package dev.switchboard.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The database an instance uses: an embedded PostgreSQL, or a fresh database on a configured server
 * (tests), or the configured one as it is (a real run).
 */
public final class LocalDatabase implements AutoCloseable {

  private final EmbeddedPostgres embedded;
  private final String url;
  private final String user;
  private final String password;
  private final Runnable cleanup;

  private LocalDatabase(
      EmbeddedPostgres embedded, String url, String user, String password, Runnable cleanup) {
    this.embedded = embedded;
    this.url = url;
    this.user = user;
    this.password = password;
    this.cleanup = cleanup;
  }

  /** An embedded PostgreSQL keeping its data in {@code dataDir} (null: a throw-away one). */
  public static LocalDatabase embedded(Path dataDir) throws IOException {
    var builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300");
    if (dataDir != null) {
      builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
    }
    EmbeddedPostgres pg = builder.start();
    String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    return new LocalDatabase(pg, url, "postgres", "postgres", () -> {});
  }

  /** The configured server as it is. */
  public static LocalDatabase existing(String url, String user, String password) {
    return new LocalDatabase(null, url, user, password, () -> {});
  }

  /** A new, empty database on the configured server, dropped on close: tests stay apart. */
  public static LocalDatabase scratch(String serverUrl, String user, String password)
      throws SQLException {
    String name =
        "switchboard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (var c = DriverManager.getConnection(serverUrl, user, password);
        var s = c.createStatement()) {
      s.execute("create database " + name);
    }
    int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = serverUrl.indexOf('?', Math.max(slash, 0));
    String url =
        serverUrl.substring(0, slash + 1) + name + (query > 0 ? serverUrl.substring(query) : "");
    return new LocalDatabase(
        null,
        url,
        user,
        password,
        () -> {
          try (var c = DriverManager.getConnection(serverUrl, user, password);
              var s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
          } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e);
          }
        });
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password == null ? "" : password;
  }

  @Override
  public void close() throws IOException {
    cleanup.run();
    if (embedded != null) {
      embedded.close();
    }
  }
}
