package dev.switchboard.routing.boundary;

import dev.switchboard.platform.AfterCommit;
import dev.switchboard.platform.Config;
import dev.switchboard.presence.boundary.AvailabilityChanged;
import dev.switchboard.teams.boundary.TeamSettingsChanged;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When this instance drains the queues: right after a transaction that may have made work for
 * routing commits (a new conversation, an agent online, capacity freed), and every few seconds,
 * which also notices agents whose presence ran out and covers a trigger lost with an instance.
 * Requests coalesce: at most one drain runs and one waits.
 */
@Startup
@Singleton
@DependsOn("Database")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RoutingClock {

  private static final Logger LOG = Logger.getLogger(RoutingClock.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  @Resource TransactionSynchronizationRegistry transactions;

  @EJB Routing routing;

  @Inject
  @ConfigProperty(name = Config.ROUTING_SECONDS, defaultValue = "5")
  long intervalSeconds;

  private final AtomicBoolean pending = new AtomicBoolean();

  /** Teams whose queue someone joined since the last drain. */
  private final Set<String> joined = ConcurrentHashMap.newKeySet();

  private ScheduledFuture<?> ticking;

  @PostConstruct
  void schedule() {
    long interval = Math.max(1, intervalSeconds);
    ticking = scheduler.scheduleWithFixedDelay(this::soon, interval, interval, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  /**
   * Drains once the caller's transaction has committed (its change is then visible to the drain).
   */
  public void afterCommit() {
    if (transactions.getResource(RoutingClock.class) != null) {
      return;
    }
    transactions.putResource(RoutingClock.class, Boolean.TRUE);
    AfterCommit.run(transactions, this::soon);
  }

  /** An agent may have come online or gone: a drain once the change has committed. */
  public void availabilityChanged(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) AvailabilityChanged change) {
    soon();
  }

  /** A team's routing or hours changed: a drain once the change has committed. */
  public void teamSettingsChanged(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) TeamSettingsChanged change) {
    soon();
  }

  /**
   * A conversation joins the team's queue in the caller's transaction. Arrivals may commit out of
   * their queue order (two at once, on two instances), so a place told to one may be off by the
   * other: the next drain tells everyone waiting in that team their place again.
   */
  public void joinedQueue(String teamId) {
    // Marked after the commit: a drain that ran in between would take the mark without seeing
    // the arrival.
    AfterCommit.run(
        transactions,
        () -> {
          joined.add(teamId);
          soon();
        });
  }

  /** Drains on another thread, now or after the drain that is running. */
  public void soon() {
    if (pending.compareAndSet(false, true)) {
      scheduler.execute(this::drain);
    }
  }

  private synchronized void drain() {
    pending.set(false);
    var teams = new HashSet<String>();
    for (String team : joined) {
      if (joined.remove(team)) {
        teams.add(team);
      }
    }
    try {
      routing.drain(teams);
    } catch (RuntimeException e) {
      joined.addAll(teams);
      LOG.log(Level.WARNING, "routing failed, retried on the next tick: {0}", e.toString());
    }
  }
}
