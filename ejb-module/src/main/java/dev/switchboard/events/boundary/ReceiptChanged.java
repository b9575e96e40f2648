package dev.switchboard.events.boundary;

import dev.switchboard.conversations.boundary.ConversationSummary.Reader;
import dev.switchboard.conversations.entity.Audience;

/** A participant received or read a conversation up to a seq (only ever forward). */
public record ReceiptChanged(
    String conversationId, Audience audience, Reader reader, String kind, long upToSeq)
    implements ChatEvent {}
