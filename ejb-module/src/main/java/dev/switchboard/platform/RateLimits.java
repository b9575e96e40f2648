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
 * and fixed window (at worst twice the limit across a window's boundary; simple and one statement a
 * hit). A subject of null (an exempt address) is never limited.
 */
@Stateless
public class RateLimits {

  @PersistenceContext EntityManager em;

  /** {@code rate_limited}, with when to try again, if the subject is at its limit. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public void requireUnder(RateLimit limit, String subject) {
    if (subject == null) {
      return;
    }
    Number hits =
        (Number)
            em.createNativeQuery(
                    "select coalesce(sum(hits), 0) from rate_limit where key = ?1"
                        + " and window_start = "
                        + WINDOW_START)
                .setParameter(1, key(limit, subject))
                .setParameter(2, limit.window.toSeconds())
                .setParameter(3, limit.window.toSeconds())
                .getSingleResult();
    if (hits.longValue() >= limitOf(limit)) {
      throw refusal(limit);
    }
  }

  /**
   * Counts a hit, in a transaction of its own (a failed sign-in's stays counted although the
   * sign-in's rolls back); {@code rate_limited} when it goes past the limit.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void hit(RateLimit limit, String subject) {
    if (subject == null) {
      return;
    }
    Number hits =
        (Number)
            em.createNativeQuery(
                    "insert into rate_limit (key, window_start, hits) values (?1, "
                        + WINDOW_START
                        + ", 1) on conflict (key, window_start)"
                        + " do update set hits = rate_limit.hits + 1 returning hits")
                .setParameter(1, key(limit, subject))
                .setParameter(2, limit.window.toSeconds())
                .setParameter(3, limit.window.toSeconds())
                .getSingleResult();
    if (hits.longValue() > limitOf(limit)) {
      throw refusal(limit);
    }
  }

  /** Removes windows that ended before {@code age} ago; how many. */
  public int purgeOlderThan(Duration age) {
    return em.createNativeQuery(
            "delete from rate_limit where window_start < now() - ?1 * interval '1 second'")
        .setParameter(1, age.toSeconds())
        .executeUpdate();
  }

  // The start of the current window of ?2 (= ?3) seconds.
  private static final String WINDOW_START =
      "to_timestamp(floor(extract(epoch from now()) / ?2) * ?3)";

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
        "too many attempts; try again in " + Duration.ofSeconds(left).toMinutes() + " min or so",
        Duration.ofSeconds(left));
  }
}
