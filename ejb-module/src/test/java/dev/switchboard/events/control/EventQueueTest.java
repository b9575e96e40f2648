package dev.switchboard.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How the outlet's thread gathers a broker message's worth: a moment's linger after an idle spell,
 * none for a full message's worth or for events that queued while one was being sent.
 */
class EventQueueTest {

  static final long LONG = Duration.ofSeconds(30).toNanos();

  static EventOutlet.Event event(int n) {
    return new EventOutlet.Event("TokenRevoked", null, "{\"tokenHash\":\"" + n + "\"}");
  }

  /** {@code next()} on a thread of its own, as the outlet calls it. */
  static final class Taker extends Thread {
    private final EventQueue queue;
    volatile List<EventOutlet.Event> taken;

    Taker(EventQueue queue) {
      this.queue = queue;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      try {
        taken = queue.next();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Waits (at most 10 s) until the taker waits in this state. */
    Taker until(Thread.State state) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (getState() != state) {
        assertTrue(System.nanoTime() < deadline, "the taker never got to " + state);
        Thread.onSpinWait();
      }
      return this;
    }

    List<EventOutlet.Event> result() throws InterruptedException {
      join(TimeUnit.SECONDS.toMillis(10));
      assertTrue(!isAlive(), "next() returned");
      return taken;
    }
  }

  /** {@code next()} where the queue has events already. */
  static CompletableFuture<List<EventOutlet.Event>> next(EventQueue queue) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return queue.next();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void anIdleOutletLingersSoThatTheNextEventsShareItsMessage() throws Exception {
    var queue = new EventQueue(1000, Duration.ofSeconds(1).toNanos());
    var taker = new Taker(queue).until(Thread.State.WAITING);
    long start = System.nanoTime();
    queue.offer(List.of(event(1)));
    taker.until(Thread.State.TIMED_WAITING);
    queue.offer(List.of(event(2)));
    queue.offer(List.of(event(3)));
    assertEquals(List.of(event(1), event(2), event(3)), taker.result());
    assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos(), "it lingered");
  }

  @Test
  void aFullMessagesWorthGoesAtOnce() throws Exception {
    var queue = new EventQueue(1000, LONG);
    var taker = new Taker(queue).until(Thread.State.WAITING);
    queue.offer(List.of(event(0)));
    taker.until(Thread.State.TIMED_WAITING);
    var many = new ArrayList<EventOutlet.Event>();
    IntStream.range(1, 150).forEach(i -> many.add(event(i)));
    queue.offer(many);
    // Well before the 30 s linger: the message is full.
    assertEquals(TopicBatch.MAX_EVENTS, taker.result().size());
  }

  @Test
  void eventsQueuedWhileAMessageWasSentGoAtOnce() throws Exception {
    var queue = new EventQueue(1000, LONG);
    queue.offer(IntStream.range(0, 100).mapToObj(EventQueueTest::event).toList());
    List<EventOutlet.Event> sending = queue.next();
    assertEquals(100, sending.size());
    // The message is on its way; these come meanwhile, and go without the 30 s linger.
    queue.offer(List.of(event(100), event(101)));
    queue.sent(sending);
    assertEquals(List.of(event(100), event(101)), next(queue).get(10, TimeUnit.SECONDS));
  }

  @Test
  void aStopEndsTheLinger() throws Exception {
    var queue = new EventQueue(1000, LONG);
    var taker = new Taker(queue).until(Thread.State.WAITING);
    queue.offer(List.of(event(1)));
    taker.until(Thread.State.TIMED_WAITING);
    queue.stop();
    assertNull(taker.result());
  }
}
