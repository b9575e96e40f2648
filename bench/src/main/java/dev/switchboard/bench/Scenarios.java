package dev.switchboard.bench;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** The benchmark's scenarios against one target. */
final class Scenarios {

  private static final long MAX_LATENCY_NANOS = 120_000_000_000L;

  private final Target target;
  private final Path timelines;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  private int runs;

  /** Each fixed-rate run's {@link Timeline} goes to {@code timelines}. */
  Scenarios(Target target, Path timelines) {
    this.target = target;
    this.timelines = timelines;
  }

  /** What a fixed-rate run measured; latencies from each message's scheduled send time. */
  record Run(
      int rate,
      Histogram ack,
      Histogram delivery,
      long sent,
      long lost,
      long disorder,
      long cpuNanosPerMessage,
      long dbCpuNanosPerMessage) {
    boolean clean() {
      return lost == 0 && disorder == 0;
    }

    boolean holds(long p99LimitNanos) {
      return clean()
          && ack.getValueAtPercentile(99) <= p99LimitNanos
          && delivery.getValueAtPercentile(99) <= p99LimitNanos;
    }
  }

  /**
   * Visitors on instance A (and on the instances after B, when there are more), each in its own
   * open conversation; one agent socket on B.
   */
  final class Chat implements AutoCloseable {
    final List<WsClient> visitors;
    final List<String> conversations;
    final WsClient agent;
    private volatile java.util.function.Consumer<JsonObject> onAgentFrame = f -> {};

    Chat(int visitorCount) throws Exception {
      agent =
          WsClient.open(
                  Target.HTTP,
                  target.b(),
                  "/ws/agent",
                  target.agentToken(target.b()),
                  f -> onAgentFrame.accept(f))
              .get(60, TimeUnit.SECONDS);
      var opened = new ArrayList<CompletableFuture<Object[]>>();
      List<URI> side = target.visitorSide();
      for (int i = 0; i < visitorCount; i++) {
        URI base = side.get(i % side.size());
        opened.add(CompletableFuture.supplyAsync(() -> open(base), pool));
      }
      var clients = new ArrayList<WsClient>();
      var ids = new ArrayList<String>();
      for (var f : opened) {
        Object[] pair = f.get(120, TimeUnit.SECONDS);
        clients.add((WsClient) pair[0]);
        ids.add((String) pair[1]);
      }
      visitors = List.copyOf(clients);
      conversations = List.copyOf(ids);
    }

    /** A new visitor with its socket and its conversation, opened by a first message. */
    private Object[] open(URI base) {
      try {
        String token = Target.visitorToken(base);
        var conversation = new CompletableFuture<String>();
        WsClient client =
            WsClient.open(
                    Target.HTTP,
                    base,
                    "/ws/visitor",
                    token,
                    f -> {
                      if ("ack".equals(f.getString("type", null))) {
                        conversation.complete(
                            f.getJsonObject("message").getString("conversationId"));
                      }
                    })
                .get(60, TimeUnit.SECONDS);
        client.send("{\"type\":\"send\",\"clientId\":\"open\",\"text\":\"hello\"}");
        return new Object[] {client, conversation.get(60, TimeUnit.SECONDS)};
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * Sends {@code rate} messages per second for warm-up plus measured seconds, round-robin over
     * the visitors, each at its scheduled time however late the answers are; {@code phase} names
     * the run in its progress lines.
     */
    Run run(String phase, int rate, int warmupSeconds, int seconds) throws Exception {
      int run = ++runs;
      int total = rate * (warmupSeconds + seconds);
      int warm = rate * warmupSeconds;
      long interval = 1_000_000_000L / rate;
      long[] due = new long[total];
      var timeline = new Timeline(due);
      var ack = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
      var delivery = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
      var acked = new AtomicIntegerArray(total);
      var delivered = new AtomicIntegerArray(total);
      var sent = new AtomicInteger();
      var acks = new AtomicInteger();
      var deliveries = new AtomicInteger();
      var disorder = new AtomicInteger();
      var probes = new AtomicInteger(); // the probe's own messages that reached the agent
      int n = visitors.size();
      int[] lastSeen = new int[n];
      java.util.Arrays.fill(lastSeen, -1);
      String prefix = "r" + run + " ";
      String idPrefix = "r" + run + "-";
      onAgentFrame =
          f -> {
            if (!"message".equals(f.getString("type", null))) {
              return;
            }
            String text = f.getJsonObject("message").getString("text", "");
            if (!text.startsWith(prefix)) {
              if (text.startsWith("probe" + run + " ")) {
                probes.incrementAndGet();
              }
              return;
            }
            long now = System.nanoTime();
            int k = Integer.parseInt(text.substring(prefix.length()));
            if (delivered.getAndSet(k, 1) == 1) {
              disorder.incrementAndGet(); // a duplicate
              return;
            }
            int v = k % n;
            if (k < lastSeen[v]) {
              disorder.incrementAndGet();
            }
            lastSeen[v] = Math.max(lastSeen[v], k);
            timeline.delivered(k, now);
            if (k >= warm) {
              delivery.recordValue(Math.min(now - due[k], MAX_LATENCY_NANOS));
            }
            deliveries.incrementAndGet();
          };
      for (int v = 0; v < n; v++) {
        visitors
            .get(v)
            .onFrame(
                f -> {
                  if (!"ack".equals(f.getString("type", null))) {
                    return;
                  }
                  String clientId = f.getString("clientId", "");
                  if (!clientId.startsWith(idPrefix)) {
                    return;
                  }
                  long now = System.nanoTime();
                  int k = Integer.parseInt(clientId.substring(idPrefix.length()));
                  if (acked.getAndSet(k, 1) == 0) {
                    timeline.acked(k, now);
                    if (k >= warm) {
                      ack.recordValue(Math.min(now - due[k], MAX_LATENCY_NANOS));
                    }
                    acks.incrementAndGet();
                  }
                });
      }
      long cpuBefore = cpu();
      var dbCpuBefore = Proc.postgresCpuNanos();
      long start = System.nanoTime() + 50_000_000L;
      for (int k = 0; k < total; k++) {
        due[k] = start + k * interval;
      }
      try (var progress =
          Progress.start(
              target.name(),
              phase,
              warmupSeconds + seconds,
              sent::get,
              () ->
                  String.format(
                      Locale.ROOT,
                      "%,d delivered, %,d acked, %,d not delivered yet",
                      deliveries.get(),
                      acks.get(),
                      sent.get() - deliveries.get()))) {
        for (int k = 0; k < total; k++) {
          long wait = due[k] - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          send(k % n, idPrefix + k, prefix + k);
          timeline.sent(k, System.nanoTime());
          sent.incrementAndGet();
        }
        long end = System.nanoTime() + 15_000_000_000L;
        while ((deliveries.get() < total || acks.get() < total) && System.nanoTime() < end) {
          Thread.sleep(20);
        }
      }
      long lost = Math.max(total - deliveries.get(), total - acks.get());
      if (deliveries.get() < total) {
        probe(phase, run, total, acked, delivered, deliveries, probes);
      }
      timeline.write(
          timelines.resolve(
              target.name().replaceAll("\\W+", "-").replaceAll("^-|-$", "").toLowerCase()
                  + "-run"
                  + run
                  + "-"
                  + rate
                  + ".csv"),
          rate);
      long cpuPerMessage = (cpu() - cpuBefore) / total;
      long dbCpuPerMessage = Proc.postgresCpuNanosSince(dbCpuBefore) / total;
      return new Run(
          rate, ack, delivery, total, lost, disorder.get(), cpuPerMessage, dbCpuPerMessage);
    }

    /**
     * Says which of a run's messages did not reach the agent, and where they were held: after the
     * run's count is taken, one message in a conversation that missed nothing (traffic on A's way
     * out, B's way in and B's writer: a tail held until the next traffic comes through), then one
     * in each conversation that missed something (B fills a conversation's gap from the database at
     * its next message: its topic event never came), each followed by up to 5 s for the missing.
     */
    private void probe(
        String phase,
        int run,
        int total,
        AtomicIntegerArray acked,
        AtomicIntegerArray delivered,
        AtomicInteger deliveries,
        AtomicInteger probes)
        throws InterruptedException {
      int n = visitors.size();
      var missing = new ArrayList<Integer>();
      int unacked = 0;
      int lastOfTheirConversation = 0;
      var conversationsMissing = new java.util.TreeMap<Integer, Integer>(); // visitor: how many
      for (int k = 0; k < total; k++) {
        if (delivered.get(k) == 0) {
          missing.add(k);
          conversationsMissing.merge(k % n, 1, Integer::sum);
          unacked += acked.get(k) == 0 ? 1 : 0;
          lastOfTheirConversation += k >= total - n ? 1 : 0;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "   %s: %,d of %,d not delivered (%,d of them not acked either; %,d the last of their"
              + " conversation; %,d conversations; first k %d, last k %d of 0..%d)%n",
          phase,
          missing.size(),
          total,
          unacked,
          lastOfTheirConversation,
          conversationsMissing.size(),
          missing.get(0),
          missing.get(missing.size() - 1),
          total - 1);
      System.out.println(
          "   missing by conversation (visitor index: count, of "
              + total / n
              + " sent to each): "
              + conversationsMissing);
      int quiet = -1;
      for (int v = 0; v < n && quiet < 0; v++) {
        if (!conversationsMissing.containsKey(v)) {
          quiet = v;
        }
      }
      int before = deliveries.get();
      if (quiet >= 0) {
        probeSend(quiet, "probe" + run + " other");
        awaitMore(deliveries, total, 5);
      }
      int afterOther = deliveries.get();
      for (int v : conversationsMissing.keySet()) {
        probeSend(v, "probe" + run + " own");
      }
      awaitMore(deliveries, total, 5);
      int afterOwn = deliveries.get();
      int probesSent = conversationsMissing.size() + (quiet >= 0 ? 1 : 0);
      for (long end = System.nanoTime() + 2_000_000_000L;
          probes.get() < probesSent && System.nanoTime() < end; ) {
        Thread.sleep(20);
      }
      System.out.printf(
          Locale.ROOT,
          "   probe: %,d arrived after a message in another conversation, %,d more after one in"
              + " their own (B's gap fill), %,d still missing; %d of the %d probe messages"
              + " reached the agent; agent socket %s%n",
          afterOther - before,
          afterOwn - afterOther,
          total - afterOwn,
          probes.get(),
          probesSent,
          agent.isOpen() ? "open" : "closed");
      System.out.println("   fan-out counters of A: " + Target.fanOutCounters(target.a()));
      System.out.println("   fan-out counters of B: " + Target.fanOutCounters(target.b()));
    }

    private void probeSend(int visitor, String text) {
      send(visitor, text.replace(' ', '-') + "-" + visitor, text);
    }

    /** A {@code send} of a visitor's into its conversation. */
    private void send(int visitor, String clientId, String text) {
      visitors
          .get(visitor)
          .send(
              "{\"type\":\"send\",\"conversationId\":\""
                  + conversations.get(visitor)
                  + "\",\"clientId\":\""
                  + clientId
                  + "\",\"text\":\""
                  + text
                  + "\"}");
    }

    private static void awaitMore(AtomicInteger deliveries, int total, int seconds)
        throws InterruptedException {
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (deliveries.get() < total && System.nanoTime() < end) {
        Thread.sleep(20);
      }
    }

    @Override
    public void close() {
      visitors.forEach(WsClient::close);
      agent.close();
    }
  }

  Chat chat(int visitors) throws Exception {
    return new Chat(visitors);
  }

  /**
   * Memory of the server processes per idle authenticated connection at {@code connections}, and at
   * the most they held ({@code held}) when more were added until {@code limit} said no more.
   */
  record Idle(
      int connections,
      long heapPerConnection,
      long rssPerConnection,
      int held,
      String limit,
      long heapPerHeld,
      long rssPerHeld) {}

  /**
   * Opens {@code connections} idle visitor sockets, half on each instance, and measures; then adds
   * {@code step} more at a time, each step in a helper process, until one does not fit: a socket
   * could not be opened, an instance's heap after a full GC is past 85 % of its maximum, or the
   * next step would take an instance's process past its limit of open files.
   */
  Idle idle(int connections, int step) throws Exception {
    var before = heaps();
    Map<Long, Long> maxHeaps = new LinkedHashMap<>();
    for (long pid : before.keySet()) {
      maxHeaps.put(pid, Proc.maxHeap(pid));
    }
    long heapBefore = total(before);
    long rssBefore = rss();
    List<URI> bases = target.all();
    var clients = new ArrayList<WsClient>();
    var holders = new ArrayList<Holder>();
    try {
      try (var progress = Progress.start(target.name(), "3. idle: " + sockets(connections))) {
        Holder.openVisitors(bases, connections, clients, pool);
      }
      Thread.sleep(2000);
      var heaps = heaps();
      long heap = total(heaps) - heapBefore;
      long rss = rss() - rssBefore;
      int held = connections;
      long heapHeld = heap;
      long rssHeld = rss;
      String limit = full(step, heaps, maxHeaps);
      while (limit == null) {
        Holder holder;
        try (var progress =
            Progress.start(
                target.name(), "3. idle: " + sockets(connections + step * (holders.size() + 1)))) {
          holder = Holder.start(step, bases);
        }
        holders.add(holder);
        Thread.sleep(2000);
        int alive = (int) clients.stream().filter(WsClient::isOpen).count();
        for (Holder h : holders) {
          alive += h.alive();
        }
        held = alive;
        heaps = heaps();
        heapHeld = total(heaps) - heapBefore;
        rssHeld = rss() - rssBefore;
        if (holder.failure != null) {
          limit = "a socket could not be opened: " + holder.failure;
        } else if (alive < connections + step * holders.size()) {
          limit =
              "the servers closed " + (connections + step * holders.size() - alive) + " sockets";
        } else {
          limit = full(step, heaps, maxHeaps);
        }
      }
      return new Idle(
          connections,
          heapBefore < 0 ? -1 : heap / connections,
          rss / connections,
          held,
          limit,
          heapBefore < 0 ? -1 : heapHeld / held,
          rssHeld / held);
    } finally {
      for (Holder h : holders) {
        h.close();
      }
      clients.forEach(WsClient::close);
    }
  }

  private static String sockets(int count) {
    return String.format(Locale.ROOT, "%,d sockets", count);
  }

  /**
   * Why another {@code step} of sockets would not fit, or null if it would; {@code heaps} as just
   * measured, against {@code maxHeaps}.
   */
  private String full(int step, Map<Long, Long> heaps, Map<Long, Long> maxHeaps) throws Exception {
    int share = step / target.pids().size();
    for (long pid : target.pids()) {
      long files = Proc.openFiles(pid);
      long maxFiles = Proc.maxOpenFiles(pid);
      // Room for what the process opens besides sockets (database connections, logs, jars).
      if (files + share + 500 > maxFiles) {
        return "the next step would pass an instance's limit of open files ("
            + maxFiles
            + " per process; "
            + files
            + " open)";
      }
    }
    for (var heap : heaps.entrySet()) {
      long used = heap.getValue();
      long max = maxHeaps.get(heap.getKey());
      if (used > max * 85 / 100) {
        return "an instance's heap after a full GC is past 85 % of its maximum ("
            + used / (1024 * 1024)
            + " of "
            + max / (1024 * 1024)
            + " MB)";
      }
    }
    return null;
  }

  /** Server CPU time per delivered message with many agents watching. */
  record Broadcast(
      int agents, long delivered, long lost, long disorder, long cpuNanosPerDelivery, int warmup) {}

  /**
   * Agents watch one visitor's conversation while the visitor sends at {@code rate}: first {@code
   * warmup} messages at a time, uncounted, again while a JVM's JIT compilers spent a tenth or more
   * of the last slice compiling (up to {@code maxWarmupSlices}, as scenario 1 warms up), then
   * {@code messages} measured.
   */
  Broadcast broadcast(int agentCount, int warmup, int maxWarmupSlices, int messages, int rate)
      throws Exception {
    String tokenA = target.agentToken(target.a());
    String tokenB = target.agentToken(target.b());
    int[] lastSeq = new int[agentCount]; // each written by its own socket's listener only
    java.util.Arrays.fill(lastSeq, -1);
    var deliveries = new AtomicInteger();
    var disorder = new AtomicInteger();
    String marker = "bc" + (++runs) + " ";
    var agents = new ArrayList<CompletableFuture<WsClient>>();
    for (int i = 0; i < agentCount; i++) {
      int index = i;
      agents.add(
          WsClient.open(
              Target.HTTP,
              i % 2 == 0 ? target.a() : target.b(),
              "/ws/agent",
              i % 2 == 0 ? tokenA : tokenB,
              f -> {
                if (!"message".equals(f.getString("type", null))) {
                  return;
                }
                String text = f.getJsonObject("message").getString("text", "");
                if (!text.startsWith(marker)) {
                  return;
                }
                int k = Integer.parseInt(text.substring(marker.length()));
                if (k <= lastSeq[index]) {
                  disorder.incrementAndGet();
                }
                lastSeq[index] = k;
                deliveries.incrementAndGet();
              }));
      if (i % 100 == 99) {
        agents.get(i).get(60, TimeUnit.SECONDS);
      }
    }
    var clients = new ArrayList<WsClient>();
    for (var f : agents) {
      clients.add(f.get(120, TimeUnit.SECONDS));
    }
    var sent = new AtomicInteger();
    try (var visitor = chat(1);
        var progress =
            Progress.start(
                target.name(),
                String.format(Locale.ROOT, "4. broadcast to %,d agents", agentCount),
                (warmup * maxWarmupSlices + messages) / rate,
                sent::get,
                () ->
                    String.format(
                        Locale.ROOT,
                        "%,d delivered, %,d not delivered yet",
                        deliveries.get(),
                        (long) sent.get() * agentCount - deliveries.get()))) {
      Thread.sleep(1000);
      // The same traffic first, uncounted: fresh instances deliver their first thousands of
      // frames with cold code (a broadcast on just-started instances lost most of its messages),
      // and a JIT still compiling the fan-out's paths spends a third of the instances' CPU.
      int warmed = 0;
      for (int slice = 1; ; slice++) {
        long sliceStarted = System.nanoTime();
        long compiled = compileNanos();
        burst(visitor, marker, warmed, warmup, rate, sent);
        warmed += warmup;
        awaitAtLeast(deliveries, (long) warmed * agentCount);
        if ((compileNanos() - compiled) * 10 < System.nanoTime() - sliceStarted
            || slice >= maxWarmupSlices) {
          break;
        }
      }
      int before = deliveries.get();
      long cpuBefore = cpu();
      burst(visitor, marker, warmed, messages, rate, sent);
      long expected = (long) (warmed + messages) * agentCount;
      awaitAtLeast(deliveries, expected);
      long cpuUsed = cpu() - cpuBefore;
      clients.forEach(WsClient::close);
      long delivered = deliveries.get() - before;
      return new Broadcast(
          agentCount,
          delivered,
          expected - deliveries.get(),
          disorder.get(),
          delivered == 0 ? -1 : cpuUsed / delivered,
          warmed);
    }
  }

  /**
   * The visitor sends messages {@code from} … {@code from + count - 1} at a fixed rate, counting
   * them in {@code sent}.
   */
  private void burst(
      Chat visitor, String marker, int from, int count, int rate, AtomicInteger sent) {
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int k = from; k < from + count; k++) {
      long wait = start + (k - from) * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      visitor
          .visitors
          .get(0)
          .send(
              "{\"type\":\"send\",\"conversationId\":\""
                  + visitor.conversations.get(0)
                  + "\",\"clientId\":\"bc-"
                  + runs
                  + "-"
                  + k
                  + "\",\"text\":\""
                  + marker
                  + k
                  + "\"}");
      sent.incrementAndGet();
    }
  }

  /** Until {@code count} reaches {@code expected}, or 30 s have passed. */
  private static void awaitAtLeast(AtomicInteger count, long expected) throws InterruptedException {
    long end = System.nanoTime() + 30_000_000_000L;
    while (count.get() < expected && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }

  /**
   * Waits (up to five minutes) until the servers are nearly idle: a backlog of an overloaded step
   * must not be measured as the next scenario's cost (a minute was not enough after 40 s at 1,000
   * msg/s on a slow machine).
   */
  void awaitQuiet() throws Exception {
    long end = System.nanoTime() + 300_000_000_000L;
    try (var progress =
        Progress.start(target.name(), "waiting until the servers are quiet (at most 5 min)")) {
      while (System.nanoTime() < end) {
        long before = cpu();
        Thread.sleep(1000);
        if (cpu() - before < 100_000_000L) {
          return;
        }
      }
    }
  }

  /**
   * Each server process's heap after a full GC, by process; none for Node (no full GC from outside;
   * RSS tells).
   */
  private Map<Long, Long> heaps() throws Exception {
    var heaps = new LinkedHashMap<Long, Long>();
    for (long pid : target.pids()) {
      if (!Proc.isJava(pid)) {
        return Map.of();
      }
      heaps.put(pid, Proc.heapAfterFullGc(pid));
    }
    return heaps;
  }

  /** The processes' heaps together; -1 when there are none to measure. */
  private static long total(Map<Long, Long> heaps) {
    return heaps.isEmpty() ? -1 : heaps.values().stream().mapToLong(Long::longValue).sum();
  }

  private long rss() throws Exception {
    long sum = 0;
    for (long pid : target.pids()) {
      sum += Proc.rssBytes(pid);
    }
    return sum;
  }

  /** Time the target's JIT compilers have spent so far; 0 for a target not on a JVM. */
  long compileNanos() throws Exception {
    long sum = 0;
    for (long pid : target.pids()) {
      if (Proc.isJava(pid)) {
        sum += Proc.compileNanos(pid);
      }
    }
    return sum;
  }

  private long cpu() throws Exception {
    long sum = 0;
    for (long pid : target.pids()) {
      sum += Proc.cpuNanos(pid);
    }
    return sum;
  }

  void close() {
    pool.shutdownNow();
  }
}
