package dev.switchboard.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * For the readiness check: whether a connection can be had and answers within 2 s. Not the {@link
 * Database} singleton: a probe that arrives while the application is still deploying would start
 * that singleton before its data source exists, and a singleton that fails to start stays failed.
 */
@ApplicationScoped
public class DatabaseProbe {

  @Resource(lookup = Database.JNDI_NAME)
  DataSource dataSource;

  public boolean answers() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    }
  }
}
