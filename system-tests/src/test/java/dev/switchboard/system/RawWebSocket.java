package dev.switchboard.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client written by hand, for what well-behaved clients (the JDK's) never do: leave
 * what the server sends unread, send broken frames.
 */
final class RawWebSocket implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Opens {@code path} (no Origin, as a non-browser client) with the given receive buffer (0: the
   * system's); fails unless the server switches protocols.
   */
  static RawWebSocket open(URI base, String path, int receiveBuffer) throws IOException {
    return open(null, base, path, receiveBuffer);
  }

  /** As {@link #open(URI, String, int)}, from this local address (null: any). */
  static RawWebSocket open(String from, URI base, String path, int receiveBuffer)
      throws IOException {
    return open(from, base, path, receiveBuffer, new byte[0]);
  }

  /**
   * Opens {@code path} sending {@code early} (frames) in the same packet as the handshake, before
   * its answer: allowed to no client, done by some all the same.
   */
  static RawWebSocket openWith(URI base, String path, byte[] early) throws IOException {
    return open(null, base, path, 0, early);
  }

  private static RawWebSocket open(
      String from, URI base, String path, int receiveBuffer, byte[] early) throws IOException {
    var socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    if (from != null) {
      socket.bind(new InetSocketAddress(from, 0));
    }
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    socket.setSoTimeout(10_000);
    var raw = new RawWebSocket(socket);
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    var handshake = new ByteArrayOutputStream();
    handshake.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + ":"
                + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    handshake.write(early);
    raw.out.write(handshake.toByteArray());
    raw.out.flush();
    var head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = raw.in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.write(b);
    }
    String status = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    if (!status.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("not upgraded: " + status);
    }
    return raw;
  }

  void sendText(String text) throws IOException {
    sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** One final frame, masked as a client's must be (RFC 6455, 5.2). */
  void sendFrame(int opcode, byte[] payload) throws IOException {
    out.write(frame(opcode, payload));
    out.flush();
  }

  /** One final frame's bytes, masked. */
  static byte[] frame(int opcode, byte[] payload) {
    var frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        frame.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /** Reads until what came holds {@code text} (frames unparsed); false at the deadline or end. */
  boolean readUntil(String text, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    var seen = new StringBuilder();
    byte[] buffer = new byte[8192];
    while (seen.indexOf(text) < 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        return false;
      }
      if (n < 0) {
        return false;
      }
      seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
    }
    return true;
  }

  /**
   * Reads whatever comes until the server ends the connection: the bytes read, or -1 if it is still
   * open after {@code within}.
   */
  long drain(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return -1;
      }
      socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        return -1;
      } catch (IOException reset) {
        return total; // ended abruptly: ended all the same
      }
      if (n < 0) {
        return total;
      }
      total += n;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
