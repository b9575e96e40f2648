package dev.switchboard.conversations.boundary;

import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.labels.boundary.Labels;
import java.util.List;

/**
 * A conversation as a list shows it; {@code unread} counts for the reader (messages of others after
 * the reader's read receipt). {@code receipts} tell every participant's delivered and read seq, so
 * a reloaded client shows the right ticks. {@code transcript}: the visitor asked for the transcript
 * by mail when the conversation is resolved. {@code queuePosition}: its place in its team's queue
 * (1 is next) while it waits for automatic assignment; absent otherwise. {@code rating}: the
 * visitor's rating of the conversation's current resolution, if they gave one. {@code labels}:
 * those agents put on it, by name. {@code colleagues}: the agents invited into it besides its
 * assignee, in the order they joined.
 */
public record ConversationSummary(
    String id,
    String status,
    Person visitor,
    Party assignee,
    MessageView lastMessage,
    long unread,
    List<Receipt> receipts,
    boolean transcript,
    Party team,
    Integer queuePosition,
    Rating rating,
    List<Labels.LabelView> labels,
    List<Party> colleagues,
    String createdAt,
    String updatedAt) {

  public record Party(String id, String name) {}

  /** The visitor as agents see them: the email they gave, if any. */
  public record Person(String id, String name, String email) {}

  public record Reader(String type, String id) {}

  public record Receipt(Reader reader, long delivered, long read) {}

  public record Rating(int score, String comment, String ratedAt) {}

  /**
   * Whether no message came after {@code seq} when this summary was read. Notes, which only agents
   * see, carry no seq and are not its last message: for a visitor it means nothing to catch up on.
   */
  public boolean nothingAfter(long seq) {
    return lastMessage == null || lastMessage.seq() <= seq;
  }

  /** As its visitor sees it: labels are the agents' own. */
  public ConversationSummary withoutLabels() {
    return new ConversationSummary(
        id,
        status,
        visitor,
        assignee,
        lastMessage,
        unread,
        receipts,
        transcript,
        team,
        queuePosition,
        rating,
        null,
        colleagues,
        createdAt,
        updatedAt);
  }

  public ConversationSummary withUnread(long count) {
    return new ConversationSummary(
        id,
        status,
        visitor,
        assignee,
        lastMessage,
        count,
        receipts,
        transcript,
        team,
        queuePosition,
        rating,
        labels,
        colleagues,
        createdAt,
        updatedAt);
  }
}
