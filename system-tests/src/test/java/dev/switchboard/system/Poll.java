package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * How the system tests wait: each wait polls with a deadline, for something to happen ({@link
 * #until}, {@link #await}) or for something to stay as it is ({@link #stays}: a check that nothing
 * more comes fails at the first change rather than after the whole time). The one place that sleeps
 * between looks.
 */
final class Poll {

  static final Duration EVERY = Duration.ofMillis(100);

  /** A value read from outside (a mailbox, the database, an endpoint), which may fail. */
  @FunctionalInterface
  interface Look<T> {
    T get() throws Exception;
  }

  private Poll() {}

  /**
   * Looks until {@code done} accepts what it sees or {@code within} has passed; returns the last
   * value seen, which the caller checks (it may be one {@code done} did not accept).
   */
  static <T> T until(Duration within, Look<T> look, Predicate<? super T> done) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    T seen = look.get();
    while (!done.test(seen) && System.nanoTime() < deadline) {
      Thread.sleep(EVERY.toMillis());
      seen = look.get();
    }
    return seen;
  }

  /** Looks until {@code done} holds; fails naming {@code what} if it does not within the time. */
  static void await(String what, Duration within, Look<Boolean> done) throws Exception {
    if (!until(within, done, Boolean.TRUE::equals)) {
      throw new AssertionError("not within " + within + ": " + what);
    }
  }

  /**
   * Checks that what {@code look} sees is {@code expected} now and stays so for {@code during};
   * fails naming {@code what} at the first look that differs.
   */
  static <T> void stays(String what, Duration during, Look<T> look, T expected) throws Exception {
    long end = System.nanoTime() + during.toNanos();
    while (true) {
      assertEquals(expected, look.get(), what);
      if (System.nanoTime() >= end) {
        return;
      }
      Thread.sleep(EVERY.toMillis());
    }
  }
}
