package dev.switchboard.audit.boundary;

/** One change as supervisors read it; {@code actor} is null for the system itself. */
public record AuditEntry(
    long id, String at, Party actor, String action, Subject subject, String details) {

  public record Party(String id, String name) {}

  public record Subject(String type, String id) {}
}
