package dev.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aLineSaysThePhaseItsTimeTheRateOfTheLastIntervalAndWhatWasCounted() {
    var sent = new AtomicLong();
    var progress =
        new Progress(
            "Switchboard",
            "1. warm-up at 500 msg/s",
            50,
            sent::get,
            () -> "2,480 delivered, 2,490 acked, 20 not delivered yet",
            100 * SECOND);

    sent.set(2_500);
    assertEquals(
        "   … Switchboard, 1. warm-up at 500 msg/s: 5/50 s; sending 500 msg/s, 2,500 sent;"
            + " 2,480 delivered, 2,490 acked, 20 not delivered yet",
        progress.line(105 * SECOND));

    // The rate is the last interval's alone: 1,000 more in 4 s, not 3,500 in 9.
    sent.set(3_500);
    String line = progress.line(109 * SECOND);
    assertTrue(line.contains(": 9/50 s; sending 250 msg/s, 3,500 sent;"), line);
  }

  @Test
  void aWaitSaysOnlyHowLongItHasLasted() {
    var progress = new Progress("peer (Node)", "starting", 0, null, null, 0);

    assertEquals("   … peer (Node), starting: 12 s", progress.line(12 * SECOND + SECOND / 2));
  }

  /** A short phase for real: 100 msg/s for 5.5 s prints one line, at 5 s. */
  @Test
  void aPhasePrintsALineEveryFiveSecondsWhileItRuns() throws Exception {
    var printed = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    var sent = new AtomicLong();
    try (var progress =
        Progress.start(
            "peer (Node)", "2. saturation at 100 msg/s", 6, sent::get, () -> "7 delivered")) {
      long end = System.nanoTime() + 5_500_000_000L;
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(10_000_000L);
        sent.incrementAndGet();
      }
    } finally {
      System.setOut(console);
    }
    Thread.sleep(100);

    String out = printed.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    var line =
        Pattern.compile(
                "   … peer \\(Node\\), 2\\. saturation at 100 msg/s: 5/6 s; sending (\\d+) msg/s,"
                    + " \\d+ sent; 7 delivered\n")
            .matcher(out);
    assertTrue(line.matches(), out);
    int rate = Integer.parseInt(line.group(1));
    // parkNanos oversleeps a little, more on a loaded machine: at most 100, well above nothing.
    assertTrue(rate > 50 && rate <= 100, out);
  }
}
