package dev.switchboard.realtime;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands every outgoing frame to sockets from one plain thread of its own, which keeps each socket's
 * frames in the order they were sent. (Tyrus reschedules the session's idle timeout at each send:
 * see {@link IdleTimeoutScheduler}.)
 */
@ApplicationScoped
public class SocketWriter {

  private static final Logger LOG = Logger.getLogger(SocketWriter.class.getName());

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
      write(() -> connections.forEach(c -> c.transmit(out)));
    }
  }

  void write(Runnable send) {
    try {
      thread.execute(
          () -> {
            try {
              send.run();
            } catch (RuntimeException e) {
              LOG.log(Level.FINE, "socket write failed: {0}", e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.log(Level.FINE, "socket write after shutdown dropped");
    }
  }

  @PreDestroy
  void stop() {
    thread.shutdown();
  }
}
