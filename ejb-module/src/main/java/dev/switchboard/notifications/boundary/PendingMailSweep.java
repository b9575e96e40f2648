package dev.switchboard.notifications.boundary;

import dev.switchboard.platform.Config;
import dev.switchboard.platform.Sweep;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queues again the mail jobs whose mark has stayed pending too long ({@link
 * Notifications#requeueStale}); the instances skip each other's rows.
 */
@Startup
@Singleton
public class PendingMailSweep extends Sweep {

  @EJB Notifications notifications;

  @Inject
  @ConfigProperty(name = Config.MAIL_SWEEP_SECONDS, defaultValue = "300")
  long sweepSeconds;

  @Override
  protected long intervalSeconds() {
    return sweepSeconds;
  }

  @Override
  protected String sweep() {
    int requeued = notifications.requeueStale();
    return requeued > 0
        ? "queued " + requeued + " mail job(s) again that were pending too long"
        : null;
  }
}
