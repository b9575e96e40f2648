package dev.switchboard.realtime;

import dev.switchboard.history.boundary.MessageView;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's view of one conversation's sequence. Messages reach it one way each (this
 * instance's sends from their sender's thread, the others' from the topic) but not always in seq
 * order: commits and deliveries race. A message is committed before the next one's row lock is
 * taken, so a gap is filled from the database at once, and what arrives late is dropped.
 */
final class ConversationStream {

  private static final Logger LOG = Logger.getLogger(ConversationStream.class.getName());

  /** Where committed messages come from when they have not arrived (yet). */
  interface Store {
    List<MessageView> between(String conversationId, long afterSeq, long beforeSeq);

    /** The lowest seq below {@code beforeSeq} that this instance may not have seen. */
    Long firstUnseenBefore(String conversationId, long beforeSeq);
  }

  /**
   * What the stream tells the instance's figures: gaps filled from the database, and messages that
   * came after they had gone out (their gap filled first, or a broker's redelivery). Over time, the
   * messages filled less those that came late are the events the topic lost.
   */
  interface Counts {
    void gapFilled(int messages);

    void late();
  }

  /** What a gap was filled with, and where the stream starts if it had not yet. */
  private record Fill(long start, List<MessageView> missing) {}

  final String conversationId;
  private final Counts counts;
  private long delivered = -1; // -1: nothing known yet
  private volatile long lastUsed = System.nanoTime();

  ConversationStream(String conversationId, Counts counts) {
    this.conversationId = conversationId;
    this.counts = counts;
  }

  /**
   * Delivers {@code message} and whatever committed before it that was not delivered yet. A note
   * (no seq) goes out after the message it follows. The database is read without holding the
   * stream, so a slow read holds up no other delivery: whoever holds it next delivers what is still
   * new, in order.
   */
  void accept(MessageView message, Store store, Consumer<MessageView> deliver) {
    lastUsed = System.nanoTime();
    long next = message.isNote() ? message.afterSeq() + 1 : message.seq();
    long known;
    synchronized (this) {
      if (delivered >= 0 && next <= delivered + 1) {
        deliverInOrder(message, deliver);
        return;
      }
      known = delivered;
    }
    Fill fill = fill(known, next, store);
    synchronized (this) {
      if (delivered < 0) {
        delivered = fill.start();
      }
      int filled = 0;
      for (MessageView missing : fill.missing()) {
        if (missing.seq() > delivered) {
          deliver.accept(missing);
          delivered = missing.seq();
          filled++;
        }
      }
      if (known >= 0 && filled > 0) { // a new stream's first catch-up is no gap
        counts.gapFilled(filled);
      }
      deliverInOrder(message, deliver);
    }
  }

  private void deliverInOrder(MessageView message, Consumer<MessageView> deliver) {
    if (message.isNote()) {
      deliver.accept(message);
    } else if (message.seq() > delivered) {
      deliver.accept(message);
      delivered = message.seq();
    } else {
      counts.late();
    }
  }

  /** What committed before {@code next} after {@code known} (-1: the stream is new here). */
  private Fill fill(long known, long next, Store store) {
    long start = known;
    try {
      if (known < 0) {
        Long first = next > 1 ? store.firstUnseenBefore(conversationId, next) : null;
        start = first == null ? next - 1 : first - 1;
      }
      return new Fill(
          start, next > start + 1 ? store.between(conversationId, start, next) : List.of());
    } catch (RuntimeException e) {
      // Database unreachable: deliver what we have; clients close the gap with resume/history.
      LOG.log(Level.WARNING, "gap fill for {0} failed: {1}", new Object[] {conversationId, e});
      return new Fill(known < 0 ? next - 1 : known, List.of());
    }
  }

  /** Whether {@code seq} has gone out to this instance's sessions (or predates what we know). */
  synchronized boolean hasDelivered(long seq) {
    return delivered < 0 || seq <= delivered;
  }

  boolean idleLongerThan(long nanos) {
    return System.nanoTime() - lastUsed > nanos;
  }
}
