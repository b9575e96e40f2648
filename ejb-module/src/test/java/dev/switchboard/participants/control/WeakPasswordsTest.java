package dev.switchboard.participants.control;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class WeakPasswordsTest {

  @Test
  void shortOrWellKnownPasswordsAreWeak() {
    assertNotNull(WeakPasswords.weakness("admin"));
    assertNotNull(WeakPasswords.weakness("nine-char"));
    assertNotNull(WeakPasswords.weakness("Change-Me-Admin"), "the example's, in any case");
    assertNotNull(WeakPasswords.weakness("1234567890"));
    assertNotNull(WeakPasswords.weakness(null));
  }

  @Test
  void othersAreNot() {
    assertNull(WeakPasswords.weakness("correct horse battery"));
    assertNull(WeakPasswords.weakness("a-long-password"));
  }
}
