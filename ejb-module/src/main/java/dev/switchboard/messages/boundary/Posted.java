package dev.switchboard.messages.boundary;

import dev.switchboard.conversations.entity.Audience;

/**
 * The outcome of a send: the stored message, who may see it, and whether it was stored before (a
 * resend).
 */
public record Posted(MessageView message, Audience audience, boolean duplicate) {}
