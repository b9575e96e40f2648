package dev.switchboard.ui;

import dev.switchboard.realtime.AllowedOrigins;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * A strict Content Security Policy on every page (not on the sockets' upgrades): scripts, styles
 * and connections from this server only, nothing inline. The widget's page may be framed by the
 * pages allowed to embed it ({@code SWITCHBOARD_ALLOWED_ORIGINS}); everything else, the console
 * first, by nobody. Paths are the container's decoded and normalised ones, so {@code /%63onsole/}
 * is the console too.
 */
// Async: the SSE streams (/sse/*) pass through it.
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PageHeaders extends HttpFilter {

  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors ";

  @Inject AllowedOrigins allowedOrigins;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.startsWith("/ws/")) {
      // A socket's upgrade: the headers would mean nothing on its 101 and stay on the upgraded
      // request, which lives as long as the socket.
      chain.doFilter(request, response);
      return;
    }
    boolean widget = path.equals("/") || path.equals("/index.html");
    response.setHeader("Content-Security-Policy", POLICY + (widget ? embedders() : "'none'"));
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    if (!widget) {
      response.setHeader("X-Frame-Options", "DENY");
    }
    chain.doFilter(request, response);
  }

  private String embedders() {
    return "'self'"
        + allowedOrigins.origins().stream().map(o -> " " + o).collect(Collectors.joining());
  }
}
