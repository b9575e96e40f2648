package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.participants.entity.Participant;
import jakarta.websocket.Extension;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who writes a socket's frames: the thread that sends one when nothing of the socket's is still to
 * go, else the writer's thread, after what came before (PROTOCOL.md, delivery guarantee 6). Through
 * the API's way of writing (the direct way needs the container: ClusterIT, ProtocolIT).
 */
class ConnectionTest {

  /** One write: its text and the thread that made it. */
  private record Written(String text, String thread) {}

  private final List<Written> written = Collections.synchronizedList(new ArrayList<>());
  // The container's send of this text does not return until the test says.
  private volatile String stallOn;
  private final CountDownLatch stalled = new CountDownLatch(1);
  private final CountDownLatch resume = new CountDownLatch(1);
  private final SocketWriter writer = new SocketWriter();

  {
    writer.maxUnwrittenBytes = 1 << 20;
  }

  @AfterEach
  void stopWriter() {
    resume.countDown();
    writer.stop();
  }

  @Test
  void aFrameWithNothingBeforeItIsWrittenByTheThreadThatSendsIt() {
    var connection = connection();
    connection.send(outgoing("first"));
    connection.send(outgoing("second"));
    String me = Thread.currentThread().getName();
    assertEquals(List.of(new Written("first", me), new Written("second", me)), written);
  }

  @Test
  void aFrameSentWhileAnotherIsBeingWrittenGoesAfterItFromTheWriter() throws Exception {
    var connection = connection();
    stallOn = "first";
    var sender = new Thread(() -> connection.send(outgoing("first")), "a socket's thread");
    sender.start();
    assertEquals(true, stalled.await(10, TimeUnit.SECONDS), "the first write began");

    connection.send(outgoing("second")); // queued for the writer, which waits for the first
    await(ConnectionTest::aWriterWaitsInTransmit, "the writer waits for the first write");
    assertEquals(List.of(new Written("first", "a socket's thread")), written);

    resume.countDown();
    await(() -> written.size() == 2, "both written");
    assertEquals(
        List.of(
            new Written("first", "a socket's thread"),
            new Written("second", "switchboard-socket-writer")),
        written);

    sender.join(10_000);
    connection.send(outgoing("third")); // nothing left before it: this thread again
    assertEquals(new Written("third", Thread.currentThread().getName()), written.get(2));
  }

  @Test
  void framesForManySocketsGoFromTheWriterInOrder() {
    var connection = connection();
    for (String text : List.of("one", "two", "three")) {
      var out = outgoing(text);
      if (connection.admit(out)) {
        writer.writeAll(List.of(connection), out);
      }
    }
    await(() -> written.size() == 3, "all written");
    assertEquals(List.of("one", "two", "three"), written.stream().map(Written::text).toList());
    assertEquals(
        List.of("switchboard-socket-writer"),
        written.stream().map(Written::thread).distinct().toList());
  }

  /**
   * Senders racing each other and the writer's thread (a fan-out's threads and a broadcast): every
   * frame is written once, and each sender's in the order it sent them (the hand-off between a
   * sending thread and the writer's loses no wake-up).
   */
  @Test
  void framesFromRacingSendersAreAllWrittenOnceEachInItsSendersOrder() throws Exception {
    var connection = connection();
    int senders = 4;
    int each = 20_000;
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < senders; t++) {
      String name = "sender" + t;
      threads.add(
          new Thread(
              () -> {
                await(start);
                for (int n = 0; n < each; n++) {
                  var out = outgoing(name + " " + n);
                  if (n % 7 == 0) { // now and then with a broadcast's hand-off
                    if (connection.admit(out)) {
                      writer.writeAll(List.of(connection), out);
                    }
                  } else {
                    connection.send(out);
                  }
                }
              },
              name));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join(60_000);
    }
    await(() -> written.size() >= senders * each, "all written");
    var next = new HashMap<String, Integer>();
    synchronized (written) {
      assertEquals(senders * each, written.size(), "each frame once");
      for (Written w : written) {
        String[] parts = w.text().split(" ");
        int expected = next.getOrDefault(parts[0], 0);
        assertEquals(expected, Integer.parseInt(parts[1]), "in order for " + parts[0]);
        next.put(parts[0], expected + 1);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Connection connection() {
    return new Connection(new SocketTransport(session()), Participant.Kind.VISITOR, writer, null);
  }

  private static Connection.Outgoing outgoing(String text) {
    return new Connection.Outgoing(text, text, Wire.textFrame(text));
  }

  private static boolean aWriterWaitsInTransmit() {
    return Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(
            e ->
                e.getKey().getName().equals("switchboard-socket-writer")
                    && e.getKey().getState() == Thread.State.WAITING
                    && Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getMethodName().equals("transmit")));
  }

  private static void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.onSpinWait();
    }
  }

  /** An open session with an extension (so the API's way), recording its sends. */
  private Session session() {
    var async =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                  String text = (String) args[0];
                  written.add(new Written(text, Thread.currentThread().getName()));
                  if (text.equals(stallOn)) {
                    stalled.countDown();
                    resume.await(10, TimeUnit.SECONDS);
                  }
                  return CompletableFuture.completedFuture(null);
                });
    var deflate =
        (Extension)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Extension.class},
                (proxy, method, args) -> method.getName().equals("getName") ? "deflate" : null);
    return (Session)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Session.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getNegotiatedExtensions" -> List.of(deflate);
                  case "getAsyncRemote" -> async;
                  case "getRequestParameterMap" -> Map.of();
                  case "isOpen" -> true;
                  case "getId" -> "s1";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
