package dev.switchboard.attachments.boundary;

import dev.switchboard.platform.Config;
import dev.switchboard.platform.Sweep;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Removes uploads that were never sent (a delete that finds nothing costs one indexed query). */
@Startup
@Singleton
public class OrphanSweep extends Sweep {

  @EJB Attachments attachments;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_ORPHAN_HOURS, defaultValue = "24")
  long orphanHours;

  @Inject
  @ConfigProperty(name = Config.ATTACHMENT_SWEEP_SECONDS, defaultValue = "3600")
  long sweepSeconds;

  @Override
  protected long intervalSeconds() {
    return sweepSeconds;
  }

  @Override
  protected String sweep() {
    int removed = attachments.removeOrphans(Duration.ofHours(orphanHours));
    return removed > 0 ? "removed " + removed + " attachment(s) never sent" : null;
  }
}
