package dev.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchTest {

  private static final Target OURS = target("Switchboard");
  private static final Target PEER = target("peer (Node)");

  @Test
  void eachFigureIsPrintedForBothServersWithTheirRatio() throws Exception {
    var bench = new Bench(true, "1", 0, Path.of("."));
    bench.latency("1. cross", run(4_000_000, 0), OURS);
    bench.latency("1. cross", run(2_000_000, 0), PEER);

    String report = bench.report("PostgreSQL");

    assertTrue(
        report.contains("| 1. cross | delivery p50 (ms) | 4.00 | 2.00 | 2.00 (lower is better) |"),
        report);
    assertFalse(report.contains("failed run"), report);
  }

  @Test
  void aJvmsCompileTimeIsReadFromItsPerfCounters() throws Exception {
    long nanos = Proc.compileNanos(ProcessHandle.current().pid());

    assertTrue(nanos > 0, "this JVM has compiled something: " + nanos);
    assertTrue(
        nanos < ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L * 4,
        "within its compiler threads' lifetime, in nanoseconds: " + nanos);
  }

  @Test
  void aRunThatLostAMessageIsReportedAsFailed() throws Exception {
    var bench = new Bench(true, "1", 0, Path.of("."));
    bench.latency("1. cross", run(1_000_000, 1), OURS);

    String report = bench.report("PostgreSQL");

    assertTrue(report.contains("| missing after the final wait, or out of order | 1 |"), report);
    assertTrue(report.contains("Switchboard: 1. cross lost 1, disorder 0: a failed run"), report);
  }

  @Test
  void aScenarioThatBreaksOffIsAFailedRunAndTheNextOneStillRuns() throws Exception {
    var bench = new Bench(true, "14", 0, Path.of("."));
    bench.attempt(
        OURS,
        "4",
        () -> {
          throw new ExecutionException(new IllegalStateException("closed 4401 auth expected"));
        });
    bench.attempt(OURS, "1", () -> bench.latency("1. cross", run(1_000_000, 0), OURS));

    String report = bench.report("PostgreSQL");

    assertTrue(
        report.contains(
            "Switchboard: scenario 4 broke off (java.lang.IllegalStateException: closed 4401 auth"
                + " expected): a failed run"),
        report);
    assertTrue(report.contains("| 1. cross | delivery p50 (ms) | 1.00 |"), report);
  }

  @Test
  void aServerThatDoesNotStartIsAFailedRunTheOtherStillRunsAndTheRunFails() throws Exception {
    var bench = new Bench(true, "", 0, Path.of("."));
    var peerStopped = new AtomicBoolean();

    bench.startAndMeasure(
        () -> {
          throw new Servers.NotStarted(
              "Switchboard",
              new ExecutionException(
                  new IllegalStateException(
                      "instance-2 exited with 1; see bench/target/ours/instance-2.log")));
        });
    bench.startAndMeasure(
        () ->
            new Target(
                "peer (Node)", null, null, List.of(), null, null, () -> peerStopped.set(true)));

    assertTrue(peerStopped.get(), "the peer ran (and was stopped) after ours did not start");
    String report = bench.report("PostgreSQL");
    assertTrue(
        report.contains(
            "- Switchboard did not start (instance-2 exited with 1; see"
                + " bench/target/ours/instance-2.log): a failed run"),
        report);
    assertEquals(1, bench.exitStatus());
  }

  /** A run whose every latency is {@code nanos}. */
  private static Scenarios.Run run(long nanos, long lost) {
    var latency = new Histogram(3);
    for (int i = 0; i < 100; i++) {
      latency.recordValue(nanos);
    }
    return new Scenarios.Run(1000, latency, latency, 100, lost, 0, 500_000, 300_000);
  }

  private static Target target(String name) {
    return new Target(name, null, null, List.of(), null, null, () -> {});
  }

  /** With more instances, scenario 1's visitors go to all but B (the agent's); idle ones to all. */
  @Test
  void moreInstancesTakeVisitorsAndIdleSockets() {
    URI a = URI.create("http://127.0.0.1:1");
    URI b = URI.create("http://127.0.0.1:2");
    URI c = URI.create("http://127.0.0.1:3");
    URI d = URI.create("http://127.0.0.1:4");
    var four = new Target("four", a, b, List.of(c, d), List.of(), null, null, () -> {});
    assertEquals(List.of(a, b, c, d), four.all());
    assertEquals(List.of(a, c, d), four.visitorSide());
    var two = new Target("two", a, b, List.of(), null, null, () -> {});
    assertEquals(List.of(a), two.visitorSide(), "as before: every visitor on A");
  }
}
