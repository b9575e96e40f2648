package dev.switchboard.system;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A client of the SSE transport as the RFC-minded would write one: a ticket, a {@code GET} that
 * streams events (each one frame, its {@code id} kept), and requests over {@code POST /api/frames}.
 */
final class SseClient implements AutoCloseable {

  // As a browser talks to a server without TLS: HTTP/1.1 (no h2c upgrade).
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One event: its id (null when it had none) and its frame. */
  record Event(String id, JsonObject frame) {}

  final int status;
  private final HttpResponse<java.io.InputStream> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Event> passed = new ArrayList<>();
  final AtomicInteger keepAlives = new AtomicInteger();
  private volatile boolean ended;
  private final Thread reader;

  /** A new ticket from {@code base} for the token. */
  static String ticket(URI base, String token) {
    var reply = AccountsIT.call(base, "POST", "/api/stream-tickets", token, null);
    if (reply.status() != 201) {
      throw new AssertionError("no ticket: " + reply.status() + " " + reply.body());
    }
    return reply.json().getString("ticket");
  }

  /** Opens {@code /sse/<kind>} on {@code base}; {@code lastEventId} as the header, if given. */
  static SseClient open(URI base, String kind, String ticket, String resume, String lastEventId)
      throws Exception {
    String query = "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
    if (resume != null) {
      query += "&resume=" + URLEncoder.encode(resume, StandardCharsets.UTF_8);
    }
    var request = HttpRequest.newBuilder(base.resolve("/sse/" + kind + query)).GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  private SseClient(HttpResponse<java.io.InputStream> response) {
    this.response = response;
    this.status = response.statusCode();
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private void read() {
    try (var lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(
                new Event(id, Json.createReader(new StringReader(data.toString())).readObject()));
          }
          id = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          keepAlives.incrementAndGet();
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (Exception e) {
      // closed
    } finally {
      ended = true;
    }
  }

  /** The next event whose frame {@code wanted} accepts (those passed over are kept), or null. */
  Event next(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
    synchronized (passed) {
      for (var it = passed.iterator(); it.hasNext(); ) {
        Event e = it.next();
        if (wanted.test(e.frame())) {
          it.remove();
          return e;
        }
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Event e = events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        return null;
      }
      if (wanted.test(e.frame())) {
        return e;
      }
      synchronized (passed) {
        passed.add(e);
      }
    }
  }

  Event next(String type) throws InterruptedException {
    return next(f -> type.equals(f.getString("type", null)), ChatClient.WAIT);
  }

  /** Whether the server ended the stream within the time. */
  boolean ends(Duration timeout) throws InterruptedException {
    reader.join(timeout.toMillis());
    return ended;
  }

  /** A request frame over HTTP: its status and body. */
  static Http.Reply post(URI base, String token, String frame) {
    return AccountsIT.call(base, "POST", "/api/frames", token, frame);
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (Exception e) {
      // gone already
    }
  }
}
