package dev.switchboard.system;

import dev.switchboard.launcher.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of an instance, as a load balancer would be: a test can cut every connection
 * through it (the client sees the server drop its socket) and refuse new ones for a while, then
 * accept again on the same port.
 */
final class TcpProxy implements AutoCloseable {

  private final URI target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private volatile long holdNextMillis;
  private final StringBuffer seen = new StringBuffer();

  TcpProxy(URI target) throws IOException {
    this.target = target;
    this.port = Ports.free();
    accept();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Starts (again) to accept connections on the same port. */
  synchronized void accept() throws IOException {
    var socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = socket;
    daemon(() -> acceptLoop(socket));
  }

  /** Cuts every connection and refuses new ones until {@link #accept}. */
  synchronized void cut() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket(target.getHost(), target.getPort());
        open.add(client);
        open.add(upstream);
        long hold = holdNextMillis;
        holdNextMillis = 0;
        pipe(client, upstream, hold, false);
        pipe(upstream, client, 0, true);
      } catch (IOException e) {
        return; // closed by cut()
      }
    }
  }

  /**
   * The next WebSocket's bytes after its handshake (its first read) reach the server {@code millis}
   * late, as a busy server would read them.
   */
  void holdNextConnection(long millis) {
    holdNextMillis = millis;
  }

  /** Whether the server has sent this (as Latin-1 text) on any connection so far. */
  boolean serverSent(String text) {
    return seen.indexOf(text) >= 0;
  }

  private void pipe(Socket from, Socket to, long holdMillis, boolean record) {
    daemon(
        () -> {
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            long hold = holdMillis;
            for (int n; (n = in.read(buffer)) >= 0; ) {
              out.write(buffer, 0, n);
              out.flush();
              if (record) {
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
              }
              if (hold > 0) {
                if (new String(buffer, 0, Math.min(n, 8), StandardCharsets.ISO_8859_1)
                    .equals("GET /ws/")) {
                  Thread.sleep(hold);
                } else {
                  holdNextMillis = hold; // not a WebSocket: the next connection is held instead
                }
                hold = 0;
              }
            }
          } catch (IOException | InterruptedException ignored) {
            // one side closed: close both below
          } finally {
            try {
              from.close();
              to.close();
            } catch (IOException ignored) {
              // already closed
            }
          }
        });
  }

  private static void daemon(Runnable task) {
    var thread = new Thread(task, "tcp-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
