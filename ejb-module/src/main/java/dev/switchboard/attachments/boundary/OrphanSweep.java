package dev.switchboard.attachments.boundary;

import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes uploads that were never sent. Every instance sweeps (a delete that finds nothing costs
 * one indexed query), so no instance has to be the one that does.
 */
@Startup
@Singleton
public class OrphanSweep {

  private static final Logger LOG = Logger.getLogger(OrphanSweep.class.getName());

  @Resource TimerService timers;

  @EJB Attachments attachments;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_ORPHAN_HOURS, defaultValue = "24")
  long orphanHours;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_SWEEP_SECONDS, defaultValue = "3600")
  long sweepSeconds;

  @PostConstruct
  void schedule() {
    long interval = Duration.ofSeconds(Math.max(1, sweepSeconds)).toMillis();
    timers.createIntervalTimer(interval, interval, new TimerConfig(null, false));
  }

  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void sweep() {
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
