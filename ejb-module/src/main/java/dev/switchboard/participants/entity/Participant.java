package dev.switchboard.participants.entity;

import dev.switchboard.platform.ChatException;
import java.util.Set;

/**
 * An authenticated caller: who they are, what they may do and, for agents, the teams whose
 * conversations they see.
 */
public record Participant(Kind kind, String id, String name, String role, Set<String> teams) {

  public enum Kind {
    VISITOR,
    AGENT;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Participant {
    teams = teams == null ? Set.of() : Set.copyOf(teams);
  }

  public Participant(Kind kind, String id, String name, String role) {
    this(kind, id, name, role, Set.of());
  }

  public boolean isVisitor() {
    return kind == Kind.VISITOR;
  }

  public boolean isAgent() {
    return kind == Kind.AGENT;
  }

  public boolean isSupervisor() {
    return isAgent() && "supervisor".equals(role);
  }

  /** For what only supervisors do: {@code forbidden} ("only supervisors " + what) otherwise. */
  public void requireSupervisor(String what) {
    if (!isSupervisor()) {
      throw ChatException.forbidden("only supervisors " + what);
    }
  }

  public Participant withName(String name) {
    return new Participant(kind, id, name, role, teams);
  }

  public Participant withAccess(String role, Set<String> teams) {
    return new Participant(kind, id, name, role, teams);
  }
}
