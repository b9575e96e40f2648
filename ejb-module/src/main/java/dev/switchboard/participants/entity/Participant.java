package dev.switchboard.participants.entity;

/** An authenticated caller: who they are and what they may do. */
public record Participant(Kind kind, String id, String name, String role) {

  public enum Kind {
    VISITOR,
    AGENT;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
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
}
