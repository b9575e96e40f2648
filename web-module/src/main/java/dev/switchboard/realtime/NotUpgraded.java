package dev.switchboard.realtime;

import dev.switchboard.rest.Failures;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    // Not 426 with Upgrade: Grizzly takes a response naming Upgrade for a switch of protocols, and
    // sends its body without a length on a connection it keeps open: a proxy in front waited for
    // its end (and the widget behind it for its socket's refusal).
    if (SOCKETS.contains(request.getPathInfo())) {
      Failures.write(response, 400, "bad_request", "a WebSocket handshake is expected here");
    } else {
      Failures.write(response, 404, "not_found", "no socket at this address");
    }
  }
}
