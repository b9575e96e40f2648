package dev.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's scenarios, small, against our real two-instance cluster (the launcher's embedded
 * broker; the database as the tests are configured): every message is counted where it arrives,
 * warm-up stays out of the figures, and a message that never arrives makes the run a failed one.
 * Figures themselves are not asserted: they are what the benchmark is for.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenariosIT {

  private static Target cluster;
  private static Scenarios scenarios;
  @TempDir static Path timelines;

  @BeforeAll
  static void start() throws Exception {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    // null: the launcher's embedded PostgreSQL, or a scratch database where SWITCHBOARD_DB_URL
    // says.
    cluster = Servers.ours(root, null, "512m", 2);
    scenarios = new Scenarios(cluster, timelines);
  }

  @AfterAll
  static void stop() throws Exception {
    if (scenarios != null) {
      scenarios.close();
    }
    if (cluster != null) {
      cluster.stop().close();
    }
  }

  @Test
  @Order(1)
  void aFixedRateRunCountsEveryMessageAndLeavesItsWarmUpOut() throws Exception {
    try (var chat = scenarios.chat(10)) {
      long compiledBefore = scenarios.compileNanos();
      Scenarios.Run run = chat.run("fixed rate", 100, 1, 2);

      // The warm-up goes on while this grows: the instances' JIT must be readable and counting.
      assertTrue(
          scenarios.compileNanos() > compiledBefore, "the instances compiled for the new traffic");

      assertEquals(300, run.sent());
      assertEquals(0, run.lost());
      assertEquals(0, run.disorder());
      assertTrue(run.clean());
      assertEquals(200, run.delivery().getTotalCount(), "the measured two seconds only");
      assertEquals(200, run.ack().getTotalCount());
      assertTrue(run.cpuNanosPerMessage() > 0);
      assertTrue(run.dbCpuNanosPerMessage() > 0, "the database's CPU is counted");
      assertTrue(Files.exists(timelines.resolve("switchboard-run1-100.csv")));
    }
  }

  @Test
  @Order(2)
  void aRunWhoseMessagesDoNotArriveIsAFailedRun() throws Exception {
    try (var chat = scenarios.chat(5)) {
      chat.agent.close(); // nobody receives: every delivery goes missing, the acks still come

      Scenarios.Run run = chat.run("lossy", 50, 0, 1);

      assertEquals(50, run.lost());
      assertFalse(run.clean());
      assertFalse(run.holds(Long.MAX_VALUE), "no latency limit makes a lossy run hold");
    }
  }

  @Test
  @Order(3)
  void aBroadcastReachesEveryAgentInOrder() throws Exception {
    Scenarios.Broadcast broadcast = scenarios.broadcast(20, 10, 1, 10, 20);

    assertEquals(200, broadcast.delivered(), "the warm-up's 200 deliveries are not counted");
    assertEquals(0, broadcast.lost());
    assertEquals(0, broadcast.disorder());
    assertTrue(broadcast.cpuNanosPerDelivery() > 0);
  }

  @Test
  @Order(4)
  void idleSocketsAreMeasuredAfterAFullCollection() throws Exception {
    // A step that cannot fit: it measures the first 400 and stops there, naming the limit.
    Scenarios.Idle idle = scenarios.idle(400, 10_000_000);

    assertEquals(400, idle.held());
    assertTrue(idle.limit().contains("open files"), idle.limit());
    assertTrue(
        idle.heapPerConnection() > 0 && idle.heapPerConnection() < 1024 * 1024,
        "heap per connection: " + idle.heapPerConnection());
  }

  @Test
  @Order(5)
  void theSearchLoadStoresMessagesAndItsQueriesFindThem() throws Exception {
    var load = SearchLoad.prepare((dev.switchboard.launcher.Cluster) cluster.stop(), cluster, 500);
    var all = load.run(cluster.b(), load.supervisorToken(), 5, 60);
    assertEquals(60, all.all().getTotalCount(), "the measured queries only");
    assertTrue(all.results() > 0, "the queries find the stored messages");
    var member = load.run(cluster.b(), load.memberToken(), 0, 60);
    assertEquals(60, member.all().getTotalCount());
    assertTrue(
        member.results() < all.results(), "an agent of one team in four sees fewer than all");
  }

  @Test
  @Order(6) // last: it kills instance A
  void aReconnectStormResumesEveryClientOnBWithEveryMessageOnce() throws Exception {
    var storm = new Storm(cluster).run(40, 2, line -> {});
    assertEquals(0, storm.notReady(), storm.failedAttempts());
    assertEquals(42, storm.ready().getTotalCount(), "every client ready on B");
    assertEquals(0, storm.missing(), "every answer sent while A was down arrives");
    assertEquals(0, storm.doubled(), "none twice");
    assertEquals(0, storm.answersRefused());
    assertEquals(42, storm.complete().getTotalCount());
  }
}
