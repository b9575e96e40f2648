package dev.switchboard.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * The company's OpenID Connect provider in the tests: NAV's mock OAuth2 server (a real one:
 * discovery, keys, authorization code with PKCE and nonce, signed ID tokens, end session) behind a
 * small front on its own port that passes everything through and can, once, tamper with the ID
 * token of the next token response (its claims changed, its signature kept), as an attacker between
 * the cluster and the provider would. The issuer is the front's address (the mock names itself
 * after the forwarded port).
 */
final class Oidc {

  static final String CLIENT_ID = "switchboard-console";
  static final String CLIENT_SECRET = "a-client-secret-for-the-tests";
  static final String NAME = "Example Corp";

  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "accept-encoding");
  private static final Pattern ID_TOKEN = Pattern.compile("\"id_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern EXPIRES_IN = Pattern.compile("(\"expires_in\"\\s*:\\s*)-");

  private final MockOAuth2Server server = new MockOAuth2Server();
  private final int port;
  private final AtomicBoolean tamperNext = new AtomicBoolean();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private HttpServer front;

  Oidc(int port) {
    this.port = port;
  }

  synchronized void start() {
    if (front != null) {
      return;
    }
    try {
      server.start(0);
      front = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      front.createContext("/", this::forward);
      front.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String issuer() {
    return "http://127.0.0.1:" + port + "/default";
  }

  /**
   * The next sign-in's person: their subject, name and groups; {@code expiresIn} seconds (negative:
   * an ID token already expired).
   */
  void nextUser(String subject, String username, List<String> groups, long expiresIn) {
    server.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "default",
            subject,
            "JWT",
            List.of(CLIENT_ID),
            Map.of(
                "preferred_username",
                username,
                "name",
                "Person " + username,
                "email",
                username + "@example.com",
                "groups",
                groups),
            expiresIn));
  }

  /** The next token response's ID token claims a supervisor, its signature unchanged. */
  void tamperWithNextToken() {
    tamperNext.set(true);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI target =
          URI.create(
              "http://127.0.0.1:"
                  + server.url("/").port()
                  + exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery()));
      byte[] body = exchange.getRequestBody().readAllBytes();
      var request =
          HttpRequest.newBuilder(target)
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body))
              .header("X-Forwarded-Proto", "http")
              .header("X-Forwarded-Port", Integer.toString(port));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                  values.forEach(v -> request.header(name, v));
                }
              });
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] answer = response.body();
      if (exchange.getRequestURI().getPath().endsWith("/token")) {
        // An expired user's tokens: the mock gives the access token a negative lifetime too,
        // which no provider sends (and clients refuse to parse); only the ID token's exp is old.
        String text =
            EXPIRES_IN.matcher(new String(answer, StandardCharsets.UTF_8)).replaceAll("$1");
        if (tamperNext.compareAndSet(true, false)) {
          text = tampered(text);
        }
        answer = text.getBytes(StandardCharsets.UTF_8);
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The ID token's claims with an agent made supervisor; header and signature as they were. */
  static String tampered(String tokenResponse) {
    Matcher m = ID_TOKEN.matcher(tokenResponse);
    if (!m.find()) {
      throw new IllegalStateException("no ID token in " + tokenResponse);
    }
    String[] parts = m.group(1).split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("support-agents", "support-supervisors");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    return tokenResponse.substring(0, m.start(1)) + forged + tokenResponse.substring(m.end(1));
  }
}
