package dev.switchboard.realtime;

import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What {@code /ws/*} answers a request that is not a WebSocket handshake (Tyrus upgrades those
 * before any servlet): 400 at a socket's address, 404 elsewhere, both in the API's error form.
 * Mapped, the path also no longer falls through to the container's static files, whose lookup threw
 * and caught an exception for every handshake.
 */
@WebServlet("/ws/*")
public class NotUpgraded extends HttpServlet {

  private static final Set<String> SOCKETS = Set.of("/visitor", "/agent");

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean socket = SOCKETS.contains(request.getPathInfo());
    // Not 426 with Upgrade: Grizzly takes a response naming Upgrade for a switch of protocols, and
    // sends its body without a length on a connection it keeps open: a proxy in front waited for
    // its end (and the widget behind it for its socket's refusal).
    response.setStatus(
        socket ? HttpServletResponse.SC_BAD_REQUEST : HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("application/json");
    byte[] json =
        Json.createObjectBuilder()
            .add("code", socket ? "bad_request" : "not_found")
            .add(
                "message",
                socket ? "a WebSocket handshake is expected here" : "no socket at this address")
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }
}
