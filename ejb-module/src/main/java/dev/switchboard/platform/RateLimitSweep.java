package dev.switchboard.platform;

import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.time.Duration;

/** Removes the counters of rate-limit windows that ended a day ago or more. */
@Startup
@Singleton
public class RateLimitSweep extends Sweep {

  static final Duration KEPT = Duration.ofDays(1);

  @EJB RateLimits limits;

  @Override
  protected long intervalSeconds() {
    return Duration.ofHours(1).toSeconds();
  }

  @Override
  protected String sweep() {
    int removed = limits.purgeOlderThan(KEPT);
    return removed > 0 ? "removed " + removed + " old rate-limit counter(s)" : null;
  }
}
