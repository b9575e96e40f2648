package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tests' waits fail when they should, and as soon as they can. */
class PollTest {

  @Test
  void untilReturnsTheFirstValueDoneAccepts() throws Exception {
    var looks = new AtomicInteger();
    assertEquals(3, Poll.until(Duration.ofSeconds(5), looks::incrementAndGet, n -> n >= 3));
  }

  @Test
  void untilReturnsTheLastValueSeenWhenTheTimeRunsOut() throws Exception {
    assertEquals(0, Poll.until(Duration.ofMillis(300), () -> 0, n -> n > 0));
  }

  @Test
  void awaitFailsNamingWhatItWaitedFor() {
    var failure =
        assertThrows(
            AssertionError.class,
            () -> Poll.await("the moon", Duration.ofMillis(300), () -> false));
    assertTrue(failure.getMessage().contains("the moon"), failure.getMessage());
  }

  @Test
  void staysFailsAtTheFirstChangeRatherThanAtTheEnd() {
    var looks = new AtomicInteger();
    long start = System.nanoTime();
    var failure =
        assertThrows(
            AssertionError.class,
            () ->
                Poll.stays(
                    "one mail",
                    Duration.ofSeconds(30),
                    () -> looks.incrementAndGet() < 3 ? 1 : 2,
                    1));
    assertTrue(failure.getMessage().contains("one mail"), failure.getMessage());
    assertEquals(3, looks.get());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void staysLooksUntilTheEnd() throws Exception {
    var looks = new AtomicInteger();
    long start = System.nanoTime();
    Poll.stays("still", Duration.ofMillis(500), () -> looks.incrementAndGet() > 0, true);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(500)) >= 0);
    assertTrue(looks.get() >= 2, "looked again after the first");
  }
}
