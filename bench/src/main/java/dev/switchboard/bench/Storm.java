package dev.switchboard.bench;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Scenario 6, a reconnect storm: visitors and agents connected to instance A, each with a recent
 * conversation; A is killed (SIGKILL) and every client reconnects to B at once, with the widget's
 * jittered back-off ({@code chat-client.js}) and {@code resume}, while an agent on B answers every
 * visitor (the messages they miss). Measured from the kill: when each client is {@code ready}, when
 * each has every message of its conversation (the answer included), and what was lost or came
 * twice. Instance A stays dead: this scenario runs last.
 */
final class Storm {

  /** The widget's back-off before each reconnect attempt, jittered by ×0.75–1.25. */
  private static final long[] BACKOFF_MS = {500, 1000, 2000, 4000, 8000, 15000, 30000};

  /**
   * The clients' HTTP clients: one JDK client does all its sockets' I/O on one selector thread,
   * which alone delayed the handshakes' answers of a storm by seconds.
   */
  private static final java.net.http.HttpClient[] HTTP = new java.net.http.HttpClient[8];

  static {
    for (int i = 0; i < HTTP.length; i++) {
      HTTP[i] =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .connectTimeout(java.time.Duration.ofSeconds(10))
              .build();
    }
  }

  /** How long after the kill a client may take before it counts as lost. */
  private static final long GIVE_UP_NANOS = 120_000_000_000L;

  /**
   * Rounds of resumes on B before the storm: at least the first, more while a JVM's compilers spent
   * a tenth or more of the last round compiling (as scenario 1's warm-up), up to the second.
   */
  private static final int MIN_REHEARSALS = 3;

  private static final int MAX_REHEARSALS = 10;

  /** Handshakes in flight while the clients connect to A before the kill. */
  private static final int IN_FLIGHT = 50;

  record Result(
      int visitors,
      int agents,
      Histogram ready,
      Histogram complete,
      int retried,
      int notReady,
      int missing,
      int doubled,
      int answersRefused,
      String failedAttempts) {}

  private final Target target;
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  private final AtomicInteger doubled = new AtomicInteger();

  /** Why attempts after the kill ended before ready, and how often. */
  private final java.util.Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

  private volatile boolean stormed;
  private volatile long killedAt;

  Storm(Target target) {
    this.target = target;
  }

  /** One simulated widget or console: its conversation, the seqs it holds, its attempts. */
  final class Client {
    final int index;
    final boolean agent;
    final String token;
    final String answer;
    volatile String conversation;
    volatile long lastSeq;
    final Set<Long> seen = ConcurrentHashMap.newKeySet();
    volatile long readyAt;
    volatile long answeredAt;
    volatile int attempts;
    volatile WebSocket socket;
    volatile String refusedFirst;
    volatile CompletableFuture<WebSocket> sent;

    Client(int index, boolean agent, String token, String answer) {
      this.index = index;
      this.agent = agent;
      this.token = token;
      this.answer = answer;
    }

    /** Connects to {@code base}; {@code ready} completes at the server's ready frame. */
    CompletableFuture<Client> connect(URI base) {
      var attempt = new Attempt(this);
      URI uri =
          URI.create(
              "ws://"
                  + base.getHost()
                  + ":"
                  + base.getPort()
                  + (agent ? "/ws/agent" : "/ws/visitor"));
      HTTP[index % HTTP.length]
          .newWebSocketBuilder()
          .connectTimeout(java.time.Duration.ofSeconds(30))
          .buildAsync(uri, attempt)
          .whenComplete(
              (ws, failure) -> {
                if (failure != null) {
                  attempt.ended(failure.toString());
                }
              });
      return attempt.ready.thenApply(r -> this);
    }

    void received(JsonObject frame, long now) {
      String type = frame.getString("type", "");
      if ("error".equals(type) && conversation == null) {
        refusedFirst = frame.toString();
      }
      JsonObject message =
          switch (type) {
            case "message" -> frame.getJsonObject("message");
            case "ack" -> frame.getJsonObject("message");
            default -> null;
          };
      if (message != null && conversation == null && "ack".equals(type)) {
        conversation = message.getString("conversationId");
      }
      if (message == null
          || conversation == null
          || !conversation.equals(message.getString("conversationId", ""))
          || !message.containsKey("seq")
          || message.isNull("seq")) {
        return;
      }
      long seq = message.getJsonNumber("seq").longValue();
      if (!seen.add(seq) && stormed && "message".equals(type)) {
        doubled.incrementAndGet();
      }
      lastSeq = Math.max(lastSeq, seq);
      if (answer != null && answer.equals(message.getString("text", null)) && answeredAt == 0) {
        answeredAt = now;
      }
    }

    /** The auth frame of a reconnect: resuming its conversation after the last seq it holds. */
    String authFrame() {
      return "{\"type\":\"auth\",\"token\":\""
          + token
          + "\",\"resume\":[{\"conversationId\":\""
          + conversation
          + "\",\"afterSeq\":"
          + lastSeq
          + "}]}";
    }

    String firstAuthFrame() {
      return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
    }

    void reconnectLater() {
      int attempt = attempts++;
      long delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
      long jittered = (long) (delay * (0.75 + ThreadLocalRandom.current().nextDouble() / 2));
      if (System.nanoTime() - killedAt > GIVE_UP_NANOS) {
        return;
      }
      timer.schedule(() -> connect(target.b()), jittered, TimeUnit.MILLISECONDS);
    }
  }

  /** One socket of a client: authenticates (resuming after the kill) and reads. */
  private final class Attempt implements WebSocket.Listener {
    final Client client;
    final CompletableFuture<Object> ready = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private boolean ended;
    private volatile long openedAt;

    /** Begun after the kill: a reconnect (the sockets that A's death closed are not counted). */
    private final boolean reconnect = stormed;

    Attempt(Client client) {
      this.client = client;
    }

    @Override
    public void onOpen(WebSocket ws) {
      openedAt = System.nanoTime();
      client.socket = ws;
      // A JDK WebSocket takes one send at a time (a second one fails): a later send waits for it.
      client.sent = ws.sendText(stormed ? client.authFrame() : client.firstAuthFrame(), true);
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        long now = System.nanoTime();
        JsonObject frame = WsClient.parse(partial);
        partial.setLength(0);
        if ("ready".equals(frame.getString("type", null))) {
          if (stormed && client.readyAt == 0) {
            client.readyAt = now;
          }
          ready.complete(frame);
        } else {
          client.received(frame, now);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      // How long this side had the socket: a server's auth deadline that runs out sooner started
      // before its handshake's answer reached the client.
      ended(
          "closed "
              + code
              + " "
              + reason
              + (openedAt == 0 ? "" : " (" + age(System.nanoTime() - openedAt) + ")"));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      ended(error.toString());
    }

    synchronized void ended(String why) {
      if (ended) {
        return;
      }
      ended = true;
      ready.completeExceptionally(new IllegalStateException(why));
      if (reconnect && client.readyAt == 0) {
        failures.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
      }
      // As the widget does: a 4401 is final, unless it says the auth frame's deadline passed.
      if (stormed && !(why.startsWith("closed 4401") && !why.contains("auth expected within"))) {
        client.reconnectLater();
      }
    }
  }

  Result run(int visitorCount, int agentCount, Consumer<String> say) throws Exception {
    var clients = new ArrayList<Client>();
    String agentToken = target.agentToken(target.a());
    // Visitors on A, each opening its conversation with a first message.
    var visitors = new ArrayList<Client>();
    var slots = new Semaphore(IN_FLIGHT);
    var opened = new ArrayList<CompletableFuture<Client>>();
    for (int i = 0; i < visitorCount; i++) {
      slots.acquire();
      var visitor = new Client(i, false, Target.visitorToken(target.a()), "storm " + i);
      visitors.add(visitor);
      opened.add(
          visitor
              .connect(target.a())
              .thenApply(
                  v -> {
                    // The ack names the conversation this first message opens.
                    v.sent.thenCompose(
                        ws ->
                            ws.sendText(
                                "{\"type\":\"send\",\"clientId\":\"storm-open\","
                                    + "\"text\":\"hello\"}",
                                true));
                    return v;
                  })
              .whenComplete((v, e) -> slots.release()));
    }
    for (var f : opened) {
      f.get(120, TimeUnit.SECONDS);
    }
    // Each visitor's conversation, from the server (its list, as the console's would show it).
    awaitConversations(visitors);
    clients.addAll(visitors);
    // Agents on A, each with one of those conversations open (what a console resumes).
    for (int i = 0; i < agentCount; i++) {
      var agent = new Client(i, true, agentToken, "storm " + (i * (visitorCount / agentCount)));
      Client watched = visitors.get(i * (visitorCount / agentCount));
      agent.conversation = watched.conversation;
      agent.lastSeq = watched.lastSeq;
      agent.seen.addAll(watched.seen);
      agent.connect(target.a()).get(60, TimeUnit.SECONDS);
      clients.add(agent);
    }
    // Every client resumes on B first and leaves, a few rounds, 50 at a time: B's JIT has compiled
    // the path, as on an instance that has been running a while (cold, half of B's CPU went to its
    // compilers; after three rounds of 10,050 still a quarter), and the rounds' rates say what B
    // sustains without a storm.
    long pidB = target.pids().get(1);
    boolean jvm = Proc.isJava(pidB);
    boolean compiling = true;
    for (int round = 1;
        round <= MIN_REHEARSALS || (compiling && round <= MAX_REHEARSALS);
        round++) {
      long started = System.nanoTime();
      long compiledBefore = jvm ? Proc.compileNanos(pidB) : 0;
      long cpuBefore = Proc.cpuNanos(target.pids().get(1));
      long ownBefore = ownCpuNanos();
      var dbBefore = Proc.postgresCpuNanos();
      var rehearsals = new ArrayList<CompletableFuture<WsClient>>();
      for (Client c : clients) {
        slots.acquire();
        rehearsals.add(
            WsClient.openWith(
                    HTTP[c.index % HTTP.length],
                    target.b(),
                    c.agent ? "/ws/agent" : "/ws/visitor",
                    c.authFrame(),
                    f -> {})
                .whenComplete(
                    (ws, e) -> {
                      slots.release();
                      if (ws != null) {
                        ws.close();
                      }
                    }));
      }
      for (var r : rehearsals) {
        r.get(120, TimeUnit.SECONDS);
      }
      long took = System.nanoTime() - started;
      double compiled = jvm ? (double) (Proc.compileNanos(pidB) - compiledBefore) / took : 0;
      compiling = compiled >= 0.1;
      say.accept(
          String.format(
              Locale.ROOT,
              "rehearsal %d: %,d resumes on B, 50 at a time, %.0f a second; CPU per resume: B %.2f"
                  + " ms, PostgreSQL %.2f ms, this load generator %.2f ms%s",
              round,
              clients.size(),
              clients.size() / (took / 1e9),
              (Proc.cpuNanos(target.pids().get(1)) - cpuBefore) / 1e6 / clients.size(),
              Proc.postgresCpuNanosSince(dbBefore) / 1e6 / clients.size(),
              (ownCpuNanos() - ownBefore) / 1e6 / clients.size(),
              jvm
                  ? String.format(Locale.ROOT, "; B's JIT compiling %.0f %% of it", compiled * 100)
                  : ""));
    }
    say.accept(
        String.format(
            Locale.ROOT,
            "%,d visitors and %,d agents connected to A; killing A",
            visitorCount,
            agentCount));

    // Answers from B: one per visitor, a few sockets sending, each a window of unanswered sends.
    var answerers = new ArrayList<WsClient>();
    var refused = new AtomicInteger();
    var window = new Semaphore(200);
    for (int i = 0; i < 4; i++) {
      answerers.add(
          WsClient.open(
                  Target.HTTP,
                  target.b(),
                  "/ws/agent",
                  target.agentToken(target.b()),
                  f -> {
                    String type = f.getString("type", "");
                    if ("ack".equals(type)) {
                      window.release();
                    } else if ("error".equals(type)) {
                      refused.incrementAndGet();
                      window.release();
                    }
                  })
              .get(60, TimeUnit.SECONDS));
    }

    long stormCpu = Proc.cpuNanos(target.pids().get(1));
    long stormOwn = ownCpuNanos();
    var stormDb = Proc.postgresCpuNanos();
    stormed = true;
    killedAt = System.nanoTime();
    ProcessHandle.of(target.pids().get(0)).ifPresent(ProcessHandle::destroyForcibly);
    for (int i = 0; i < visitorCount; i++) {
      window.acquire();
      answerers
          .get(i % answerers.size())
          .send(
              "{\"type\":\"send\",\"conversationId\":\""
                  + visitors.get(i).conversation
                  + "\",\"clientId\":\"storm-"
                  + i
                  + "\",\"text\":\"storm "
                  + i
                  + "\"}");
    }
    window.acquire(200); // every answer acknowledged or refused
    long answered = System.nanoTime();
    say.accept(
        String.format(
            Locale.ROOT,
            "%,d answers stored %.1f s after the kill (%,d refused)",
            visitorCount,
            (answered - killedAt) / 1e9,
            refused.get()));

    long deadline = killedAt + GIVE_UP_NANOS;
    while (System.nanoTime() < deadline && !clients.stream().allMatch(Storm::complete)) {
      Thread.sleep(100);
    }
    // The storm's own cost (the answers' sends included), to set beside the rehearsals'.
    say.accept(
        String.format(
            Locale.ROOT,
            "storm: CPU per client until every one was complete: B %.2f ms, PostgreSQL %.2f ms,"
                + " this load generator %.2f ms",
            (Proc.cpuNanos(target.pids().get(1)) - stormCpu) / 1e6 / clients.size(),
            Proc.postgresCpuNanosSince(stormDb) / 1e6 / clients.size(),
            (ownCpuNanos() - stormOwn) / 1e6 / clients.size()));
    var ready = new Histogram(GIVE_UP_NANOS, 3);
    var complete = new Histogram(GIVE_UP_NANOS, 3);
    int notReady = 0;
    int missing = 0;
    int retried = 0;
    for (Client c : clients) {
      if (c.readyAt == 0) {
        notReady++;
      } else {
        ready.recordValue(c.readyAt - killedAt);
      }
      if (c.answeredAt == 0) {
        missing++;
      } else if (c.readyAt != 0) {
        complete.recordValue(Math.max(c.readyAt, c.answeredAt) - killedAt);
      }
      if (c.attempts > 1) {
        retried++;
      }
    }
    for (Client c : clients) {
      var ws = c.socket;
      if (ws != null) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
      }
    }
    answerers.forEach(WsClient::close);
    timer.shutdownNow();
    return new Result(
        visitorCount,
        agentCount,
        ready,
        complete,
        retried,
        notReady,
        missing,
        doubled.get(),
        refused.get(),
        failures.toString());
  }

  /** How long after its handshake a socket closed, in the spans that tell the causes apart. */
  static String age(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    return seconds < 1
        ? "within 1 s of the handshake"
        : seconds < 5 ? "1-5 s after the handshake" : "5 s or more after the handshake";
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static boolean complete(Client c) {
    return c.readyAt != 0 && c.answeredAt != 0;
  }

  /**
   * Waits until every visitor's first message was acknowledged (its ack names the conversation).
   */
  private static void awaitConversations(List<Client> visitors) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    for (Client v : visitors) {
      while (v.conversation == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      if (v.conversation == null) {
        throw new IllegalStateException(
            "a visitor's first message was not acknowledged"
                + (v.refusedFirst == null ? "" : ": " + v.refusedFirst));
      }
    }
  }
}
