package dev.switchboard.conversations.boundary;

import dev.switchboard.messages.boundary.MessageView;

/** A conversation as a list shows it; {@code unread} counts for the reader. */
public record ConversationSummary(
    String id,
    String status,
    Party visitor,
    Party assignee,
    MessageView lastMessage,
    long unread,
    String createdAt,
    String updatedAt) {

  public record Party(String id, String name) {}
}
