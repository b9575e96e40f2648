package dev.switchboard.platform;

import dev.switchboard.search.control.SearchIndex;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * The application's data source, migrated with Flyway before anything else touches it (several
 * instances may start at once: Flyway's lock serialises them). Timeouts are short on purpose: with
 * the database down a request must fail within seconds with {@code unavailable}.
 */
@DataSourceDefinition(
    name = Database.JNDI_NAME,
    className = "org.postgresql.ds.PGSimpleDataSource",
    url = "${MPCONFIG=SWITCHBOARD_DB_URL}",
    user = "${MPCONFIG=SWITCHBOARD_DB_USER}",
    password = "${MPCONFIG=SWITCHBOARD_DB_PASSWORD}",
    minPoolSize = 2,
    maxPoolSize = 32,
    loginTimeout = 3,
    properties = {
      "connectTimeout=3",
      "socketTimeout=10",
      "tcpKeepAlive=true",
      "ApplicationName=switchboard",
      // A batch of sends' messages goes as one multi-row insert.
      "reWriteBatchedInserts=true",
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=meta-data",
      "fish.payara.fail-all-connections=true",
      "fish.payara.max-wait-time-in-millis=4000",
      "fish.payara.connection-creation-retry-attempts=0",
      // Every connection has the same user: matching a free one to the request only copies the
      // pool's property maps for each comparison (31 KB per sign-in in an allocation profile).
      "fish.payara.match-connections=false"
    })
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Database {
  public static final String JNDI_NAME = "java:app/jdbc/switchboard";

  @Resource(lookup = JNDI_NAME)
  DataSource dataSource;

  @Inject
  @ConfigProperty(name = Config.SEARCH_LANGUAGE, defaultValue = "simple")
  String searchLanguage;

  @PostConstruct
  void migrate() {
    Flyway.configure(Database.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .javaMigrations(new SearchIndex(searchLanguage))
        // A session-level lock: the default holds a transaction open through every migration,
        // where "create index concurrently" cannot run.
        .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
        .load()
        .migrate();
  }
}
