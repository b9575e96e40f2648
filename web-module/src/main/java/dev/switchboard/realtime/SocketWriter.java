package dev.switchboard.realtime;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands every outgoing frame to sockets from one plain thread of its own. Tyrus reschedules the
 * session's idle timeout on the container's managed scheduler at each send, and capturing the
 * caller's context for it (a class-path resource scan per call) cost most of a fan-out's CPU in
 * profiles; from a thread outside any component invocation Payara 6 captures nothing (see
 * payara/Payara#8385, where a later Payara 7 fails instead: recheck when upgrading). One thread
 * also keeps each socket's frames in the order they were sent.
 */
@ApplicationScoped
public class SocketWriter {

  private static final Logger LOG = Logger.getLogger(SocketWriter.class.getName());

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            var t = new Thread(r, "switchboard-socket-writer");
            t.setDaemon(true);
            // The context capture scans the thread's class loader for context providers: the
            // application's searches every module of the server, the system one a single jar.
            t.setContextClassLoader(ClassLoader.getSystemClassLoader());
            return t;
          });

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
