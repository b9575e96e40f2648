package dev.switchboard.participants.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code SWITCHBOARD_BOOTSTRAP_AGENTS}: {@code user:password[:role[:email]]},
 * comma-separated. The email (where the agent's mail notifications go) needs the role before it.
 */
public final class BootstrapAgents {

  public record Spec(String username, String password, String role, String email) {}

  private static final java.util.Set<String> ROLES = java.util.Set.of("agent", "supervisor");

  private BootstrapAgents() {}

  public static List<Spec> parse(String value) {
    var specs = new ArrayList<Spec>();
    if (value == null || value.isBlank()) {
      return specs;
    }
    for (String entry : value.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || colon == trimmed.length() - 1) {
        throw new IllegalArgumentException(
            "SWITCHBOARD_BOOTSTRAP_AGENTS entries look like user:password[:role[:email]]");
      }
      String username = trimmed.substring(0, colon);
      String password = trimmed.substring(colon + 1);
      String role = "agent";
      String email = null;
      // A password may contain colons: only a known role (and an email after it) ends it.
      int last = password.lastIndexOf(':');
      if (last > 0 && password.substring(last + 1).contains("@")) {
        int beforeEmail = password.lastIndexOf(':', last - 1);
        if (beforeEmail > 0 && ROLES.contains(password.substring(beforeEmail + 1, last))) {
          email = password.substring(last + 1);
          password = password.substring(0, last);
          last = beforeEmail;
        }
      }
      if (last > 0 && ROLES.contains(password.substring(last + 1))) {
        role = password.substring(last + 1);
        password = password.substring(0, last);
      }
      specs.add(new Spec(username, password, role, email));
    }
    return specs;
  }
}
