package dev.switchboard.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * When a fixed-rate run's slow messages came, which its percentiles do not say: per tenth of a
 * second of scheduled send time, the worst delivery and ack latency, how many deliveries took over
 * 15 ms, and how late the load generator itself sent (a late generator, not the server, would show
 * there). A periodic disturbance (a round of mail jobs, a collection) shows as a recurring window.
 */
final class Timeline {

  private static final long SLOW_NANOS = 15_000_000L;

  private final long[] due;
  private final long[] delivered;
  private final long[] acked;
  private final long[] sent;

  Timeline(long[] due) {
    this.due = due;
    this.delivered = new long[due.length];
    this.acked = new long[due.length];
    this.sent = new long[due.length];
  }

  void sent(int k, long now) {
    sent[k] = now - due[k];
  }

  void delivered(int k, long now) {
    delivered[k] = now - due[k];
  }

  void acked(int k, long now) {
    acked[k] = now - due[k];
  }

  /** A CSV file: one row per tenth of a second, times in milliseconds. */
  void write(Path file, int rate) throws IOException {
    Files.createDirectories(file.getParent());
    int perRow = Math.max(1, rate / 10);
    try (var out = new PrintWriter(Files.newBufferedWriter(file))) {
      // The wall-clock time of the first scheduled send, to line rows up with other logs.
      out.println("# first send due at " + Instant.now().minusNanos(System.nanoTime() - due[0]));
      out.println("second,delivery_max_ms,deliveries_over_15ms,ack_max_ms,send_late_max_ms");
      for (int from = 0; from < due.length; from += perRow) {
        long delivery = 0;
        long ack = 0;
        long late = 0;
        int slow = 0;
        for (int k = from; k < Math.min(due.length, from + perRow); k++) {
          delivery = Math.max(delivery, delivered[k]);
          ack = Math.max(ack, acked[k]);
          late = Math.max(late, sent[k]);
          slow += delivered[k] > SLOW_NANOS ? 1 : 0;
        }
        out.printf(
            "%.1f,%.2f,%d,%.2f,%.2f%n",
            from / (double) rate, delivery / 1e6, slow, ack / 1e6, late / 1e6);
      }
    }
  }
}
