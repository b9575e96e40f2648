package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.messages.boundary.MessageView;

/** A message committed to a conversation, as it travels on the events topic. */
public record MessagePosted(Audience audience, MessageView message) {}
