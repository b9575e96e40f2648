package dev.switchboard.presence.boundary;

/**
 * An agent's availability for work may have changed in the current transaction (a status chosen, a
 * socket gone past the grace, an instance gone): a CDI event routing observes, so that presence
 * needs to know nothing of routing.
 */
public record AvailabilityChanged() {}
