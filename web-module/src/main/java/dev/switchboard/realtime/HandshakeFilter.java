package dev.switchboard.realtime;

import dev.switchboard.limits.ClientAddresses;
import dev.switchboard.limits.SocketsPerAddress;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks a WebSocket handshake before it is upgraded: 403 for an {@code Origin} that is neither the
 * server's own origin nor on {@code SWITCHBOARD_ALLOWED_ORIGINS} (clients that send no Origin, not
 * browsers, pass), 429 when the client's address has all its sockets on this instance open. The
 * socket learns its client's address from the request parameter {@link #CLIENT} (set here, over
 * whatever the client put there), to give its place back when it closes.
 */
@WebFilter("/ws/*")
public class HandshakeFilter extends HttpFilter {

  static final String CLIENT = "switchboard.client";

  static final String TYRUS_HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";

  private static final Logger LOG = Logger.getLogger(HandshakeFilter.class.getName());

  @Inject AllowedOrigins allowedOrigins;

  @Inject ClientAddresses clientAddresses;

  @Inject SocketsPerAddress sockets;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin != null && !allowed(origin, request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
      return;
    }
    String address = clientAddresses.limitedOf(request);
    if (!sockets.take(address)) {
      response.setHeader("Retry-After", "60");
      response.sendError(429, "too many sockets from this address");
      return;
    }
    boolean upgraded = false;
    try {
      chain.doFilter(new FromClient(request, address), response);
      upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
    } finally {
      if (!upgraded) {
        sockets.release(address);
      }
    }
  }

  /** The client's address of a socket's handshake (null: exempt from the limit). */
  static String clientOf(jakarta.websocket.Session session) {
    List<String> values = session.getRequestParameterMap().get(CLIENT);
    return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  /**
   * The handshake with the client's address as the parameter {@link #CLIENT}, and the server's
   * address for its name: Tyrus asks every handshake for the server's name, which Grizzly answers
   * with a reverse DNS lookup of the local address (the JDK caches none): where DNS is slow, a
   * round trip to it for every socket, 1 % of an instance's CPU in a reconnect storm even here. Its
   * upgrade makes Tyrus' handler without the container's injection.
   */
  static final class FromClient extends HttpServletRequestWrapper {
    private final Map<String, String[]> parameters;

    FromClient(HttpServletRequest request, String address) {
      super(request);
      var all = new HashMap<>(request.getParameterMap());
      all.put(CLIENT, new String[] {address == null ? "" : address});
      parameters = Map.copyOf(all);
    }

    @Override
    public String getLocalName() {
      return getLocalAddr();
    }

    /** Tyrus' handler without the container's injection ({@link Upgraded#upgrade}). */
    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass)
        throws IOException, ServletException {
      if (handlerClass.getName().equals(TYRUS_HANDLER)) {
        try {
          return Upgraded.upgrade(getRequest(), handlerClass);
        } catch (ReflectiveOperationException | RuntimeException e) {
          LOG.log(Level.FINE, "upgraded by the container: {0}", e.toString());
        }
      }
      return super.upgrade(handlerClass);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return parameters;
    }

    @Override
    public String getParameter(String name) {
      String[] values = parameters.get(name);
      return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
      return parameters.get(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters.keySet());
    }
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
