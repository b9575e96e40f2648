package dev.switchboard.bench;

import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running chat cluster under test: where its instances listen (A, B and any more, {@code extra}),
 * their process ids (for memory and CPU) and an agent to log in as.
 */
record Target(
    String name,
    URI a,
    URI b,
    List<URI> extra,
    List<Long> pids,
    String agent,
    String password,
    AutoCloseable stop) {

  /** Two instances. */
  Target(
      String name,
      URI a,
      URI b,
      List<Long> pids,
      String agent,
      String password,
      AutoCloseable stop) {
    this(name, a, b, List.of(), pids, agent, password, stop);
  }

  /** Every instance. */
  List<URI> all() {
    var all = new ArrayList<>(List.of(a, b));
    all.addAll(extra);
    return all;
  }

  /** Where scenario 1's visitors connect: every instance but B, whose agent socket they reach. */
  List<URI> visitorSide() {
    var side = all();
    side.remove(b);
    return side;
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /**
   * An instance's fan-out counters as its {@code /metrics} gives them (ours: gaps filled from the
   * database, messages that came late), one line; what went wrong when it has none.
   */
  static String fanOutCounters(URI base) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve("/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return "no metrics (" + response.statusCode() + ")";
      }
      return response
          .body()
          .lines()
          .filter(
              l ->
                  l.startsWith("switchboard_fanout_gap") || l.startsWith("switchboard_fanout_late"))
          .map(l -> l.replaceAll("\\{mp_scope=\"application\",?\\}", ""))
          .collect(java.util.stream.Collectors.joining(", "));
    } catch (Exception e) {
      return "no metrics (" + e + ")";
    }
  }

  /** A new visitor's token (the same call on both servers: the wire contract's). */
  static String visitorToken(URI base) throws Exception {
    return post(base, "/api/visitors", "{}", 201).getString("token");
  }

  String agentToken(URI base) throws Exception {
    String body =
        Json.createObjectBuilder()
            .add("username", agent)
            .add("password", password)
            .build()
            .toString();
    return post(base, "/api/agents/login", body, 200).getString("token");
  }

  private static jakarta.json.JsonObject post(URI base, String path, String body, int expected)
      throws Exception {
    HttpResponse<String> response;
    try {
      response =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve(path))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) { // which request: the client's exception does not say
      throw new java.io.IOException(base.resolve(path) + ": " + e, e);
    }
    if (response.statusCode() != expected) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return WsClient.parse(response.body());
  }
}
