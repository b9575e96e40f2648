package dev.switchboard.participants.control;

import java.util.Locale;
import java.util.Set;

/**
 * Passwords nobody should keep: shorter than {@link #MIN_LENGTH}, or one that installers, examples
 * and attackers' first guesses share (this project's own examples included).
 */
public final class WeakPasswords {

  public static final int MIN_LENGTH = 10;

  static final Set<String> KNOWN =
      Set.of(
          "admin",
          "administrator",
          "password",
          "password1",
          "password123",
          "passw0rd",
          "changeme",
          "change-me",
          "change-me-admin",
          "changeit",
          "secret",
          "switchboard",
          "letmein",
          "welcome",
          "welcome1",
          "qwerty",
          "qwertyuiop",
          "123456",
          "12345678",
          "123456789",
          "1234567890",
          "0123456789",
          "iloveyou",
          "supervisor",
          "support",
          "agent");

  private WeakPasswords() {}

  /** Why the password is weak, or null when it is not. */
  public static String weakness(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      return "shorter than " + MIN_LENGTH + " characters";
    }
    if (KNOWN.contains(password.toLowerCase(Locale.ROOT))) {
      return "a well-known default";
    }
    return null;
  }
}
