package dev.switchboard.realtime;

import dev.switchboard.messages.boundary.MessageView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's view of one conversation's sequence. Events reach the topic in commit order,
 * which across instances is not always seq order; a message is committed before the next one's row
 * lock is taken, so a gap is filled from the database at once, and what arrives late is dropped.
 * Callers hold the stream's monitor for every call.
 */
final class ConversationStream {

  private static final Logger LOG = Logger.getLogger(ConversationStream.class.getName());

  /** Where committed messages come from when the topic has not brought them (yet). */
  interface Store {
    List<MessageView> between(String conversationId, long afterSeq, long beforeSeq);

    /** The lowest seq below {@code beforeSeq} that this instance may not have seen. */
    Long firstUnseenBefore(String conversationId, long beforeSeq);
  }

  final String conversationId;
  private long delivered = -1; // -1: nothing known yet
  private long lastUsed = System.nanoTime();
  // Notes reach an instance twice (from the local sender and from the topic) and have no seq.
  private final Set<String> recentNotes =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 256;
            }
          });

  ConversationStream(String conversationId) {
    this.conversationId = conversationId;
  }

  /**
   * Delivers {@code message} and whatever committed before it that was not delivered yet. A note
   * (no seq) goes out once, after the message it follows.
   */
  void accept(MessageView message, Store store, Consumer<MessageView> deliver) {
    lastUsed = System.nanoTime();
    if (message.isNote()) {
      catchUp(message.afterSeq() + 1, store, deliver);
      if (recentNotes.add(message.id())) {
        deliver.accept(message);
      }
      return;
    }
    long seq = message.seq();
    catchUp(seq, store, deliver);
    if (seq > delivered) {
      deliver.accept(message);
      delivered = seq;
    }
  }

  /** Delivers what committed before {@code seq} and has not gone out yet. */
  private void catchUp(long seq, Store store, Consumer<MessageView> deliver) {
    try {
      if (delivered < 0) {
        Long first = seq > 1 ? store.firstUnseenBefore(conversationId, seq) : null;
        delivered = first == null ? seq - 1 : first - 1;
      }
      if (seq > delivered + 1) {
        for (MessageView missing : store.between(conversationId, delivered, seq)) {
          deliver.accept(missing);
          delivered = missing.seq();
        }
      }
    } catch (RuntimeException e) {
      // Database unreachable: deliver what we have; clients close the gap with resume/history.
      LOG.log(Level.WARNING, "gap fill for {0} failed: {1}", new Object[] {conversationId, e});
    }
  }

  /** Whether {@code seq} has gone out to this instance's sessions (or predates what we know). */
  boolean hasDelivered(long seq) {
    return delivered < 0 || seq <= delivered;
  }

  boolean idleLongerThan(long nanos) {
    return System.nanoTime() - lastUsed > nanos;
  }
}
