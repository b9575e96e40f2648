package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A line on stdout every 5 s while a phase runs, so that minutes of warm-up or measuring do not
 * pass in silence: the target and the phase, the seconds elapsed (of those planned, when the phase
 * has a plan), the rate sent over the last 5 s and what has been counted so far. It only reads
 * counters (atomics), so the load generator's sending loop pays one uncontended increment per
 * message for it, and no lock.
 */
final class Progress implements AutoCloseable {

  private static final long EVERY_SECONDS = 5;

  /** One thread prints every phase's lines; a daemon, so that it never keeps the JVM up. */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            var thread = new Thread(r, "progress");
            thread.setDaemon(true);
            return thread;
          });

  private final String what;
  private final long plannedSeconds;
  private final LongSupplier sent;
  private final Supplier<String> counted;
  private final long startedNanos;
  private long lastNanos;
  private long lastSent;
  private ScheduledFuture<?> task;

  /** {@code sent} (messages) and {@code counted} may be null: a start or a wait counts nothing. */
  Progress(
      String target,
      String phase,
      long plannedSeconds,
      LongSupplier sent,
      Supplier<String> counted,
      long nowNanos) {
    this.what = target + ", " + phase;
    this.plannedSeconds = plannedSeconds;
    this.sent = sent;
    this.counted = counted;
    this.startedNanos = nowNanos;
    this.lastNanos = nowNanos;
  }

  /** Prints a line every 5 s until closed; the first 5 s after now. */
  static Progress start(
      String target,
      String phase,
      long plannedSeconds,
      LongSupplier sent,
      Supplier<String> counted) {
    var progress = new Progress(target, phase, plannedSeconds, sent, counted, System.nanoTime());
    progress.task =
        TIMER.scheduleAtFixedRate(
            () -> System.out.println(progress.line(System.nanoTime())),
            EVERY_SECONDS,
            EVERY_SECONDS,
            TimeUnit.SECONDS);
    return progress;
  }

  /** The seconds elapsed only: a start or a wait. */
  static Progress start(String target, String phase) {
    return start(target, phase, 0, null, null);
  }

  /** The line at {@code nowNanos}; the rate is over the time since the previous line. */
  String line(long nowNanos) {
    var parts = new ArrayList<String>();
    long elapsed = (nowNanos - startedNanos) / 1_000_000_000L;
    parts.add(plannedSeconds > 0 ? elapsed + "/" + plannedSeconds + " s" : elapsed + " s");
    if (sent != null) {
      long sentNow = sent.getAsLong();
      long rate = Math.round((sentNow - lastSent) * 1e9 / (nowNanos - lastNanos));
      parts.add(String.format(Locale.ROOT, "sending %,d msg/s, %,d sent", rate, sentNow));
      lastSent = sentNow;
    }
    if (counted != null) {
      parts.add(counted.get());
    }
    lastNanos = nowNanos;
    return "   … " + what + ": " + String.join("; ", parts);
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
