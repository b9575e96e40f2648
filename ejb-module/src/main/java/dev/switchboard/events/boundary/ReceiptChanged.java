package dev.switchboard.events.boundary;

/** A participant received or read a conversation up to a seq (only ever forward). */
public record ReceiptChanged(
    String conversationId, String visitorId, Reader reader, String kind, long upToSeq) {

  public record Reader(String type, String id) {}
}
