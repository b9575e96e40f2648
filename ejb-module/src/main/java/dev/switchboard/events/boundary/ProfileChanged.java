package dev.switchboard.events.boundary;

/**
 * A visitor changed nickname or email. {@code originSession} is the socket that asked; it gets the
 * answer directly, the visitor's other sockets and the agents get this event.
 */
public record ProfileChanged(
    String visitorId, String nickname, String email, String originSession) {}
