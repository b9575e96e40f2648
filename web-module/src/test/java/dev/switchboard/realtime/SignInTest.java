package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The auth deadline: 5 s, stretched in steps of 5 s up to 30 s only while an instance is stormed.
 */
class SignInTest {

  @Test
  void aSocketWithoutAuthIsClosedAfterFiveSecondsOnAnInstanceNotStormed() {
    assertFalse(SignIn.waitLonger(0, Duration.ofSeconds(5)));
    assertFalse(SignIn.waitLonger(SignIn.STORM_AWAITING, Duration.ofSeconds(5)));
  }

  @Test
  void inAStormTheDeadlineStretchesUpToThirtySecondsInAll() {
    int storm = SignIn.STORM_AWAITING + 1;
    assertTrue(SignIn.waitLonger(storm, Duration.ofSeconds(5)));
    assertTrue(SignIn.waitLonger(storm, Duration.ofSeconds(25)), "the last step ends at 30 s");
    assertFalse(SignIn.waitLonger(storm, Duration.ofMillis(25_001)), "none past 30 s");
    assertFalse(SignIn.waitLonger(storm, Duration.ofSeconds(30)));
  }
}
