package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static dev.switchboard.system.ClusterIT.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A visitor and an agent in one conversation, sending without pause on a thread of their own (the
 * visitor every 20 ms, the agent every fourth turn) while a test takes the cluster apart under
 * them. Each side behaves as the contract asks of a client: a message is resent with its clientId
 * until acknowledged, and a socket that closes is opened again, on the next of its addresses that
 * answers, resuming after the last seq it has without a gap. What each side receives of the other's
 * messages is noted with the time, so that {@link #stopAndCheck} can say whether every acknowledged
 * message arrived exactly once and from when on they arrived live.
 */
final class SteadyChat implements AutoCloseable {

  /** A message delivered later than this after its ack was not delivered live. */
  static final Duration LIVE = Duration.ofSeconds(1);

  /** How long a client waits before resending a message refused as {@code rate_limited}. */
  static final Duration RATE_LIMITED = Duration.ofMillis(500);

  final String tag;
  final Side visitor;
  final Side agent;
  final String conversation;
  final Map<String, Long> acked = new ConcurrentHashMap<>();
  final Map<String, List<Long>> received = new ConcurrentHashMap<>();
  private final Thread thread;
  private final long started = System.nanoTime();

  /** What happened to the sockets, with the time: the story a failure tells. */
  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());

  private int repeats;

  private volatile boolean stopping;
  private volatile Throwable failed;

  /** One participant: its token, where it may connect, and its socket of the moment. */
  final class Side {
    final String path;
    final String token;
    final List<URI> addresses;
    final String othersPrefix;
    private ChatClient client;
    private int next;

    /** Seqs this side has (its own acknowledged, the other's received). */
    private final BitSet seqs = new BitSet();

    int reconnects;

    Side(String path, String token, List<URI> addresses, String othersPrefix) {
      this.path = path;
      this.token = token;
      this.addresses = addresses;
      this.othersPrefix = othersPrefix;
      this.client = ChatClient.authenticated(address(), path, token);
    }

    private URI address() {
      return addresses.get(next++ % addresses.size());
    }

    /** The last seq before the first one this side lacks. */
    synchronized long contiguous() {
      return seqs.nextClearBit(1) - 1;
    }

    /** The socket, opened again (resuming) if it closed. */
    ChatClient open() {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (client.closed.isDone()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(path + " could not reconnect");
        }
        drain(); // what the closed socket had received
        client.close();
        URI address = address();
        try {
          client = ChatClient.resuming(address, path, token, conversation, contiguous());
          if (client.next("ready", f -> true, Duration.ofSeconds(5)) != null) {
            reconnects++;
            note(path + " resumed on " + address);
            break;
          }
          note(path + " no ready from " + address + " in 5 s");
        } catch (RuntimeException refused) {
          // not listening (stopped, or starting): the next address
          note(path + " refused by " + address + ": " + refused.getMessage());
        }
        client.closed.complete(-1);
        pause(Duration.ofMillis(200)); // the client's back-off between attempts
      }
      return client;
    }

    /** Sends until acknowledged; {@code unavailable} and a closed socket are retried. */
    void send(String clientId) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        ChatClient to = open();
        try {
          to.sendText(clientId, conversation, clientId);
        } catch (RuntimeException closed) {
          continue;
        }
        JsonObject reply =
            to.next(
                f ->
                    clientId.equals(f.getString("clientId", null))
                        && !"message".equals(f.getString("type")),
                Duration.ofSeconds(5));
        if (reply != null && "ack".equals(reply.getString("type"))) {
          acked.put(clientId, System.nanoTime());
          synchronized (this) {
            seqs.set((int) seq(reply));
          }
          return;
        }
        String why = reply == null ? "no reply in 5 s" : reply.getString("code", reply.toString());
        note(path + " " + clientId + ": " + why);
        if ("rate_limited".equals(why)) {
          pause(RATE_LIMITED); // "may be sent again later" (the contract): not at once
        }
      }
      throw new AssertionError(clientId + " never acknowledged");
    }

    /** Notes the other side's messages that have arrived. */
    void drain() {
      for (JsonObject f;
          (f =
                  client.next(
                      x ->
                          "message".equals(x.getString("type", null))
                              && conversation.equals(conversationOf(x)),
                      Duration.ZERO))
              != null; ) {
        synchronized (this) {
          seqs.set((int) seq(f));
        }
        String id = f.getJsonObject("message").getString("clientId", "");
        if (id.startsWith(othersPrefix)) {
          received
              .computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
              .add(System.nanoTime());
        }
      }
    }
  }

  private SteadyChat(
      String tag, List<URI> visitorAddresses, List<URI> agentAddresses, String agentToken) {
    this.tag = tag;
    agent = new Side("/ws/agent", agentToken, agentAddresses, "v-" + tag);
    visitor =
        new Side(
            "/ws/visitor",
            Http.newVisitor(visitorAddresses.get(0)).getString("token"),
            visitorAddresses,
            "a-" + tag);
    JsonObject hello = MailIT.say(visitor.client, null, "hello from " + tag);
    conversation = conversationOf(hello);
    visitor.seqs.set((int) seq(hello));
    assertNotNull(
        agent.client.next("message", f -> conversation.equals(conversationOf(f))),
        "the agent sees the conversation");
    agent.seqs.set((int) seq(hello));
    thread = new Thread(this::run, "chat-" + tag);
  }

  /**
   * Starts the chat: the visitor connects to the first of {@code visitorAddresses} (and to the next
   * ones when a socket closes), the agent, signed in with {@code agentToken}, to its own.
   */
  static SteadyChat start(
      String tag, List<URI> visitorAddresses, List<URI> agentAddresses, String agentToken) {
    var chat = new SteadyChat(tag, visitorAddresses, agentAddresses, agentToken);
    chat.thread.start();
    return chat;
  }

  /** Notes an event; the same one again only counts on the last (a resend refused again). */
  private void note(String event) {
    String at = Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms ";
    synchronized (timeline) {
      if (!timeline.isEmpty() && timeline.get(timeline.size() - 1).endsWith(" " + event)) {
        repeats++;
      } else if (timeline.size() < 200) {
        if (repeats > 0) {
          timeline.add("(" + repeats + " more times)");
          repeats = 0;
        }
        timeline.add(at + event);
      }
    }
  }

  /** The timeline as it stands. */
  private String story() {
    synchronized (timeline) {
      return timeline + (repeats > 0 ? " (the last " + repeats + " more times)" : "");
    }
  }

  private void run() {
    try {
      for (int turn = 0; !stopping; turn++) {
        visitor.send("v-" + tag + "-" + turn);
        if (turn % 4 == 0) {
          agent.send("a-" + tag + "-" + turn);
        }
        visitor.drain();
        agent.drain();
        pause(Duration.ofMillis(20)); // the pace of the conversation, not a wait for anything
      }
    } catch (Throwable e) {
      failed = e;
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until this many messages have been acknowledged. */
  void await(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (acked.size() < count && failed == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(acked.size() >= count, "the chat got going: " + failed);
  }

  /** Waits until a message was acknowledged after this moment ({@link System#nanoTime}). */
  void awaitAckedAfter(long nanos) throws InterruptedException {
    long deadline = Math.max(nanos, System.nanoTime()) + Duration.ofSeconds(60).toNanos();
    while (acked.values().stream().noneMatch(t -> t > nanos)
        && failed == null
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /**
   * Stops sending, lets every acknowledged message arrive, and checks that each did exactly once;
   * returns how long after {@code since} the last message that did not arrive live was acknowledged
   * (zero: all were live).
   */
  Duration stopAndCheck(long since) throws Exception {
    stopping = true;
    thread.join(Duration.ofSeconds(150).toMillis());
    if (failed != null) {
      throw new AssertionError(
          "the chat broke off: " + failed + "; what happened, from the start: " + story(), failed);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!received.keySet().containsAll(acked.keySet()) && System.nanoTime() < deadline) {
      visitor.open();
      agent.open();
      visitor.drain();
      agent.drain();
      Thread.sleep(50);
    }
    var missing = new ArrayList<>(acked.keySet());
    missing.removeAll(received.keySet());
    var twice = new TreeMap<String, Integer>();
    received.forEach(
        (id, times) -> {
          if (times.size() != 1) {
            twice.put(id, times.size());
          }
        });
    long lastLate = since;
    for (var entry : acked.entrySet()) {
      List<Long> arrived = received.get(entry.getKey());
      long ack = entry.getValue();
      if (ack > since && (arrived == null || arrived.get(0) - ack > LIVE.toNanos())) {
        lastLate = Math.max(lastLate, ack);
      }
    }
    Duration late = Duration.ofNanos(lastLate - since);
    System.out.printf(
        "%s: %d messages acknowledged, %d missing, %d more than once, reconnects %d (visitor) and"
            + " %d (agent); all live from %d ms after the change on; what happened: %s%n",
        tag,
        acked.size(),
        missing.size(),
        twice.size(),
        visitor.reconnects,
        agent.reconnects,
        late.toMillis(),
        story());
    assertEquals(List.of(), missing, "acknowledged but never received");
    assertEquals(Map.of(), twice, "received more than once");
    return late;
  }

  @Override
  public void close() {
    stopping = true;
    visitor.client.close();
    agent.client.close();
  }
}
