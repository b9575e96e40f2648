package dev.switchboard.realtime;

import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What both endpoints share: the frame limit, and how socket failures are logged. */
final class Sockets {

  private static final Logger LOG = Logger.getLogger(Sockets.class.getName());
  static final int MAX_FRAME = 64 * 1024;

  private Sockets() {}

  /** A client that simply left is logged quietly, anything else loudly. */
  static void log(Session session, Throwable failure) {
    if (failure instanceof IOException) {
      LOG.log(
          Level.FINE, "socket {0} gone: {1}", new Object[] {session.getId(), failure.toString()});
    } else {
      LOG.log(Level.WARNING, "socket " + session.getId() + " failed", failure);
    }
  }
}
