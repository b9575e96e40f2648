package dev.switchboard.notifications.boundary;

/**
 * One mail that may be due: of {@code kind}, for {@code conversationId}, caused by the message with
 * {@code seq} (for a transcript, the conversation's last seq when it was resolved).
 */
public record MailJob(Kind kind, String conversationId, long seq) {

  public enum Kind {
    /** An agent replied and the visitor has not read it. */
    VISITOR_UNREAD,
    /** A visitor wrote and no agent has read it. */
    SUPPORT_UNREAD,
    /** The conversation was resolved and the visitor asked for its transcript. */
    TRANSCRIPT;

    /** The name in the database and in mail headers and templates. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
