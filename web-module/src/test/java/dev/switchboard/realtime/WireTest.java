package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.Extension;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 text frames as a server sends them: final, unmasked, the shortest length encoding; and
 * the API's way, where a socket's connection is not reached (the direct way needs the container:
 * {@code ClusterIT}).
 */
class WireTest {

  /** The payload a client reads from the frame, after checking its header. */
  static String read(byte[] frame) {
    var in = ByteBuffer.wrap(frame);
    assertEquals((byte) 0x81, in.get(), "FIN and the text opcode");
    int length = in.get();
    assertEquals(0, length & 0x80, "a server's frames are not masked");
    long payload =
        switch (length) {
          case 126 -> Short.toUnsignedInt(in.getShort());
          case 127 -> in.getLong();
          default -> length;
        };
    assertEquals(in.remaining(), payload);
    return new String(frame, in.position(), in.remaining(), StandardCharsets.UTF_8);
  }

  @Test
  void eachLengthTakesItsEncodingAndTheTextComesBack() {
    for (int bytes : new int[] {0, 1, 125, 126, 65_535, 65_536, 200_000}) {
      String text = "a".repeat(bytes);
      byte[] frame = Wire.textFrame(text);
      int header = bytes < 126 ? 2 : bytes <= 65_535 ? 4 : 10;
      assertEquals(header + bytes, frame.length, bytes + " bytes");
      assertEquals(text, read(frame));
    }
  }

  @Test
  void theLengthCountsUtf8BytesNotCharacters() {
    String text = "Grüße \uD83D\uDE00 你好";
    byte[] frame = Wire.textFrame(text);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(utf8.length, frame[1]);
    assertArrayEquals(utf8, Arrays.copyOfRange(frame, 2, frame.length));
    assertEquals(text, read(frame));
  }

  /** A session with an extension (so the API's way), whose sends finish when the test says. */
  private static Session session(List<String> sent, List<CompletableFuture<Void>> sends) {
    var async =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                WireTest.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("sendText")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  sent.add((String) args[0]);
                  var send = new CompletableFuture<Void>();
                  sends.add(send);
                  return send;
                });
    var deflate =
        (Extension)
            Proxy.newProxyInstance(
                WireTest.class.getClassLoader(),
                new Class<?>[] {Extension.class},
                (proxy, method, args) -> method.getName().equals("getName") ? "deflate" : null);
    return (Session)
        Proxy.newProxyInstance(
            WireTest.class.getClassLoader(),
            new Class<?>[] {Session.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getNegotiatedExtensions" -> List.of(deflate);
                  case "getAsyncRemote" -> async;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static Connection.Outgoing outgoing(String json) {
    return new Connection.Outgoing(json, json, Wire.textFrame(json));
  }

  @Test
  void throughTheApiWhatIsUnwrittenIsWhatTheContainerHasNotFinished() {
    var sent = new ArrayList<String>();
    var sends = new ArrayList<CompletableFuture<Void>>();
    Wire wire = Wire.of(session(sent, sends));
    var first = outgoing("{\"type\":\"pong\",\"ref\":\"1\"}");
    var second = outgoing("{\"type\":\"pong\",\"ref\":\"" + "x".repeat(300) + "\"}");
    assertEquals(0, wire.unwritten());

    wire.write(first);
    wire.write(second);
    assertEquals(List.of(first.json(), second.json()), sent, "the text, not the frame's bytes");
    assertEquals(first.wire().length + second.wire().length, wire.unwritten());

    sends.get(1).complete(null); // done out of order: the first still counts, the second waits
    assertEquals(first.wire().length + second.wire().length, wire.unwritten());
    sends.get(0).complete(null);
    assertEquals(0, wire.unwritten());

    wire.write(first);
    wire.terminate(); // nothing to end here; what it held is forgotten
    assertEquals(0, wire.unwritten());
  }
}
