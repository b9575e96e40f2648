package dev.switchboard.realtime;

import dev.switchboard.events.boundary.PresenceChanged;
import dev.switchboard.platform.Instance;
import dev.switchboard.presence.boundary.Presence;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's part in cluster-wide presence: it reports its heartbeat and the agents it holds
 * sockets of, and tells its own sockets whenever the cluster's presence changes (on an event from
 * any instance, and every heartbeat, which notices instances that died and grace periods that ran
 * out).
 */
@ApplicationScoped
public class PresenceWatch {

  private static final Logger LOG = Logger.getLogger(PresenceWatch.class.getName());

  // Agent id -> number of this instance's authenticated sockets of theirs.
  private final Map<String, Integer> agentSockets = new ConcurrentHashMap<>();
  private Presence.Snapshot last;
  private ScheduledFuture<?> heartbeat;
  // Set once the web module stops: no presence call after it, scheduled or not.
  private volatile boolean stopped;
  private final AtomicBoolean visibilitySync = new AtomicBoolean();

  @EJB Presence presence;

  @Inject SessionRegistry registry;

  @Inject Instance instance;

  @Resource ManagedScheduledExecutorService scheduler;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    long period = Presence.HEARTBEAT.toMillis();
    heartbeat = scheduler.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Also called when the web module stops ({@link PresenceWatchStop}): this bean is destroyed only
   * with the whole application, after the EJB container has stopped. Waits for a heartbeat under
   * way.
   */
  @PreDestroy
  synchronized void stop() {
    stopped = true;
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
  }

  void agentOpened(String agentId) {
    if (agentSockets.merge(agentId, 1, Integer::sum) == 1) {
      scheduler.execute(this::sync);
    }
  }

  void agentClosed(String agentId) {
    if (agentSockets.computeIfPresent(agentId, (id, n) -> n > 1 ? n - 1 : null) == null) {
      scheduler.execute(this::sync);
      // Unless they come back within the grace period, they are offline after it: say so then.
      scheduler.schedule(this::announce, presence.grace().toMillis() + 500, TimeUnit.MILLISECONDS);
    }
  }

  /** The presence frame for a socket that just authenticated (as of the last heartbeat). */
  Object frameFor(Connection connection) {
    Presence.Snapshot snapshot = current();
    return connection.participant().isAgent()
        ? new Frames.AgentPresence(null, snapshot)
        : new Frames.VisitorPresence(snapshot);
  }

  /** Any instance reported a change: recompute and tell this instance's sockets if it differs. */
  void onChanged(@Observes PresenceChanged event) {
    refresh();
  }

  private void beat() {
    sync();
    refresh();
  }

  /** A console came into view or left it: the cluster hears at once, once for a burst. */
  void visibilityChanged() {
    if (visibilitySync.compareAndSet(false, true)) {
      scheduler.execute(
          () -> {
            visibilitySync.set(false);
            sync();
          });
    }
  }

  private synchronized void sync() {
    if (stopped) {
      return;
    }
    try {
      presence.heartbeat(
          instance.id(), Set.copyOf(agentSockets.keySet()), registry.visibleAgents());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "presence heartbeat failed: {0}", e.toString());
    }
  }

  private void announce() {
    if (stopped) {
      return;
    }
    try {
      presence.changed();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "presence change not published: {0}", e.toString());
    }
  }

  private synchronized Presence.Snapshot current() {
    if (last == null) {
      last = presence.snapshot();
    }
    return last;
  }

  private synchronized void refresh() {
    if (stopped) {
      return;
    }
    Presence.Snapshot now;
    try {
      now = presence.snapshot();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "presence not computed: {0}", e.toString());
      return;
    }
    Presence.Snapshot before = last;
    last = now;
    if (before == null || !before.agents().equals(now.agents())) {
      registry.toAgents(new Frames.AgentPresence(null, now));
    }
    // While agents are online their last-seen time moves on every heartbeat: not news.
    if (before == null
        || before.agentsOnline() != now.agentsOnline()
        || (now.agentsOnline() == 0
            && !Objects.equals(before.lastAgentSeenAt(), now.lastAgentSeenAt()))) {
      registry.toVisitors(new Frames.VisitorPresence(now));
    }
  }
}
