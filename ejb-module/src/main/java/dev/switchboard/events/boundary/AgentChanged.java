package dev.switchboard.events.boundary;

import java.util.Set;

/**
 * A supervisor changed an agent's role or teams: their open sockets see other conversations from
 * now on.
 */
public record AgentChanged(String agentId, String role, Set<String> teams) implements ChatEvent {}
