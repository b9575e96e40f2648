package dev.switchboard.platform;

import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.time.Duration;

/** Removes the counts of rate-limit windows that started a day ago or earlier. */
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
