package dev.switchboard.notifications.boundary;

import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queues again the mail jobs whose mark has stayed pending too long ({@link
 * Notifications#requeueStale}). Every instance sweeps; they skip each other's rows.
 */
@Startup
@Singleton
public class PendingMailSweep {

  private static final Logger LOG = Logger.getLogger(PendingMailSweep.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  @EJB Notifications notifications;

  @Inject
  @ConfigProperty(name = Config.MAIL_SWEEP_SECONDS, defaultValue = "300")
  long sweepSeconds;

  private ScheduledFuture<?> sweeping;

  @PostConstruct
  void schedule() {
    long interval = Math.max(1, sweepSeconds);
    sweeping = scheduler.scheduleAtFixedRate(this::sweep, interval, interval, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (sweeping != null) {
      sweeping.cancel(false);
    }
  }

  private void sweep() {
    try {
      int requeued = notifications.requeueStale();
      if (requeued > 0) {
        LOG.log(Level.INFO, "queued {0} mail job(s) again that were pending too long", requeued);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not look for mail jobs pending too long: {0}", e.toString());
    }
  }
}
