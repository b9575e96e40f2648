package dev.switchboard.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.0 requests from a chosen local address (any of 127.0.0.0/8 on this machine): a client of
 * its own to the limits per address, which the JDK's client cannot be.
 */
final class RawHttp {

  record Reply(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  static Reply post(String from, URI base, String path, Map<String, String> headers, String json)
      throws IOException {
    return send("POST", from, base, path, headers, json);
  }

  static Reply get(String from, URI base, String path) throws IOException {
    return send("GET", from, base, path, Map.of(), "");
  }

  private static Reply send(
      String method, String from, URI base, String path, Map<String, String> headers, String json)
      throws IOException {
    try (var socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      socket.setSoTimeout(30_000);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      var request = new StringBuilder();
      request.append(method).append(' ').append(path).append(" HTTP/1.0\r\n");
      request.append("Host: ").append(base.getHost()).append(':').append(base.getPort());
      request.append("\r\nContent-Type: application/json\r\nContent-Length: ");
      request.append(body.length).append("\r\n");
      headers.forEach(
          (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      var out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = response.indexOf("\r\n\r\n");
      String[] head = response.substring(0, end).split("\r\n");
      var names = new LinkedHashMap<String, String>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        names.put(
            head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            head[i].substring(colon + 1).strip());
      }
      return new Reply(Integer.parseInt(head[0].split(" ")[1]), names, response.substring(end + 4));
    }
  }

  /**
   * One response read off a socket, head and body (by its Content-Length), without waiting for the
   * connection to close.
   */
  static String readResponse(Socket socket) throws IOException {
    var in = socket.getInputStream();
    var head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
