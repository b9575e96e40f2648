package dev.switchboard.audit.boundary;

/**
 * One change as supervisors read it; {@code actor} is null for the system itself. The subject's
 * {@code name} is its name now (an agent's or team's, a conversation's visitor), absent once it is
 * gone.
 */
public record AuditEntry(
    long id, String at, Party actor, String action, Subject subject, String details) {

  public record Party(String id, String name) {}

  public record Subject(String type, String id, String name) {}
}
