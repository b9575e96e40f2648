package dev.switchboard.events.boundary;

/** A webhook was added or removed: every instance reads the list of endpoints again. */
public record WebhooksChanged(String webhookId) implements ChatEvent {}
