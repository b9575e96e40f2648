package dev.switchboard.events.control;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The events waiting for the broker, in the order offered, and how the outlet's thread waits for
 * the next broker message's worth of them. An idle outlet woken by an event waits {@code linger}
 * more before it sends, unless a full message's worth comes sooner: under load the next sends'
 * events then share the broker message (at 1,000 msg/s a message carried 1.2 events without it, and
 * every broker message costs the sender, the broker and each receiving instance a round of work).
 * Events queued while a message was being sent go at once.
 */
final class EventQueue {

  private static final Logger LOG = Logger.getLogger(EventQueue.class.getName());

  private final Deque<EventOutlet.Event> queue = new ArrayDeque<>();
  private final int maxKept;
  private final long lingerNanos;
  private boolean stopped;

  EventQueue(int maxKept, long lingerNanos) {
    this.maxKept = maxKept;
    this.lingerNanos = lingerNanos;
  }

  /** False once stopped (the events are not kept). */
  synchronized boolean offer(Collection<EventOutlet.Event> events) {
    if (stopped) {
      return false;
    }
    boolean idle = queue.isEmpty();
    queue.addAll(events);
    if (queue.size() > maxKept) {
      LOG.log(
          Level.WARNING, "more than {0} events waiting for the broker: oldest dropped", maxKept);
      while (queue.size() > maxKept) {
        queue.removeFirst();
      }
    }
    // A lingering outlet is woken only by a full message's worth.
    if (idle || queue.size() >= TopicBatch.MAX_EVENTS) {
      notifyAll();
    }
    return true;
  }

  synchronized void stop() {
    stopped = true;
    notifyAll();
  }

  /** The events to send next, still queued until {@link #sent}; null once stopped. */
  synchronized List<EventOutlet.Event> next() throws InterruptedException {
    if (queue.isEmpty()) {
      while (queue.isEmpty() && !stopped) {
        wait();
      }
      long end = System.nanoTime() + lingerNanos;
      for (long left = lingerNanos;
          left > 0 && queue.size() < TopicBatch.MAX_EVENTS && !stopped;
          left = end - System.nanoTime()) {
        wait(left / 1_000_000, (int) (left % 1_000_000));
      }
    }
    return stopped ? null : TopicBatch.head(queue);
  }

  /** Off the queue, unless {@link #offer} dropped them meanwhile. */
  synchronized void sent(List<EventOutlet.Event> events) {
    for (EventOutlet.Event event : events) {
      if (queue.peekFirst() == event) {
        queue.pollFirst();
      }
    }
  }
}
