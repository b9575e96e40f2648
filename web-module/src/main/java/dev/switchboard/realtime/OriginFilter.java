package dev.switchboard.realtime;

import dev.switchboard.platform.Config;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a WebSocket handshake (403) whose {@code Origin} is neither the server's own origin nor
 * on {@code SWITCHBOARD_ALLOWED_ORIGINS}. Clients that send no Origin (not browsers) pass.
 */
@WebFilter("/ws/*")
public class OriginFilter extends HttpFilter {

  @Inject
  @ConfigProperty(name = Config.ALLOWED_ORIGINS)
  Optional<String> allowedOrigins;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin != null && !allowed(origin, request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean allowed(String origin, HttpServletRequest request) {
    String normalised = normalise(origin);
    if (normalised == null) {
      return false;
    }
    String scheme =
        Optional.ofNullable(request.getHeader("X-Forwarded-Proto")).orElse(request.getScheme());
    String host = request.getHeader("Host");
    if (host != null && normalised.equals(normalise(scheme + "://" + host))) {
      return true;
    }
    return allowList().contains(normalised);
  }

  private Set<String> allowList() {
    return allowedOrigins
        .map(
            value ->
                Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(OriginFilter::normalise)
                    .filter(s -> s != null)
                    .collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  /** scheme://host[:port] in lower case, without a default port; null when not an origin. */
  static String normalise(String origin) {
    try {
      URI uri = URI.create(origin.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return null;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort =
          port == -1
              || (port == 80 && (scheme.equals("http") || scheme.equals("ws")))
              || (port == 443 && (scheme.equals("https") || scheme.equals("wss")));
      return scheme
          + "://"
          + uri.getHost().toLowerCase(Locale.ROOT)
          + (defaultPort ? "" : ":" + port);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
