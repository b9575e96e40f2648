package dev.switchboard.messages.boundary;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.history.boundary.MessageView;

/**
 * The outcome of a send: the stored message, who may see it, whether it was stored before (a
 * resend), and the message's JSON, written once for its event and its frames.
 */
public record Posted(MessageView message, Audience audience, boolean duplicate, String json) {}
