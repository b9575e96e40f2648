package dev.switchboard.events.boundary;

import dev.switchboard.conversations.boundary.ConversationSummary.Reader;

/** A participant received or read a conversation up to a seq (only ever forward). */
public record ReceiptChanged(
    String conversationId, String visitorId, Reader reader, String kind, long upToSeq) {}
