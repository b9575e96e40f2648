package dev.switchboard.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An intranet page, served at {@link TestCluster#EMBEDDER_ORIGIN}, that embeds the widget. */
final class IntranetPage implements AutoCloseable {

  private final HttpServer server;

  private IntranetPage(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code html} at every path until closed. */
  static IntranetPage serving(String html) throws IOException {
    return serving(Map.of("/", html));
  }

  /** Serves each page at its path (and what is under it) until closed. */
  static IntranetPage serving(Map<String, String> pages) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", TestCluster.EMBEDDER_PORT), 0);
    pages.forEach(
        (path, html) -> {
          byte[] body = html.getBytes(StandardCharsets.UTF_8);
          server.createContext(
              path,
              exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
              });
        });
    server.start();
    return new IntranetPage(server);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
