package dev.switchboard.realtime;

import dev.switchboard.platform.Config;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes outgoing frames to sockets from one plain thread of its own, in the order they were handed
 * to it: a broadcast (one task for all its sockets, off the thread that produced it), and a
 * socket's frames while others of its are still to go. A frame with nothing before it is written by
 * the thread that produced it ({@link Connection#dispatch}).
 */
@ApplicationScoped
public class SocketWriter {

  private static final Logger LOG = Logger.getLogger(SocketWriter.class.getName());

  /** How much a socket's client may leave unread before it is closed (1013) to resume. */
  @Inject
  @ConfigProperty(name = Config.SOCKET_UNREAD_BYTES, defaultValue = "1048576")
  long maxUnwrittenBytes;

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            var t = new Thread(r, "switchboard-socket-writer");
            t.setDaemon(true);
            return t;
          });

  /**
   * One frame to several sockets, in one hand-off to the writer's thread (a broadcast to a thousand
   * consoles is one task, not a thousand); each has {@link Connection#admit admitted} it.
   */
  void writeAll(List<Connection> connections, Connection.Outgoing out) {
    if (!connections.isEmpty()) {
      run(() -> connections.forEach(c -> c.transmit(out)));
    }
  }

  /** One frame to one socket that has admitted it. */
  void write(Connection connection, Connection.Outgoing out) {
    run(() -> connection.transmit(out));
  }

  /** How much a socket's client may leave unread before it is closed (1013) to resume. */
  long maxUnwrittenBytes() {
    return maxUnwrittenBytes;
  }

  private void run(Runnable send) {
    try {
      // Connection.transmit logs a socket's failure itself: one socket's cannot stop the others'.
      thread.execute(send);
    } catch (RejectedExecutionException e) {
      LOG.log(Level.FINE, "socket write after shutdown dropped");
    }
  }

  @PreDestroy
  void stop() {
    thread.shutdown();
  }
}
