package dev.switchboard.system;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls of the contract. */
final class Http {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Reply(int status, String body, java.net.http.HttpHeaders headers) {
    Reply(int status, String body) {
      this(status, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (name, value) -> true));
    }

    JsonObject json() {
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }

    JsonStructure any() {
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.read();
      }
    }
  }

  private Http() {}

  static Reply post(URI base, String path, String json) {
    return call(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST without a body, with {@code Authorization: Bearer} when a token is given. */
  static Reply postAs(URI base, String path, String token) {
    var request =
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return call(request);
  }

  static Reply get(URI base, String path, String token) {
    var request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return call(request);
  }

  /** Any method, with a JSON body when one is given and {@code Authorization: Bearer}. */
  static Reply send(URI base, String method, String path, String token, String json) {
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return call(request);
  }

  private static Reply call(HttpRequest.Builder request) {
    try {
      var response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response.headers());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new visitor's token. */
  static JsonObject newVisitor(URI base) {
    Reply r = post(base, "/api/visitors", "{}");
    if (r.status() != 201) {
      throw new AssertionError("visitor registration: " + r);
    }
    return r.json();
  }

  static String agentToken(URI base, String username, String password) {
    return agentLogin(base, username, password).getString("token");
  }

  /** A sign-in attempt, whatever it answers. */
  static Reply login(URI base, String username, String password) {
    return post(
        base,
        "/api/agents/login",
        Json.createObjectBuilder()
            .add("username", username)
            .add("password", password)
            .build()
            .toString());
  }

  /** {@code {agentId, token, displayName, role}}. */
  static JsonObject agentLogin(URI base, String username, String password) {
    Reply r = login(base, username, password);
    if (r.status() != 200) {
      throw new AssertionError("agent login: " + r);
    }
    return r.json();
  }
}
