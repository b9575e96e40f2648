package dev.switchboard.limits;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrameLimitsTest {

  @Test
  void aSocketSendsItsShareAMinuteAndThenWaits() {
    var limits = new FrameLimits();
    limits.profile = 3;
    var counts = new FrameLimits.Counts();
    long start = 1_000_000_000L;
    for (int i = 0; i < 3; i++) {
      assertDoesNotThrow(() -> limits.require(() -> counts, "profile", start));
    }
    var refused =
        assertThrows(
            ChatException.class,
            () ->
                limits.require(() -> counts, "profile", start + Duration.ofSeconds(20).toNanos()));
    assertEquals(ErrorCode.RATE_LIMITED, refused.code());
    assertEquals(40, refused.retryAfterSeconds());
    assertDoesNotThrow(
        () -> limits.require(() -> counts, "profile", start + Duration.ofSeconds(61).toNanos()));
  }

  @Test
  void otherFramesAreNotCountedHere() {
    var limits = new FrameLimits();
    FrameLimits.Counts none = null;
    for (int i = 0; i < 1000; i++) {
      limits.require(() -> none, "send", i);
    }
  }
}
