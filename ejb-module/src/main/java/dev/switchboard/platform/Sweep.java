package dev.switchboard.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work every instance repeats from start-up until it stops, for a {@code @Startup @Singleton}.
 * Every instance sweeps, so no instance has to be the one that does. On the managed scheduler, not
 * the EJB timer service: that needs a timer database, which Payara Server's clustered instances
 * lack. A round that fails is logged and the next one comes as planned.
 */
public abstract class Sweep {

  private static final Logger LOG = Logger.getLogger(Sweep.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> sweeping;

  /** Seconds between rounds (one at least). */
  protected abstract long intervalSeconds();

  /** One round; what it did, worth a line in the log, or null when it did nothing. */
  protected abstract String sweep();

  @PostConstruct
  void schedule() {
    long interval = Math.max(1, intervalSeconds());
    sweeping = scheduler.scheduleAtFixedRate(this::round, interval, interval, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (sweeping != null) {
      sweeping.cancel(false);
    }
  }

  private void round() {
    try {
      String done = sweep();
      if (done != null) {
        LOG.info(done);
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "{0} failed, tried again in {1} s: {2}",
          new Object[] {getClass().getSimpleName(), Math.max(1, intervalSeconds()), e.toString()});
    }
  }
}
