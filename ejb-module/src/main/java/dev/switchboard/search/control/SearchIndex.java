package dev.switchboard.search.control;

import dev.switchboard.platform.Config;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The messages' full-text index, in the text search configuration {@link Config#SEARCH_LANGUAGE}
 * names. A repeatable migration whose checksum is the configuration's name: Flyway builds it again
 * when the key changes, and only then. Built {@code concurrently}, so a large table keeps taking
 * messages meanwhile (instances of the release before go on sending).
 */
public final class SearchIndex implements JavaMigration {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final String language;

  public SearchIndex(String language) {
    this.language = validLanguage(language);
  }

  /**
   * A configuration's name fit to write into SQL as a literal (queries must repeat the index's
   * expression as it is for PostgreSQL to use it, so it cannot be a parameter).
   */
  public static String validLanguage(String language) {
    if (language == null || !NAME.matcher(language).matches()) {
      throw new IllegalArgumentException(
          Config.SEARCH_LANGUAGE + " must name a text search configuration, e.g. simple, english");
    }
    return language;
  }

  /** The column's expression: the text's words in {@code language}. */
  public static String vector(String language, String text) {
    return "to_tsvector('" + language + "', " + text + ")";
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (var check =
        connection.prepareStatement("select 1 from pg_catalog.pg_ts_config where cfgname = ?")) {
      check.setString(1, language);
      if (!check.executeQuery().next()) {
        throw new FlywayException(
            Config.SEARCH_LANGUAGE
                + "="
                + language
                + " is not a text search configuration of this database (psql's \\dF lists them)");
      }
    }
    try (var statement = connection.createStatement()) {
      // An interrupted build leaves an invalid index behind: this goes first either way.
      statement.execute("drop index concurrently if exists message_search");
      statement.execute("alter table message drop column if exists search");
      // Rewrites the table (sends wait meanwhile): see the README on SWITCHBOARD_SEARCH_LANGUAGE.
      statement.execute(
          "alter table message add column search tsvector generated always as ("
              + vector(language, "text")
              + ") stored");
      // Not partial: ANALYZE gathers statistics on the column only then, and without them the
      // planner takes every word for equally rare.
      // Without GIN's pending list: with it, the send that finds the list full (4 MB) merges it
      // into the index itself, 350-700 ms in the bench at 1,000 msg/s, and every send behind it in
      // its writer's queue waits that long; written straight into the index each send costs a
      // little more and never that (V33 turns the list off where the index was built with it).
      statement.execute(
          "create index concurrently message_search on message using gin (search)"
              + " with (fastupdate = off)");
      statement.execute("analyze message");
    }
  }

  @Override
  public MigrationVersion getVersion() {
    return null; // repeatable
  }

  @Override
  public String getDescription() {
    return "message search index";
  }

  @Override
  public Integer getChecksum() {
    // The prefix changes with the index's definition, to build it again where an older one is.
    return ("message_search v3:" + language).hashCode();
  }

  @Override
  public boolean canExecuteInTransaction() {
    return false;
  }
}
