package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.history.boundary.MessageView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConversationStreamTest {

  /** The database: what is committed, and which messages are recent enough to be unseen. */
  static class FakeStore implements ConversationStream.Store {
    final TreeMap<Long, MessageView> committed = new TreeMap<>();
    Long firstUnseen;
    int fills;

    @Override
    public List<MessageView> between(String conversationId, long afterSeq, long beforeSeq) {
      fills++;
      return List.copyOf(committed.subMap(afterSeq, false, beforeSeq, false).values());
    }

    @Override
    public Long firstUnseenBefore(String conversationId, long beforeSeq) {
      return firstUnseen;
    }
  }

  static MessageView message(long seq) {
    return new MessageView(
        "m" + seq,
        "c",
        seq,
        null,
        "client-" + seq,
        new MessageView.Sender("visitor", "v", "V"),
        "text",
        "t" + seq,
        null,
        null,
        "2026-01-01T00:00:00Z");
  }

  final FakeStore store = new FakeStore();
  final List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
  // What the stream counted: gaps, the messages they were filled with, and late arrivals.
  final int[] gaps = new int[3];
  final ConversationStream stream =
      new ConversationStream(
          "c",
          new ConversationStream.Counts() {
            @Override
            public void gapFilled(int messages) {
              gaps[0]++;
              gaps[1] += messages;
            }

            @Override
            public void late() {
              gaps[2]++;
            }
          });

  void arrive(long seq) {
    stream.accept(message(seq), store, m -> delivered.add(m.seq()));
  }

  void commit(long... seqs) {
    for (long s : seqs) {
      store.committed.put(s, message(s));
    }
  }

  @Test
  void inOrderEventsPassStraightThrough() {
    commit(1, 2, 3);
    arrive(1);
    arrive(2);
    arrive(3);
    assertEquals(List.of(1L, 2L, 3L), delivered);
    assertEquals(0, store.fills);
    assertArrayEquals(new int[] {0, 0, 0}, gaps);
  }

  @Test
  void aGapIsFilledFromTheDatabaseAndTheLateEventDropped() {
    commit(1, 2, 3, 4);
    arrive(1);
    arrive(4); // 2 and 3 committed first, their events are still on the way
    arrive(2);
    arrive(3);
    assertEquals(List.of(1L, 2L, 3L, 4L), delivered);
    assertEquals(1, store.fills);
    assertArrayEquals(new int[] {1, 2, 2}, gaps, "one gap of two, both came late");
  }

  @Test
  void duplicatesAreDeliveredOnce() {
    commit(1, 2);
    arrive(1);
    arrive(1);
    arrive(2);
    arrive(2);
    assertEquals(List.of(1L, 2L), delivered);
    assertArrayEquals(new int[] {0, 0, 2}, gaps, "no gap, two repeated");
  }

  @Test
  void aFirstEventAfterQuietTimesStartsTheStream() {
    commit(1, 2, 3, 4, 5, 6, 7);
    store.firstUnseen = null; // 1..6 are old: delivered before this instance knew the stream
    arrive(7);
    assertEquals(List.of(7L), delivered);
  }

  @Test
  void aFirstEventOvertakingRecentOnesBringsThemAlong() {
    commit(1, 2, 3, 4, 5, 6, 7);
    store.firstUnseen = 6L; // 6 is recent and its event has not arrived yet
    arrive(7);
    arrive(6);
    assertEquals(List.of(6L, 7L), delivered);
    assertArrayEquals(new int[] {0, 0, 1}, gaps, "a new stream's catch-up is no gap");
  }

  @Test
  void aNoteOvertakingTheMessageItFollowsComesAfterIt() {
    commit(1, 2, 3);
    arrive(1);
    var note =
        new MessageView(
            "n1",
            "c",
            null,
            3L,
            "note-1",
            new MessageView.Sender("agent", "a", "A"),
            "note",
            "internal",
            null,
            null,
            "2026-01-01T00:00:00Z");
    var order = new ArrayList<String>();
    stream.accept(note, store, m -> order.add(m.id()));
    stream.accept(message(3), store, m -> order.add(m.id())); // 3's own late event
    assertEquals(List.of("m2", "m3", "n1"), order);
  }

  /**
   * While one delivery reads a gap from the database, another that has no gap goes on (it would
   * wait for the read if the stream were held meanwhile), and the filler then delivers only what is
   * still new, in order.
   */
  @Test
  void aGapIsReadWithoutHoldingUpOtherDeliveries() throws Exception {
    commit(1, 2, 3, 4, 5);
    arrive(1);
    var meanwhile = new AtomicBoolean();
    var slowStore =
        new FakeStore() {
          @Override
          public List<MessageView> between(String conversationId, long afterSeq, long beforeSeq) {
            Thread other = new Thread(() -> arrive(2));
            other.start();
            try {
              other.join(5_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            meanwhile.set(!other.isAlive());
            return store.between(conversationId, afterSeq, beforeSeq);
          }
        };
    stream.accept(message(5), slowStore, m -> delivered.add(m.seq()));
    assertTrue(meanwhile.get(), "2 was delivered while the gap was read");
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), delivered);
  }
}
