package dev.switchboard.notifications.control;

import dev.switchboard.platform.AfterCommit;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The unread-mail marks this instance set and that surely still stand. A mark is cleared only by
 * its job, which the broker holds back for the mail delay after the commit that set it, so for half
 * that delay (the other half a margin for the broker's clock) a send of the same conversation need
 * not ask the database to mark it again: one round trip of the six a lone send makes, for every
 * message of a busy conversation after its first. Keys are (conversation id, kind).
 */
@ApplicationScoped
public class PendingMarks {

  /** Above this many entries, setting one first drops those that have lapsed. */
  static final int PURGE_ABOVE = 10_000;

  @Resource TransactionSynchronizationRegistry transactions;

  /** Until when (nano time) each mark surely stands. */
  private final ConcurrentHashMap<List<String>, Long> standing = new ConcurrentHashMap<>();

  public boolean stands(List<String> key) {
    Long until = standing.get(key);
    return until != null && System.nanoTime() - until < 0;
  }

  /**
   * Marks the caller's transaction set, whose jobs the broker holds back for {@code delay}; known
   * here once it has committed (a rolled-back mark never stood).
   */
  public void setAfterCommit(Collection<List<String>> keys, Duration delay) {
    if (keys.isEmpty() || delay.isZero()) {
      return;
    }
    AfterCommit.run(
        transactions,
        () -> {
          long now = System.nanoTime();
          if (standing.size() > PURGE_ABOVE) {
            standing.values().removeIf(until -> now - until >= 0);
          }
          long until = now + delay.toNanos() / 2;
          keys.forEach(key -> standing.put(key, until));
        });
  }
}
