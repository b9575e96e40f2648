package dev.switchboard.presence.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BooleanSupplier;

/**
 * Whether some agent is online, asked once per visitor message (for the mail delay): a database
 * query each time cost more than the answer is worth, so it is reused for a second.
 */
@ApplicationScoped
public class OnlineCache {

  private static final long TTL_NANOS = 1_000_000_000L;

  private volatile boolean online;
  private volatile long checkedAt = System.nanoTime() - TTL_NANOS;

  public boolean anyAgentOnline(BooleanSupplier query) {
    long now = System.nanoTime();
    if (now - checkedAt >= TTL_NANOS) {
      online = query.getAsBoolean();
      checkedAt = now;
    }
    return online;
  }
}
