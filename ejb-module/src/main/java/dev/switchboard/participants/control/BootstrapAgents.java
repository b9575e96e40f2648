package dev.switchboard.participants.control;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code SWITCHBOARD_BOOTSTRAP_AGENTS}: {@code user:password[:role]}, comma-separated. */
public final class BootstrapAgents {

  public record Spec(String username, String password, String role) {}

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
      String[] parts = trimmed.split(":", -1);
      if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isEmpty()) {
        throw new IllegalArgumentException(
            "SWITCHBOARD_BOOTSTRAP_AGENTS entries look like user:password[:role]");
      }
      String role = parts.length == 3 ? parts[2].trim() : "agent";
      if (!role.equals("agent") && !role.equals("supervisor")) {
        throw new IllegalArgumentException("role must be agent or supervisor, not " + role);
      }
      specs.add(new Spec(parts[0].trim(), parts[1], role));
    }
    return specs;
  }
}
