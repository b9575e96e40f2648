package dev.switchboard.conversations.boundary;

import dev.switchboard.platform.Config;
import dev.switchboard.platform.Sweep;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every instance looks every few minutes whether tonight's removal of old conversations is due and
 * not yet taken ({@link Retention#claimTonight}); the one that takes it removes them batch by batch
 * and records it in the audit log. Off unless {@code SWITCHBOARD_RETENTION_DAYS} is set.
 */
@Startup
@Singleton
public class RetentionSweep extends Sweep {

  @EJB Retention retention;

  @Inject
  @ConfigProperty(name = Config.RETENTION_DAYS, defaultValue = "0")
  int days;

  /** The hour (UTC) from which a day's run may start: a quiet one. */
  @Inject
  @ConfigProperty(name = Config.RETENTION_HOUR, defaultValue = "3")
  int hourUtc;

  @Inject
  @ConfigProperty(name = Config.RETENTION_SWEEP_SECONDS, defaultValue = "600")
  long sweepSeconds;

  @Override
  protected long intervalSeconds() {
    return sweepSeconds;
  }

  @Override
  protected String sweep() {
    if (days <= 0 || !retention.claimTonight(hourUtc)) {
      return null;
    }
    int removed = 0;
    for (int batch = retention.removeBatch(days); ; batch = retention.removeBatch(days)) {
      removed += batch;
      if (batch < Retention.BATCH) {
        break;
      }
    }
    retention.audited(days, removed);
    return "retention: removed "
        + removed
        + " conversation(s) resolved more than "
        + days
        + " days ago";
  }
}
