package dev.switchboard.health;

import dev.switchboard.notifications.boundary.MailStatus;
import dev.switchboard.platform.Broker;
import dev.switchboard.platform.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Ready means the database and the broker answer. Their names are what the launcher, the tests and
 * the containers look for: an instance whose application failed to deploy reports no checks. The
 * resources are the EJB module's: in an EAR, the health checks are built before a web module could
 * look them up. Anyone may ask, so the answers name no host and carry no exception: why a check is
 * down goes to the log, once per outage.
 */
@ApplicationScoped
public class ReadinessChecks {

  public static final String DATABASE = "database";
  public static final String BROKER = "broker";
  public static final String MAIL = "mail";

  private static final Logger LOG = Logger.getLogger(ReadinessChecks.class.getName());

  @Inject MailStatus mail;

  @Inject DatabaseProbe database;

  @Inject Broker broker;

  private final Map<String, Boolean> down = new ConcurrentHashMap<>();

  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck database() {
    return () -> check(DATABASE, database::answers);
  }

  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck broker() {
    return () ->
        check(
            BROKER,
            () -> {
              broker.ping();
              return true;
            });
  }

  private HealthCheckResponse check(String name, Callable<Boolean> probe) {
    Exception failure = null;
    boolean up;
    try {
      up = probe.call();
    } catch (Exception e) {
      up = false;
      failure = e;
    }
    if (!up && down.put(name, true) == null) {
      LOG.log(
          Level.WARNING,
          "readiness: {0} is down: {1}",
          new Object[] {name, failure == null ? "no answer" : failure.toString()});
    } else if (up && down.remove(name) != null) {
      LOG.log(Level.INFO, "readiness: {0} is up again", name);
    }
    return HealthCheckResponse.named(name).status(up).build();
  }

  /**
   * Mail never makes an instance unready (its jobs wait in the broker), but what went to the
   * dead-letter queue shows here and in the metrics.
   */
  @Produces
  @org.eclipse.microprofile.health.Readiness
  HealthCheck mail() {
    return () -> {
      var response = HealthCheckResponse.named(MAIL).up().withData("smtp", mail.smtpConfigured());
      try {
        return response.withData("deadLetters", mail.deadLetters()).build();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "dead letters not counted: {0}", e.toString());
        return response.withData("deadLetters", "unknown").build();
      }
    };
  }
}
