package dev.switchboard.realtime;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Refuses a WebSocket handshake (403) whose {@code Origin} is neither the server's own origin nor
 * on {@code SWITCHBOARD_ALLOWED_ORIGINS}. Clients that send no Origin (not browsers) pass.
 */
@WebFilter("/ws/*")
public class OriginFilter extends HttpFilter {

  @Inject AllowedOrigins allowedOrigins;

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
    String normalised = AllowedOrigins.normalise(origin);
    if (normalised == null) {
      return false;
    }
    String scheme =
        Optional.ofNullable(request.getHeader("X-Forwarded-Proto")).orElse(request.getScheme());
    String host = request.getHeader("Host");
    if (host != null && normalised.equals(AllowedOrigins.normalise(scheme + "://" + host))) {
      return true;
    }
    return allowedOrigins.origins().contains(normalised);
  }
}
