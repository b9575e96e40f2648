package dev.switchboard.realtime;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Field;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Tyrus 2.1.5 schedules the command even when the session has no timeout, due at once: a task
 * and a wake-up of the scheduler's thread for each frame received or sent through the remote
 * endpoint (3 % of an instance's CPU at 1,000 msg/s). A command with no delay is such a session's
 * (its delay is the timeout), and is not scheduled: it would find no timeout and do nothing, and
 * setting a timeout later schedules a command of its own.
 */
@WebListener
public class IdleTimeoutScheduler implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(IdleTimeoutScheduler.class.getName());

  /** Logged once the container's scheduler is replaced. */
  static final String INSTALLED =
      "WebSocket sessions schedule their idle timeouts on a plain scheduler";

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
    scheduler = new Scheduler(Scheduler.IDLE_COMMAND);
    // Each frame cancels the previous command: drop it at once instead of when it was due.
    scheduler.setRemoveOnCancelPolicy(true);
    try {
      field.setAccessible(true);
      field.set(container, scheduler);
      LOG.info(INSTALLED);
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

  /** The sessions' scheduler, without Tyrus' idle-timeout commands for sessions without one. */
  static final class Scheduler extends ScheduledThreadPoolExecutor {

    /** Tyrus' command that closes a session idle for longer than its timeout. */
    static final String IDLE_COMMAND = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

    private final String idleCommand;

    /** {@code idleCommand}: the class name of the commands left out when they have no delay. */
    Scheduler(String idleCommand) {
      super(
          1,
          r -> {
            var t = new Thread(r, "switchboard-idle-timeouts");
            t.setDaemon(true);
            return t;
          });
      this.idleCommand = idleCommand;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      if (delay <= 0 && command.getClass().getName().equals(idleCommand)) {
        return Done.INSTANCE;
      }
      return super.schedule(command, delay, unit);
    }
  }

  /** A command that is over: the one left out. */
  private static final class Done implements ScheduledFuture<Object> {
    static final Done INSTANCE = new Done();

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
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
