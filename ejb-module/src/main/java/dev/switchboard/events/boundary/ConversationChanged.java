package dev.switchboard.events.boundary;

import dev.switchboard.conversations.entity.Audience;

/**
 * A conversation was opened, assigned, transferred, resolved or reopened. Each instance turns it
 * into a summary per local reader (their own unread count); {@code originSession}, the socket that
 * asked, gets its answer directly. {@code before}: who could see it before a change that may have
 * taken it out of some agents' view (a transfer), null otherwise; those agents are told to drop it.
 * (One constructor only: JSON-B builds records through their canonical one.)
 */
public record ConversationChanged(
    String conversationId, Audience audience, Audience before, String originSession)
    implements ChatEvent {}
