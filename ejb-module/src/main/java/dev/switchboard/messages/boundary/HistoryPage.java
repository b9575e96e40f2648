package dev.switchboard.messages.boundary;

import java.util.List;

/** Messages ascending by seq, and whether more exist in the direction asked for. */
public record HistoryPage(String conversationId, List<MessageView> messages, boolean hasMore) {}
