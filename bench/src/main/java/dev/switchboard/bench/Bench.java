package dev.switchboard.bench;

import dev.switchboard.launcher.Cluster;
import dev.switchboard.launcher.PayaraInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Runs the same scenarios against our two-instance cluster and the Node peer, one after the other
 * in one run, and prints every figure for both with their ratio (ours / peer).
 *
 * <p>{@code java -jar bench/target/switchboard-bench.jar [--quick] [--only=ours|peer]}, from the
 * project's root (the README lists the other options).
 */
public final class Bench {

  private static final long P99_LIMIT = 50_000_000L;

  /**
   * Scenario 1's warm-up at half the rate, before its measured run; as long in a quick run, since a
   * Payara instance's JIT compilers are still busy 15 s in (a quick run measured them: p50 30 ms)
   * and the first round of mail jobs must fall inside it ({@link Servers#MAIL_DELAY_SECONDS}).
   */
  private static final int HALF_RATE_WARMUP_SECONDS = 50;

  /**
   * After that, a JVM target goes on warming up in slices of this length until its JIT compilers
   * spent under a tenth of the last slice compiling, up to {@link #MAX_WARMUP_SECONDS}: on two slow
   * cores Payara's C2 compiler was still busy 3 minutes in (50 s of warm-up left scenario 1 at
   * 1,149 µs of CPU per message, 200 s at 656).
   */
  private static final int WARMUP_SLICE_SECONDS = 20;

  private static final int MAX_WARMUP_SECONDS = 300;

  /** One figure of one scenario; {@code lowerIsBetter} says how to read the ratio. */
  record Figure(String scenario, String name, String unit, boolean lowerIsBetter) {}

  private final Map<Figure, Map<String, Double>> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /** Each server that did not start, with its cause: the run then ends with status 1. */
  private final List<String> notStarted = new ArrayList<>();

  /** How long each target's scenario 1 warmed up, in seconds, by target name. */
  private final Map<String, Long> warmedUp = new LinkedHashMap<>();

  private final boolean quick;
  private final String scenarios;

  /** Scenario 6's visitors ({@code --storm=N}; 0: the default). */
  private final int storm;

  /**
   * Scenario 1's measured run, this many times in a row ({@code --rounds=N}): each prints its
   * figures, the last goes in the table. For what shows in one run of many (a lost message).
   */
  private int rounds = 1;

  /** Where each fixed-rate run's {@link Timeline} goes. */
  private final Path timelines;

  Bench(boolean quick, String scenarios, int storm, Path root) {
    this.quick = quick;
    this.scenarios = scenarios;
    this.storm = storm;
    this.timelines = root.resolve("bench/target/timelines");
  }

  /** Broadcast messages sent before the measured ones, left out of its figure. */
  private int broadcastWarmup() {
    return quick ? 100 : 500;
  }

  /** At most this many warm-up slices of the broadcast, while a JVM's JIT is busy. */
  private int broadcastWarmupSlices() {
    return quick ? 2 : 6;
  }

  /** Broadcast messages measured (10 s at 50 msg/s; 2 s in a quick run). */
  private int broadcastMessages() {
    return quick ? 100 : 500;
  }

  /** The measured run's own warm-up, left out of its figures. */
  private int warmupSeconds() {
    return quick ? 3 : 10;
  }

  private boolean runs(int scenario) {
    return scenarios.contains(Integer.toString(scenario));
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    String only = option(args, "only", null);
    Path root = Path.of("").toAbsolutePath();
    String scenarios = option(args, "scenarios", "12345");
    int storm = Integer.parseInt(option(args, "storm", "0"));
    int instances = Integer.parseInt(option(args, "instances", "2"));
    if (instances < 2) {
      throw new IllegalArgumentException("--instances: at least 2 (A and B)");
    }
    var bench = new Bench(quick, scenarios, storm, root);
    bench.rounds = Integer.parseInt(option(args, "rounds", "1"));
    String pg = System.getenv().getOrDefault("BENCH_PG", "127.0.0.1:5432");
    String redis = System.getenv().getOrDefault("BENCH_REDIS", "redis://127.0.0.1:6379");
    boolean pgUp = Servers.reachable(pg.split(":")[0], Integer.parseInt(pg.split(":")[1]));

    if (only == null || only.equals("ours")) {
      System.out.println("== starting Switchboard (" + instances + " Payara Micro instances) ==");
      bench.startAndMeasure(
          () ->
              Servers.ours(
                  root, pgUp ? "jdbc:postgresql://" + pg + "/postgres" : null, "1g", instances));
      if (instances != 2) {
        bench.notes.add(
            "Switchboard ran "
                + instances
                + " instances (--instances): scenario 1's visitors on every instance but B, the"
                + " idle sockets on all of them; the peer runs two");
      }
    }
    if (only == null || only.equals("peer")) {
      System.out.println("== starting the peer (2 Node instances) ==");
      bench.startAndMeasure(() -> Servers.peer(root, pg, redis));
    }
    String report = bench.report(pgUp ? "PostgreSQL at " + pg : "embedded PostgreSQL");
    System.out.println(report);
    Path results = root.resolve("bench/results");
    Files.createDirectories(results);
    Path file = results.resolve(LocalDate.now() + (quick ? "-quick" : "") + ".md");
    Files.writeString(file, report);
    System.out.println("written to " + file);
    // Last, where it cannot be missed under the table.
    bench.notStarted.forEach(failure -> System.err.println("FAILED: " + failure));
    // exit: the JDK client's selector threads would keep the JVM up
    System.exit(bench.exitStatus());
  }

  /** The value of {@code --name=value} among the arguments, or {@code fallback}. */
  static String option(String[] args, String name, String fallback) {
    String prefix = "--" + name + "=";
    return List.of(args).stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .findFirst()
        .orElse(fallback);
  }

  /**
   * 1 when a server did not start: its figures are missing, the run did not do what it was asked.
   */
  int exitStatus() {
    return notStarted.isEmpty() ? 0 : 1;
  }

  /** How a server is started. */
  interface Start {
    Target start() throws Exception;
  }

  /**
   * Starts a server and runs the scenarios against it. One that does not start is a failed run,
   * said at once, noted under the table and again last, with status 1; the run goes on with the
   * other server, whose figures do not depend on it (ours runs first: stopping when the peer does
   * not start would throw a whole run of ours away).
   */
  void startAndMeasure(Start start) throws Exception {
    Target target;
    try {
      target = start.start();
    } catch (Servers.NotStarted e) {
      System.out.println("   " + e.getMessage());
      notes.add(e.server + " did not start (" + e.cause + "): a failed run");
      notStarted.add(e.getMessage());
      return;
    }
    measure(target);
  }

  private void measure(Target target) throws Exception {
    var scenarios = new Scenarios(target, timelines);
    try {
      if (runs(1) || runs(2)) {
        attempt(
            target,
            this.scenarios.replaceAll("[^12]", ""), // as --scenarios names them
            () -> {
              try (var chat = scenarios.chat(200)) {
                if (runs(1)) {
                  crossInstance(scenarios, chat, target);
                }
                if (runs(2)) {
                  saturation(scenarios, chat, target);
                }
              }
            });
      }
      if (runs(3)) {
        attempt(target, "3", () -> idle(scenarios, target));
      }
      if (runs(4)) {
        attempt(target, "4", () -> broadcast(scenarios, target));
      }
      if (runs(5)) {
        if (target.stop() instanceof Cluster cluster) {
          attempt(target, "5", () -> search(cluster, target));
        } else {
          notes.add(target.name() + ": scenario 5 left out (the peer has no search)");
        }
      }
      if (runs(7)) {
        if (target.stop() instanceof Cluster cluster) {
          attempt(target, "7", () -> reports(cluster, target));
        } else {
          notes.add(target.name() + ": scenario 7 left out (the peer has no reports)");
        }
      }
      if (runs(6)) {
        attempt(target, "6", () -> storm(target)); // last: it kills instance A
      }
    } finally {
      scenarios.close();
      target.stop().close();
    }
  }

  /** A scenario's steps. */
  interface Step {
    void run() throws Exception;
  }

  /**
   * Runs a scenario; one that breaks off (a socket the server closed, a timeout) is a failed run,
   * noted with its cause, and the run goes on with the next, so the figures measured still reach
   * the table.
   */
  void attempt(Target target, String scenario, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      System.out.println("   scenario " + scenario + " broke off: " + cause);
      threadDumps(target, scenario);
      notes.add(
          target.name() + ": scenario " + scenario + " broke off (" + cause + "): a failed run");
    }
  }

  /** What each server process was doing when a scenario broke off, in files beside the bench. */
  private static void threadDumps(Target target, String scenario) {
    for (long pid : target.pids()) {
      Path file = Path.of("bench", "target", "threads-" + scenario + "-" + pid + ".txt");
      try {
        if (Proc.isJava(pid)) {
          Files.write(file, Proc.threadDump(pid));
          System.out.println("   threads of process " + pid + ": " + file);
        }
      } catch (Exception e) {
        System.out.println("   no thread dump of process " + pid + ": " + e);
      }
    }
  }

  private void crossInstance(Scenarios scenarios, Scenarios.Chat chat, Target target)
      throws Exception {
    System.out.println("-- 1. cross-instance 1:1 at 1,000 msg/s (" + target.name() + ")");
    // Half the rate for a while warms the JIT and the pools before anything counts: a cold JVM at
    // 1,000 msg/s spends a core compiling and queues for seconds, which says nothing about the
    // running product.
    // One reading of the compilers per slice (each is a jcmd process per instance): a slice's
    // end is the next one's start.
    long started = System.nanoTime();
    long sliceStarted = started;
    long compiled = scenarios.compileNanos();
    int seconds = HALF_RATE_WARMUP_SECONDS;
    while (true) {
      String phase = "1. warm-up at 500 msg/s";
      if (sliceStarted != started) {
        phase += ", " + (sliceStarted - started) / 1_000_000_000L + " s in, JIT still compiling";
      }
      chat.run(phase, 500, seconds, 0);
      long now = System.nanoTime();
      long compiledNow = scenarios.compileNanos();
      if ((compiledNow - compiled) * 10 < now - sliceStarted
          || now - started >= MAX_WARMUP_SECONDS * 1_000_000_000L) {
        break;
      }
      sliceStarted = now;
      compiled = compiledNow;
      seconds = WARMUP_SLICE_SECONDS;
    }
    long warm = (System.nanoTime() - started) / 1_000_000_000L;
    warmedUp.put(target.name(), warm);
    scenarios.awaitQuiet();
    System.out.println("   warm after " + warm + " s; measuring");
    for (int round = 1; round < rounds; round++) {
      var run = chat.run("1. measured, round " + round, 1000, warmupSeconds(), quick ? 10 : 30);
      System.out.printf(
          Locale.ROOT,
          "   round %d: ack p99 %.1f ms, delivery p99 %.1f ms, lost %d, disorder %d; B so far: %s%n",
          round,
          ms(run.ack(), 99),
          ms(run.delivery(), 99),
          run.lost(),
          run.disorder(),
          Target.fanOutCounters(target.b()));
      if (!run.clean()) {
        notes.add(
            target.name()
                + ": scenario 1's round "
                + round
                + " of "
                + rounds
                + " lost "
                + run.lost()
                + ", disorder "
                + run.disorder());
      }
      scenarios.awaitQuiet();
    }
    latency(
        "1. cross-instance, 1,000 msg/s",
        chat.run("1. measured at 1,000 msg/s", 1000, warmupSeconds(), quick ? 10 : 30),
        target);
  }

  private void saturation(Scenarios scenarios, Scenarios.Chat chat, Target target)
      throws Exception {
    System.out.println("-- 2. saturation (" + target.name() + ")");
    int best = 0;
    for (int rate = 250; rate <= 32000; rate *= 2) {
      scenarios.awaitQuiet();
      var step =
          chat.run(
              String.format(Locale.ROOT, "2. saturation at %,d msg/s", rate),
              rate,
              3,
              quick ? 5 : 10);
      System.out.printf(
          Locale.ROOT,
          "   %,d msg/s: ack p99 %.1f ms, delivery p99 %.1f ms, CPU %d µs/msg (PostgreSQL %d),"
              + " lost %d, disorder %d%n",
          rate,
          ms(step.ack(), 99),
          ms(step.delivery(), 99),
          step.cpuNanosPerMessage() / 1000,
          step.dbCpuNanosPerMessage() / 1000,
          step.lost(),
          step.disorder());
      if (!step.holds(P99_LIMIT)) {
        break;
      }
      best = rate;
    }
    put("2. saturation", "highest rate with p99 ≤ 50 ms, no loss", "msg/s", false, target, best);
  }

  private void idle(Scenarios scenarios, Target target) throws Exception {
    scenarios.awaitQuiet();
    int connections = quick ? 2000 : 10_000;
    int step = quick ? 4000 : 5000;
    System.out.println(
        "-- 3. idle connections: "
            + connections
            + ", then "
            + step
            + " more at a time until they do not fit ("
            + target.name()
            + ")");
    var idle = scenarios.idle(connections, step);
    String scenario = "3. idle " + connections;
    if (idle.heapPerConnection() >= 0) {
      put(scenario, "heap per connection", "KB", true, target, idle.heapPerConnection() / 1024.0);
    }
    put(scenario, "RSS per connection", "KB", true, target, idle.rssPerConnection() / 1024.0);
    String most = "3. idle, as many as fit";
    put(most, "connections held", "", false, target, idle.held());
    if (idle.heapPerHeld() >= 0) {
      put(most, "heap per connection", "KB", true, target, idle.heapPerHeld() / 1024.0);
    }
    put(most, "RSS per connection", "KB", true, target, idle.rssPerHeld() / 1024.0);
    notes.add(target.name() + ": idle sockets stopped at " + idle.held() + ": " + idle.limit());
  }

  private void search(Cluster cluster, Target target) throws Exception {
    System.out.println("-- 5. search: storing 1,000,000 messages (" + target.name() + ")");
    long seeding = System.nanoTime();
    SearchLoad load;
    try (var progress = Progress.start(target.name(), "storing 1,000,000 messages")) {
      load = SearchLoad.prepare(cluster, target, SearchLoad.CONVERSATIONS);
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "%s: scenario 5 stored %,d messages in %.0f s (COPY, then the search index built)",
            target.name(),
            SearchLoad.CONVERSATIONS * SearchLoad.PER_CONVERSATION,
            (System.nanoTime() - seeding) / 1e9));
    int warmup = quick ? 100 : 300;
    int count = quick ? 300 : 1000;
    for (var who :
        List.of(
            Map.entry("a supervisor", load.supervisorToken()),
            Map.entry("an agent of 1 team in 4", load.memberToken()))) {
      System.out.println("-- 5. search as " + who.getKey() + ": " + count + " queries");
      var result = load.run(target.b(), who.getValue(), warmup, count);
      String scenario = "5. search 1,000,000 messages, as " + who.getKey();
      put(scenario, "p50", "ms", true, target, ms(result.all(), 50));
      put(scenario, "p95", "ms", true, target, ms(result.all(), 95));
      put(scenario, "p99", "ms", true, target, ms(result.all(), 99));
      for (var kind : result.byKind().entrySet()) {
        put(scenario, "p95, " + kind.getKey(), "ms", true, target, ms(kind.getValue(), 95));
      }
      notes.add(
          String.format(
              Locale.ROOT,
              "%s: search as %s: %,d results in %,d queries",
              target.name(),
              who.getKey(),
              result.results(),
              count));
    }
  }

  private void reports(Cluster cluster, Target target) throws Exception {
    System.out.println(
        "-- 7. reports: storing 100,000 conversations and 1,000,000 messages ("
            + target.name()
            + ")");
    long seeding = System.nanoTime();
    ReportLoad load;
    try (var progress = Progress.start(target.name(), "storing a year of conversations")) {
      load = ReportLoad.prepare(cluster, target);
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "%s: scenario 7 stored %,d conversations and %,d messages in %.0f s",
            target.name(),
            ReportLoad.CONVERSATIONS,
            ReportLoad.CONVERSATIONS * ReportLoad.PER_CONVERSATION,
            (System.nanoTime() - seeding) / 1e9));
    int warmup = quick ? 3 : 10;
    int count = quick ? 10 : 30;
    System.out.println("-- 7. reports: each " + count + " times, one at a time");
    for (var report : load.run(target.b(), warmup, count).entrySet()) {
      String scenario = "7. reports on 100,000 conversations, " + report.getKey();
      put(scenario, "p50", "ms", true, target, ms(report.getValue(), 50));
      put(scenario, "max", "ms", true, target, ms(report.getValue(), 100));
    }
  }

  private void storm(Target target) throws Exception {
    int visitors = storm > 0 ? storm : quick ? 2000 : 10_000;
    int agents = Math.max(1, visitors / 200);
    System.out.printf(
        Locale.ROOT,
        "-- 6. reconnect storm: %,d visitors and %,d agents on A, A killed (%s)%n",
        visitors,
        agents,
        target.name());
    Storm.Result result;
    try (var progress = Progress.start(target.name(), "6. reconnect storm")) {
      result = new Storm(target).run(visitors, agents, line -> System.out.println("   " + line));
    }
    String scenario =
        String.format(Locale.ROOT, "6. reconnect storm, %,d sockets", visitors + agents);
    put(scenario, "ready after the kill, p50", "s", true, target, seconds(result.ready(), 50));
    put(scenario, "ready after the kill, p99", "s", true, target, seconds(result.ready(), 99));
    put(scenario, "ready after the kill, last", "s", true, target, seconds(result.ready(), 100));
    put(
        scenario,
        "every missed message received, last",
        "s",
        true,
        target,
        seconds(result.complete(), 100));
    put(scenario, "clients that needed more than one attempt", "", true, target, result.retried());
    put(
        scenario,
        "not ready, or an answer missing or twice, after 120 s",
        "",
        true,
        target,
        result.notReady() + result.missing() + result.doubled());
    notes.add(
        String.format(
            Locale.ROOT,
            "%s: storm: %,d not ready, %,d answers missing, %,d messages twice, %,d answers"
                + " refused; attempts that failed before ready: %s",
            target.name(),
            result.notReady(),
            result.missing(),
            result.doubled(),
            result.answersRefused(),
            result.failedAttempts()));
  }

  private static double seconds(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile) / 1e9;
  }

  private void broadcast(Scenarios scenarios, Target target) throws Exception {
    scenarios.awaitQuiet();
    int agents = quick ? 200 : 1000;
    System.out.println("-- 4. broadcast to " + agents + " agents (" + target.name() + ")");
    var broadcast =
        scenarios.broadcast(
            agents, broadcastWarmup(), broadcastWarmupSlices(), broadcastMessages(), 50);
    notes.add(target.name() + ": broadcast warmed up with " + broadcast.warmup() + " messages");
    String scenario = "4. broadcast, " + agents + " agents";
    put(
        scenario,
        "server CPU per delivered message",
        "µs",
        true,
        target,
        broadcast.cpuNanosPerDelivery() / 1000.0);
    put(
        scenario,
        "missing after the final wait, or out of order",
        "",
        true,
        target,
        broadcast.lost() + broadcast.disorder());
    if (broadcast.lost() + broadcast.disorder() > 0) {
      notes.add(
          target.name()
              + ": broadcast lost "
              + broadcast.lost()
              + ", disorder "
              + broadcast.disorder()
              + ": a failed run");
    }
  }

  void latency(String scenario, Scenarios.Run run, Target target) {
    String name = target.name();
    put(scenario, "delivery p50", "ms", true, name, ms(run.delivery(), 50));
    put(scenario, "delivery p99", "ms", true, name, ms(run.delivery(), 99));
    put(scenario, "delivery p99.9", "ms", true, name, ms(run.delivery(), 99.9));
    put(scenario, "ack p50", "ms", true, name, ms(run.ack(), 50));
    put(scenario, "ack p99", "ms", true, name, ms(run.ack(), 99));
    put(scenario, "servers' CPU per message", "µs", true, name, run.cpuNanosPerMessage() / 1000.0);
    put(
        scenario,
        "PostgreSQL's CPU per message",
        "µs",
        true,
        name,
        run.dbCpuNanosPerMessage() / 1000.0);
    put(
        scenario,
        "missing after the final wait, or out of order",
        "",
        true,
        name,
        run.lost() + run.disorder());
    if (!run.clean()) {
      notes.add(
          name
              + ": "
              + scenario
              + " lost "
              + run.lost()
              + ", disorder "
              + run.disorder()
              + ": a failed run");
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  private void put(String scenario, String name, String unit, boolean lower, Target t, double v) {
    put(scenario, name, unit, lower, t.name(), v);
  }

  private void put(String scenario, String name, String unit, boolean lower, String t, double v) {
    figures
        .computeIfAbsent(new Figure(scenario, name, unit, lower), f -> new LinkedHashMap<>())
        .put(t, v);
  }

  String report(String database) throws Exception {
    var out = new StringBuilder();
    out.append("# Benchmark ")
        .append(
            LocalDateTime.now()
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT))
                .substring(0, 16))
        .append(quick ? " (quick)" : "")
        .append("\n\n");
    out.append("| scenario | figure | Switchboard | peer (Node) | ours / peer |\n");
    out.append("|---|---|---:|---:|---:|\n");
    for (var e : figures.entrySet()) {
      Figure f = e.getKey();
      Double ours = e.getValue().get("Switchboard");
      Double peer = e.getValue().get("peer (Node)");
      String ratio =
          ours == null || peer == null || peer == 0 || ours.isNaN() || peer.isNaN()
              ? ""
              : String.format(
                  Locale.ROOT,
                  "%.2f %s",
                  ours / peer,
                  f.lowerIsBetter() ? "(lower is better)" : "(higher is better)");
      out.append("| ")
          .append(f.scenario())
          .append(" | ")
          .append(f.name())
          .append(f.unit().isEmpty() ? "" : " (" + f.unit() + ")")
          .append(" | ")
          .append(format(ours))
          .append(" | ")
          .append(format(peer))
          .append(" | ")
          .append(ratio)
          .append(" |\n");
    }
    out.append("\n");
    for (String note : notes) {
      out.append("- ").append(note).append("\n");
    }
    out.append("\n## Machine and settings\n\n");
    out.append("- ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores (")
        .append(cpuModel())
        .append("), ")
        .append(memTotal())
        .append(", ")
        .append(System.getProperty("os.name"))
        .append(" ")
        .append(System.getProperty("os.version"))
        .append("\n");
    out.append("- Java ")
        .append(System.getProperty("java.version"))
        .append("; Node ")
        .append(command("node", "--version"))
        .append("\n");
    out.append("- Both servers: two instances on this machine, one ")
        .append(database)
        .append("; ours with the embedded Artemis broker, Payara Micro instances at -Xms1g -Xmx1g")
        .append(" (G1, young generation at most ")
        .append(PayaraInstance.MAX_YOUNG_PERCENT)
        .append(" % of it), rate limit off, the load generator's address exempt from the limits")
        .append(" per address, mail delay ")
        .append(Servers.MAIL_DELAY_SECONDS)
        .append(
            " s (shipped: 120), so that the first round of unread-mail jobs, one per conversation,"
                + " comes due in the warm-up and they recur three times as often; everything else"
                + " as shipped; the peer (which sends no mail) with Redis.")
        .append(" The load generator runs in a third JVM on the same two cores.\n");
    out.append("- Latencies are measured from each message's scheduled send time (fixed rate,")
        .append(" no coordinated omission): delivery at an agent socket on instance B, ack at the")
        .append(
            " visitor's socket on A; 200 visitors round-robin. Warm-up excluded: before it, 500 msg/s for ")
        .append(HALF_RATE_WARMUP_SECONDS)
        .append(" s, and on for ")
        .append(WARMUP_SLICE_SECONDS)
        .append(
            " s more at a time while a JVM's JIT compilers spent a tenth or more of the last stretch")
        .append(" compiling, up to ")
        .append(MAX_WARMUP_SECONDS)
        .append(" s in all (")
        .append(
            warmedUp.isEmpty()
                ? "scenario 1 not run"
                : warmedUp.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue() + " s")
                    .collect(Collectors.joining(", ")))
        .append("); and the measured run's own first ")
        .append(warmupSeconds())
        .append(" s.\n");
    out.append("- Saturation: rates 250, 500, 1k, 2k, … each held ")
        .append(quick ? 5 : 10)
        .append(" s after 3 s of warm-up; the highest whose ack and delivery p99 stay ≤ 50 ms")
        .append(" with nothing missing. A message is missing when it has not arrived 15 s")
        .append(" (broadcast: 30 s) after the last send; a run with one missing message failed.\n");
    out.append("- Idle: visitor sockets authenticated, half on each instance; the servers' heap")
        .append(" (after a full GC, Java only) and RSS before and after, divided by the count;")
        .append(" then more, a step at a time from helper processes (one process may hold only so")
        .append(
            " many files), until a socket fails, an instance's heap after a full GC passes 85 %")
        .append(" of its maximum or the next step would pass an instance's limit of open files;")
        .append(" the same figures at the most held.\n");
    out.append("- Broadcast: agent sockets, half on each instance; one visitor sends at 50 msg/s,")
        .append(" first a warm-up, not counted: ")
        .append(broadcastWarmup())
        .append(" messages, and as many again while a JVM's JIT compilers spent a tenth or more")
        .append(" of that stretch compiling, up to ")
        .append(broadcastWarmup() * broadcastWarmupSlices())
        .append("; then ")
        .append(broadcastMessages())
        .append(" measured;")
        .append(" both instances' CPU time (user + system) over the run / messages delivered;")
        .append(" PostgreSQL's: its processes' CPU time (every process named postgres) over the")
        .append(" run / messages sent.\n");
    return out.toString();
  }

  private static String format(Double v) {
    if (v == null) {
      return "–";
    }
    if (v.isNaN()) {
      return "none arrived";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? String.format(Locale.ROOT, "%,d", v.longValue())
        : String.format(Locale.ROOT, "%,.2f", v);
  }

  /** Machines of one name differ by a factor of two here; the model and clock tell them apart. */
  private static String cpuModel() throws Exception {
    String model = "?";
    String mhz = "?";
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name") && model.equals("?")) {
        model = line.substring(line.indexOf(':') + 1).strip();
      } else if (line.startsWith("cpu MHz") && mhz.equals("?")) {
        mhz = line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return model + ", " + mhz + " MHz";
  }

  private static String memTotal() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return (Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024) + " GB";
      }
    }
    return "?";
  }

  private static String command(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      return new String(p.getInputStream().readAllBytes()).strip();
    } catch (Exception e) {
      return "not found";
    }
  }
}
