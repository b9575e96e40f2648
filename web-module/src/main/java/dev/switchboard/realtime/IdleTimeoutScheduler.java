package dev.switchboard.realtime;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives the WebSocket container a plain scheduler for its sessions' idle timeouts. Tyrus schedules
 * a session's idle timeout again on every frame received or sent, on the container's managed
 * scheduler, and Payara captures the calling thread's context for each of those calls with a
 * class-path scan through the application's class loader: 11–13 % of the receiving instance's CPU
 * in profiles under load (bench/results/README.md). Our sessions have no idle timeout (the server
 * pings them instead), so those commands do nothing and need no context. Tyrus 2.1 has no setting
 * for its scheduler, so the container's field is replaced before the first session opens; should
 * that fail (another Tyrus), the container keeps its managed scheduler and only the cost remains.
 */
@WebListener
public class IdleTimeoutScheduler implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(IdleTimeoutScheduler.class.getName());

  /** Tyrus' {@code BaseContainer} field for the scheduler its sessions use. */
  static final String FIELD = "managedScheduledExecutorService";

  private ScheduledThreadPoolExecutor scheduler;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
    Field field = find(container == null ? Object.class : container.getClass());
    if (field == null) {
      LOG.warning(
          "the WebSocket container's scheduler was not replaced (not Tyrus 2.1?): each frame"
              + " costs a context capture");
      return;
    }
    scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              var t = new Thread(r, "switchboard-idle-timeouts");
              t.setDaemon(true);
              return t;
            });
    // Each frame cancels the previous command: drop it at once instead of when it was due.
    scheduler.setRemoveOnCancelPolicy(true);
    try {
      field.setAccessible(true);
      field.set(container, scheduler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, "the WebSocket container's scheduler was not replaced", e);
      scheduler.shutdown();
      scheduler = null;
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private static Field find(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(FIELD);
        return ScheduledExecutorService.class.isAssignableFrom(field.getType()) ? field : null;
      } catch (NoSuchFieldException e) {
        // look further up
      }
    }
    return null;
  }
}
