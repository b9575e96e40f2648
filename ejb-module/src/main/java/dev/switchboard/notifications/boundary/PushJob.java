package dev.switchboard.notifications.boundary;

/**
 * One push that may be due, decided when it runs: about {@code conversationId}, caused by the
 * message with {@code seq} (0 for no message), for {@code recipientId} (null: the team's agents).
 */
public record PushJob(Kind kind, String conversationId, long seq, String recipientId) {

  public enum Kind {
    /** An agent replied: to the visitor, unless a socket of theirs received it. */
    REPLY,
    /** The visitor wrote in a conversation assigned to this agent. */
    MESSAGE,
    /** The conversation was assigned to this agent. */
    ASSIGNED,
    /** A new conversation waits in its team's queue: to the team's agents. */
    WAITING
  }
}
