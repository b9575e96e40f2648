package dev.switchboard.teams.boundary;

/**
 * A team's routing mode or opening hours changed in the current transaction: a CDI event routing
 * observes (its queue may be drained now, or no longer), so that teams need know nothing of
 * routing.
 */
public record TeamSettingsChanged(String teamId) {}
