package dev.switchboard.history.boundary;

import java.util.List;

/** Messages ascending by seq, and whether more exist in the direction asked for. */
public record HistoryPage(String conversationId, List<MessageView> messages, boolean hasMore) {

  /** Messages a page holds at most, and when the reader names no size. */
  public static final int MAX_SIZE = 100;

  public static final int DEFAULT_SIZE = 50;
}
