package dev.switchboard.presence.boundary;

import dev.switchboard.events.boundary.PresenceChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.presence.control.OnlineCache;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cluster-wide presence, kept in the database. An agent is what they chose (online, away, offline)
 * while some live instance holds a socket of theirs, or lost it less than the grace period ago (a
 * page reload does not flap); otherwise offline. An instance is live while its heartbeat is fresh,
 * so the sockets of an instance that died stop counting after {@link #INSTANCE_TIMEOUT}.
 */
@Stateless
public class Presence {

  public static final Duration HEARTBEAT = Duration.ofSeconds(5);
  public static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(15);
  public static final Set<String> STATUSES = Set.of("online", "away", "offline");

  public record AgentStatus(String id, String name, String status) {}

  /** The agents' statuses, how many are online, and when one was last seen online. */
  public record Snapshot(List<AgentStatus> agents, int agentsOnline, String lastAgentSeenAt) {}

  @PersistenceContext EntityManager em;

  @Inject EventPublisher publisher;

  @Inject OnlineCache onlineCache;

  @Inject
  @ConfigProperty(name = Config.PRESENCE_GRACE_SECONDS, defaultValue = "10")
  long graceSeconds;

  @Inject Event<AvailabilityChanged> availability;

  public Duration grace() {
    return Duration.ofSeconds(graceSeconds);
  }

  /**
   * SQL that holds while the agent in {@code agentIdColumn} holds a socket on a live instance, or
   * lost it less than the grace period ago.
   */
  public String connectedSql(String agentIdColumn) {
    return "exists (select 1 from agent_connection c join instance i on i.id = c.instance_id"
        + " where c.agent_id = "
        + agentIdColumn
        + " and i.heartbeat_at > now() - interval '"
        + INSTANCE_TIMEOUT.toSeconds()
        + " seconds' and (c.disconnected_at is null or c.disconnected_at > now() - interval '"
        + graceSeconds
        + " seconds'))";
  }

  public void setStatus(Participant agent, String status) {
    if (!agent.isAgent()) {
      throw ChatException.forbidden("only agents have a status");
    }
    if (status == null || !STATUSES.contains(status)) {
      throw ChatException.badRequest("status is one of " + STATUSES);
    }
    em.createNativeQuery(
            "update agent set last_seen_at = case when status = 'online' then now()"
                + " else last_seen_at end, status = ?1 where id = ?2")
        .setParameter(1, status)
        .setParameter(2, agent.id())
        .executeUpdate();
    availability.fire(new AvailabilityChanged());
    changed();
  }

  /** Tells every instance to recompute presence (after a change outside this bean). */
  public void changed() {
    publisher.publish(new PresenceChanged(null));
  }

  /**
   * An instance's heartbeat with the agents it holds sockets of: the instance is alive, those
   * agents are connected here (the others since now, if they were), and online ones were seen now.
   * Tells every instance when an agent's connection here changed. Also records which of them have a
   * console in view here ({@code visibleAgentIds}): Web Push goes to agents who have none.
   */
  public void heartbeat(
      String instanceId, Set<String> connectedAgentIds, Set<String> visibleAgentIds) {
    em.createNativeQuery(
            "insert into instance (id, started_at, heartbeat_at) values (?1, now(), now())"
                + " on conflict (id) do update set heartbeat_at = now()")
        .setParameter(1, instanceId)
        .executeUpdate();
    boolean changed = false;
    var known = new HashSet<String>();
    for (Object row :
        em.createNativeQuery(
                "select agent_id, disconnected_at is null, visible from agent_connection"
                    + " where instance_id = ?1")
            .setParameter(1, instanceId)
            .getResultList()) {
      Object[] r = (Object[]) row;
      String agentId = (String) r[0];
      boolean connectedBefore = (Boolean) r[1];
      known.add(agentId);
      boolean connectedNow = connectedAgentIds.contains(agentId);
      boolean visibleNow = visibleAgentIds.contains(agentId);
      if (connectedNow && (Boolean) r[2] != visibleNow) {
        em.createNativeQuery(
                "update agent_connection set visible = ?3 where instance_id = ?1 and agent_id = ?2")
            .setParameter(1, instanceId)
            .setParameter(2, agentId)
            .setParameter(3, visibleNow)
            .executeUpdate();
      }
      if (connectedBefore != connectedNow) {
        em.createNativeQuery(
                "update agent_connection set disconnected_at = "
                    + (connectedNow ? "null" : "now()")
                    + " where instance_id = ?1 and agent_id = ?2")
            .setParameter(1, instanceId)
            .setParameter(2, agentId)
            .executeUpdate();
        changed = true;
      }
    }
    for (String agentId : connectedAgentIds) {
      if (!known.contains(agentId)) {
        em.createNativeQuery(
                "insert into agent_connection (instance_id, agent_id, visible) values (?1, ?2, ?3)"
                    + " on conflict do nothing")
            .setParameter(1, instanceId)
            .setParameter(2, agentId)
            .setParameter(3, visibleAgentIds.contains(agentId))
            .executeUpdate();
        changed = true;
      }
    }
    // The rows locked in id order: every instance stamps the agents connected to it, and two
    // instances stamping the same agents in different orders deadlocked.
    em.createNativeQuery(
            "update agent a set last_seen_at = now() from (select id from agent"
                + " where status = 'online' and id in (select agent_id from agent_connection"
                + " where instance_id = ?1 and disconnected_at is null)"
                + " order by id for update) locked where a.id = locked.id")
        .setParameter(1, instanceId)
        .executeUpdate();
    // What nobody needs any more: long-gone sockets and instances.
    em.createNativeQuery(
            "delete from agent_connection where disconnected_at < now() - interval '1 hour'")
        .executeUpdate();
    em.createNativeQuery("delete from instance where heartbeat_at < now() - interval '1 hour'")
        .executeUpdate();
    if (changed) {
      availability.fire(new AvailabilityChanged());
      changed();
    }
  }

  /**
   * Whether some agent is online (chosen status, and a live socket or within the grace), as of at
   * most a second ago.
   */
  public boolean anyAgentOnline() {
    return onlineCache.anyAgentOnline(this::queryAnyAgentOnline);
  }

  private boolean queryAnyAgentOnline() {
    return (Boolean)
        em.createNativeQuery(
                "select exists (select 1 from agent a where a.status = 'online' and "
                    + connectedSql("a.id")
                    + ")")
            .getSingleResult();
  }

  public Snapshot snapshot() {
    var agents = new ArrayList<AgentStatus>();
    int online = 0;
    OffsetDateTime lastSeen = null;
    for (Object row :
        em.createNativeQuery(
                "select a.id, a.display_name, a.status, a.last_seen_at, "
                    + connectedSql("a.id")
                    + " from agent a where not a.disabled order by a.display_name, a.id")
            .getResultList()) {
      Object[] r = (Object[]) row;
      String status = (Boolean) r[4] ? (String) r[2] : "offline";
      agents.add(new AgentStatus((String) r[0], (String) r[1], status));
      if ("online".equals(status)) {
        online++;
      }
      OffsetDateTime seen = time(r[3]);
      if (seen != null && (lastSeen == null || seen.isAfter(lastSeen))) {
        lastSeen = seen;
      }
    }
    return new Snapshot(
        agents, online, lastSeen == null ? null : DateTimeFormatter.ISO_INSTANT.format(lastSeen));
  }

  private static OffsetDateTime time(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt;
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
    return null;
  }
}
