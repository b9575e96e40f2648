package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;
import java.util.List;

/**
 * A visitor changed nickname or email. {@code originSession} is the socket that asked; it gets the
 * answer directly, the visitor's other sockets and the agents who may see one of the visitor's
 * conversations ({@code audiences}) get this event.
 */
public record ProfileChanged(
    String visitorId, String nickname, String email, String originSession, List<Audience> audiences)
    implements ChatEvent {}
