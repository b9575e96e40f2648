package dev.switchboard.teams.boundary;

import dev.switchboard.platform.Sweep;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Each team's queue in the metrics, {@code switchboard_routing_waiting{team, team_id}}: its open
 * conversations that nobody is assigned to. One query counts every team's every few seconds, so a
 * scrape reads a number instead of asking the database (every instance gives the same figure).
 */
@Startup
@Singleton
public class QueueMetrics extends Sweep {

  static final String WAITING = "switchboard.routing.waiting";
  static final long INTERVAL_SECONDS = 5;

  @EJB Teams teams;

  @Inject MetricRegistry metrics;

  private final Map<MetricID, AtomicLong> waiting = new ConcurrentHashMap<>();

  @Override
  protected long intervalSeconds() {
    return INTERVAL_SECONDS;
  }

  @Override
  protected String sweep() {
    var current = new HashSet<MetricID>();
    for (Teams.Queue queue : teams.queues()) {
      var id =
          new MetricID(
              WAITING, new Tag("team", queue.teamName()), new Tag("team_id", queue.teamId()));
      current.add(id);
      waiting.computeIfAbsent(id, this::register).set(queue.waiting());
    }
    // A renamed team's old name goes.
    for (MetricID gone : List.copyOf(waiting.keySet())) {
      if (!current.contains(gone)) {
        metrics.remove(gone);
        waiting.remove(gone);
      }
    }
    return null;
  }

  private AtomicLong register(MetricID id) {
    var count = new AtomicLong();
    metrics.gauge(
        Metadata.builder()
            .withName(WAITING)
            .withDescription("Open conversations waiting in the team's queue, nobody assigned")
            .build(),
        count,
        AtomicLong::get,
        id.getTagsAsArray());
    return count;
  }
}
