package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.history.boundary.MessageView;

/** Somebody started or stopped typing in a conversation; travels the topic, never stored. */
public record TypingChanged(
    String conversationId, Audience audience, MessageView.Sender sender, boolean typing)
    implements ChatEvent {}
