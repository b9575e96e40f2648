package dev.switchboard.attachments.boundary;

import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes uploads that were never sent. Every instance sweeps (a delete that finds nothing costs
 * one indexed query), so no instance has to be the one that does. A managed scheduler, not the EJB
 * timer service: that needs a timer database, which Payara Server's clustered instances lack.
 */
@Startup
@Singleton
public class OrphanSweep {

  private static final Logger LOG = Logger.getLogger(OrphanSweep.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  @EJB Attachments attachments;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_ORPHAN_HOURS, defaultValue = "24")
  long orphanHours;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_SWEEP_SECONDS, defaultValue = "3600")
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
      int removed = attachments.removeOrphans(Duration.ofHours(orphanHours));
      if (removed > 0) {
        LOG.log(Level.INFO, "removed {0} attachment(s) never sent", removed);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not remove unsent attachments: {0}", e.toString());
    }
  }
}
