package dev.switchboard.events.boundary;

/**
 * Something that presence is computed from changed (a status, an agent's sockets): every instance
 * recomputes the cluster's presence from the database and tells its sockets if it differs.
 */
public record PresenceChanged(String agentId) implements ChatEvent {}
