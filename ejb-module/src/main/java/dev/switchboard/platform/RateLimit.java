package dev.switchboard.platform;

import java.time.Duration;

/**
 * The limits the cluster counts together ({@link RateLimits}), each with its setting, default and
 * window. Defaults are generous enough for a whole office behind one address.
 */
public enum RateLimit {
  /**
   * Failed sign-ins (and password changes) of one account: then they wait, right password or not.
   * Above the limit per address, so that one stranger cannot lock anybody out.
   */
  SIGN_IN_FAILURES_PER_USER(Config.SIGN_IN_FAILURES_PER_USER, 50, Duration.ofMinutes(15)),
  /** Failed sign-ins from one address, whatever the usernames. */
  SIGN_IN_FAILURES_PER_ADDRESS(Config.SIGN_IN_FAILURES_PER_ADDRESS, 30, Duration.ofMinutes(15)),
  /** Company sign-ins started from one address (each keeps a row for 10 minutes). */
  COMPANY_SIGN_INS_PER_ADDRESS(Config.COMPANY_SIGN_INS_PER_ADDRESS, 300, Duration.ofMinutes(15)),
  /** Visitors created from one address. */
  VISITORS_PER_ADDRESS(Config.VISITORS_PER_ADDRESS, 1000, Duration.ofHours(1));

  final String setting;
  final int defaultLimit;
  final Duration window;

  RateLimit(String setting, int defaultLimit, Duration window) {
    this.setting = setting;
    this.defaultLimit = defaultLimit;
    this.window = window;
  }
}
