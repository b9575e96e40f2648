package dev.switchboard.bench;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One WebSocket of the load generator (the JDK's client). Frames go to a handler on the client's
 * threads; sends are chained, since a JDK WebSocket takes one outstanding send at a time.
 */
final class WsClient {

  private final WebSocket socket;
  private final Listener listener;
  private CompletableFuture<WebSocket> last;

  private WsClient(WebSocket socket, Listener listener) {
    this.socket = socket;
    this.listener = listener;
    this.last = CompletableFuture.completedFuture(socket);
  }

  /** Connects to {@code base} + {@code path}, authenticates and waits for {@code ready}. */
  static CompletableFuture<WsClient> open(
      HttpClient http, URI base, String path, String token, Consumer<JsonObject> onFrame) {
    return openWith(http, base, path, "{\"type\":\"auth\",\"token\":\"" + token + "\"}", onFrame);
  }

  /** As {@link #open}, with the whole {@code auth} frame given (one that resumes, say). */
  static CompletableFuture<WsClient> openWith(
      HttpClient http, URI base, String path, String auth, Consumer<JsonObject> onFrame) {
    var listener = new Listener();
    listener.handler = onFrame;
    URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    return http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(30))
        .buildAsync(uri, listener)
        .thenCompose(
            ws -> {
              listener.openedAt = System.nanoTime();
              var client = new WsClient(ws, listener);
              client.send(auth);
              client.last.thenRun(() -> listener.authWrittenAt = System.nanoTime());
              return listener.ready.thenApply(r -> client);
            });
  }

  synchronized void send(String text) {
    last = last.thenCompose(ws -> ws.sendText(text, true));
  }

  void onFrame(Consumer<JsonObject> handler) {
    listener.handler = handler;
  }

  /** Whether the socket is still open (the server has neither closed it nor failed it). */
  boolean isOpen() {
    return !socket.isInputClosed();
  }

  void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
  }

  /**
   * Found once: {@code Json.createReader} looks the provider up through the service loader, jar by
   * jar, on every call (more than half of the load generator's CPU in a broadcast, which then could
   * not read as fast as the servers wrote).
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  static JsonObject parse(CharSequence text) {
    try (var reader = JSON.createReader(new StringReader(text.toString()))) {
      return reader.readObject();
    }
  }

  private static final class Listener implements WebSocket.Listener {
    final CompletableFuture<JsonObject> ready = new CompletableFuture<>();
    volatile Consumer<JsonObject> handler;
    // When the handshake completed and the auth frame was written: says, when the server closes a
    // socket for a late auth, whether this side was late (a stalled load generator) or the server.
    volatile long openedAt;
    volatile long authWrittenAt;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonObject frame = parse(partial);
          if (!ready.isDone() && "ready".equals(frame.getString("type", null))) {
            ready.complete(frame);
          } else if (handler != null) {
            handler.accept(frame);
          }
        } catch (RuntimeException e) {
          // The JDK's client then drops the socket without a close: say so, or every frame after
          // it counts as missing with no cause given.
          System.out.println(
              "   a socket's frame could not be handled, and it reads no more: " + e);
          e.printStackTrace(System.out);
          throw e;
        } finally {
          partial.setLength(0);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      long now = System.nanoTime();
      String timing =
          authWrittenAt == 0
              ? "auth not yet written " + (now - openedAt) / 1_000_000 + " ms after the handshake"
              : "auth written "
                  + (authWrittenAt - openedAt) / 1_000_000
                  + " ms after the handshake, closed "
                  + (now - openedAt) / 1_000_000
                  + " ms after it";
      ready.completeExceptionally(
          new IllegalStateException("closed " + code + " " + reason + " (" + timing + ")"));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      if (ready.isDone()) { // a signed-in socket's end would go unseen, its frames counted missing
        System.out.println("   a socket failed without a close: " + error);
      }
      ready.completeExceptionally(error);
    }
  }
}
