package dev.switchboard.health;

import dev.switchboard.notifications.boundary.MailStatus;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Ready means the database and the broker answer. Their names are what the launcher, the tests and
 * the containers look for: an instance whose application failed to deploy reports no checks. The
 * resources are the EJB module's: in an EAR, the health checks are built before a web module could
 * look them up.
 */
@ApplicationScoped
public class ReadinessChecks {

  public static final String DATABASE = "database";
  public static final String BROKER = "broker";
  public static final String MAIL = "mail";

  @Inject MailStatus mail;

  @Inject DatabaseProbe database;

  @Inject Broker broker;

  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck database() {
    return () -> {
      try {
        return HealthCheckResponse.named(DATABASE).status(database.answers()).build();
      } catch (Exception e) {
        return HealthCheckResponse.named(DATABASE).down().withData("error", e.toString()).build();
      }
    };
  }

  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck broker() {
    return () -> {
      try {
        broker.ping();
        return HealthCheckResponse.named(BROKER).up().build();
      } catch (Exception e) {
        return HealthCheckResponse.named(BROKER).down().withData("error", e.toString()).build();
      }
    };
  }

  /**
   * Mail never makes an instance unready (its jobs wait in the broker), but what went to the
   * dead-letter queue shows here and in the metrics.
   */
  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck mail() {
    return () -> {
      var response = HealthCheckResponse.named(MAIL).up().withData("to", mail.destination());
      try {
        return response.withData("deadLetters", mail.deadLetters()).build();
      } catch (RuntimeException e) {
        return response.withData("deadLetters", "unknown: " + e).build();
      }
    };
  }
}
