package dev.switchboard.events.boundary;

/**
 * A conversation was opened, claimed, transferred, resolved or reopened. Each instance turns it
 * into a summary per local reader (their own unread count); {@code originSession}, the socket that
 * asked, gets its answer directly.
 */
public record ConversationChanged(String conversationId, String visitorId, String originSession) {}
