package dev.switchboard.system;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) whose frames land in a queue polled with timeouts. */
final class ChatClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> passed = new ArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();

  /** The {@code ready} frame, once authenticated. */
  JsonObject ready;

  private final WebSocket socket;

  private ChatClient(WebSocket socket) {
    this.socket = socket;
  }

  static ChatClient connect(URI base, String path) {
    return connect(base, path, null);
  }

  static ChatClient connect(URI base, String path, String origin) {
    URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    var listener = new Listener();
    var builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (origin != null) {
      builder.header("Origin", origin);
    }
    WebSocket ws = builder.buildAsync(uri, listener).join();
    var client = new ChatClient(ws);
    listener.client = client;
    return client;
  }

  /**
   * Connects and sends {@code auth} resuming one conversation after {@code afterSeq}; the {@code
   * ready} and what follows are the caller's to read.
   */
  static ChatClient resuming(
      URI base, String path, String token, String conversationId, long afterSeq) {
    var client = connect(base, path);
    client.send(
        frame("auth", "token", token)
            .add(
                "resume",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("conversationId", conversationId)
                            .add("afterSeq", afterSeq))));
    return client;
  }

  /** Connects and authenticates; returns once {@code ready} arrived. */
  static ChatClient authenticated(URI base, String path, String token) {
    var client = connect(base, path);
    client.send(Json.createObjectBuilder().add("type", "auth").add("token", token));
    long began = System.nanoTime();
    client.ready = client.next("ready");
    if (client.ready == null) {
      // What there was instead, so that a failure says whether the server refused, closed or
      // stayed silent.
      throw new AssertionError(
          "no ready frame within "
              + Duration.ofNanos(System.nanoTime() - began).toMillis()
              + " ms; frames instead: "
              + client.passed
              + "; closed with: "
              + client.closed.getNow(null));
    }
    return client;
  }

  /** A request frame from alternating names and values (strings, numbers, booleans, arrays). */
  static JsonObjectBuilder frame(String type, Object... namesAndValues) {
    var frame = Json.createObjectBuilder().add("type", type);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      Object value = namesAndValues[i + 1];
      if (value instanceof Number n) {
        frame.add(name, n.longValue());
      } else if (value instanceof Boolean b) {
        frame.add(name, b);
      } else if (value instanceof jakarta.json.JsonArrayBuilder array) {
        frame.add(name, array);
      } else {
        frame.add(name, (String) value);
      }
    }
    return frame;
  }

  void send(String type, Object... namesAndValues) {
    send(frame(type, namesAndValues));
  }

  /** The next frame of this type that also matches {@code wanted}; null on timeout. */
  JsonObject next(String type, Predicate<JsonObject> wanted) {
    return next(f -> type.equals(f.getString("type", null)) && wanted.test(f), WAIT);
  }

  /** As {@link #next(String, Predicate)}, waiting at most {@code timeout}. */
  JsonObject next(String type, Predicate<JsonObject> wanted, Duration timeout) {
    return next(f -> type.equals(f.getString("type", null)) && wanted.test(f), timeout);
  }

  void send(JsonObjectBuilder frame) {
    sendRaw(frame.build().toString());
  }

  void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  void sendText(String clientId, String conversationId, String text) {
    var frame =
        Json.createObjectBuilder().add("type", "send").add("clientId", clientId).add("text", text);
    if (conversationId != null) {
      frame.add("conversationId", conversationId);
    }
    send(frame);
  }

  /** The next frame of this type; null on timeout. */
  JsonObject next(String type) {
    return next(f -> type.equals(f.getString("type", null)), WAIT);
  }

  /**
   * The first frame, in arrival order, that {@code wanted} accepts; null on timeout (a zero timeout
   * looks at what has arrived). Frames passed over stay for later calls, so waiting for one thing
   * never loses another.
   */
  JsonObject next(Predicate<JsonObject> wanted, Duration timeout) {
    for (var it = passed.iterator(); it.hasNext(); ) {
      JsonObject frame = it.next();
      if (wanted.test(frame)) {
        it.remove();
        return frame;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        // Past the deadline (or a zero timeout) it still takes what has arrived, waiting for none.
        JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : frames.poll();
        if (frame == null) {
          return null;
        }
        if (wanted.test(frame)) {
          return frame;
        }
        passed.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Frames of the given types, in arrival order, until {@code count} or the timeout. */
  List<JsonObject> collect(int count, Duration timeout, String... types) {
    var out = new ArrayList<JsonObject>();
    List<String> wanted = List.of(types);
    while (out.size() < count) {
      JsonObject f = next(x -> wanted.contains(x.getString("type", null)), timeout);
      if (f == null) {
        break;
      }
      out.add(f);
    }
    return out;
  }

  /** The close code the server sent, waiting up to {@code timeout}. */
  Integer closeCode(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    volatile ChatClient client;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try (var reader = Json.createReader(new StringReader(text))) {
          client.frames.add(reader.readObject());
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      client.closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      client.closed.complete(-1);
    }
  }
}
