package dev.switchboard.health;

import dev.switchboard.jms.Destinations;
import dev.switchboard.platform.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Ready means the database and the broker answer. Their names are what the launcher, the tests and
 * the containers look for: an instance whose application failed to deploy reports no checks.
 */
@ApplicationScoped
public class ReadinessChecks {

  public static final String DATABASE = "database";
  public static final String BROKER = "broker";

  @Resource(lookup = Database.JNDI_NAME)
  DataSource dataSource;

  @Resource(lookup = Destinations.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck database() {
    return () -> {
      try (Connection c = dataSource.getConnection()) {
        return HealthCheckResponse.named(DATABASE).status(c.isValid(2)).build();
      } catch (Exception e) {
        return HealthCheckResponse.named(DATABASE).down().withData("error", e.toString()).build();
      }
    };
  }

  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck broker() {
    return () -> {
      try (JMSContext context = connectionFactory.createContext()) {
        context.createTopic(Destinations.CHAT_EVENTS);
        return HealthCheckResponse.named(BROKER).up().build();
      } catch (Exception e) {
        return HealthCheckResponse.named(BROKER).down().withData("error", e.toString()).build();
      }
    };
  }
}
