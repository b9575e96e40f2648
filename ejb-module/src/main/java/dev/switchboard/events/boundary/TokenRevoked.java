package dev.switchboard.events.boundary;

/**
 * A token was revoked (its holder signed out): every instance closes the sockets it opened. The
 * token travels as its stored hash, never as itself.
 */
public record TokenRevoked(String tokenHash) implements ChatEvent {}
