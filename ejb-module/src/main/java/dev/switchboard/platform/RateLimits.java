package dev.switchboard.platform;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Counts {@link RateLimit}s in PostgreSQL, so every instance sees the same counts: one row per key
 * and fixed window, read as a sliding window (this window's count plus the last one's, weighted by
 * how much of it still lies within a window's length), so a window's turn neither resets nor
 * doubles a limit. Each call is one statement in a transaction of its own: callers are not in one
 * (a second connection per request would let a burst exhaust the pool). A subject of null (an
 * exempt address) is never limited.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RateLimits {

  @PersistenceContext EntityManager em;

  /**
   * Counts a hit; {@code rate_limited} (and the hit not counted) when it would pass the limit.
   * Taken before the work it limits, so a burst gets no more than the limit.
   */
  public void take(RateLimit limit, String subject) {
    if (subject == null) {
      return;
    }
    long window = limit.window.toSeconds();
    String key = key(limit, subject);
    Number estimate =
        (Number)
            em.createNativeQuery(
                    "with bump as (insert into rate_limit (key, window_start, hits)"
                        + " values (?1, to_timestamp(floor(extract(epoch from now()) / ?2) * ?3), 1)"
                        + " on conflict (key, window_start) do update"
                        + " set hits = rate_limit.hits + 1 returning hits, window_start)"
                        + " select bump.hits + coalesce((select p.hits from rate_limit p"
                        + " where p.key = ?4 and p.window_start = bump.window_start - ?5 * interval"
                        + " '1 second'), 0) * (1 - extract(epoch from now() - bump.window_start) / ?6)"
                        + " from bump")
                .setParameter(1, key)
                .setParameter(2, window)
                .setParameter(3, window)
                .setParameter(4, key)
                .setParameter(5, window)
                .setParameter(6, window)
                .getSingleResult();
    if (estimate.doubleValue() > limitOf(limit)) {
      throw refusal(limit); // rolls the hit back
    }
  }

  /** Takes back a hit of this window that turned out not to count (a sign-in that succeeded). */
  public void giveBack(RateLimit limit, String subject) {
    if (subject == null) {
      return;
    }
    em.createNativeQuery(
            "update rate_limit set hits = hits - 1 where key = ?1 and hits > 0"
                + " and window_start = to_timestamp(floor(extract(epoch from now()) / ?2) * ?3)")
        .setParameter(1, key(limit, subject))
        .setParameter(2, limit.window.toSeconds())
        .setParameter(3, limit.window.toSeconds())
        .executeUpdate();
  }

  /** Removes the counts of windows that started {@code age} ago or earlier; how many. */
  public int purgeOlderThan(Duration age) {
    return em.createNativeQuery(
            "delete from rate_limit where window_start < now() - ?1 * interval '1 second'")
        .setParameter(1, age.toSeconds())
        .executeUpdate();
  }

  private static String key(RateLimit limit, String subject) {
    String key = limit.name().toLowerCase(Locale.ROOT) + ":" + subject;
    return key.length() > 300 ? key.substring(0, 300) : key;
  }

  private static int limitOf(RateLimit limit) {
    return ConfigProvider.getConfig()
        .getOptionalValue(limit.setting, Integer.class)
        .orElse(limit.defaultLimit);
  }

  private static ChatException refusal(RateLimit limit) {
    long window = limit.window.toSeconds();
    long left = window - Instant.now().getEpochSecond() % window;
    return ChatException.rateLimited(
        "too many attempts; try again in " + Math.max(1, left / 60) + " min or so",
        Duration.ofSeconds(left));
  }
}
