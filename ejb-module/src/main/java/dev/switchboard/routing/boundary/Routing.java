package dev.switchboard.routing.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.events.boundary.ConversationChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.history.control.MessageLog;
import dev.switchboard.notifications.boundary.PushJob;
import dev.switchboard.notifications.control.PushQueue;
import dev.switchboard.presence.boundary.Presence;
import dev.switchboard.teams.boundary.Teams;
import dev.switchboard.webhooks.boundary.WebhookRegistry;
import dev.switchboard.webhooks.boundary.Webhooks;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Automatic assignment. A drain, one transaction under a cluster-wide lock, first returns to the
 * queue the open conversations of agents who are gone (offline past the presence grace, or
 * disabled), then walks each automatically routed team's queue in arrival order and gives each
 * waiting conversation (in a team within its hours) to a member who is online and below capacity,
 * in one statement that picks, assigns and stamps. Drains never overlap, so the capacity a drain
 * counts is the truth: no agent gets more than their capacity from routing, no conversation two
 * assignees.
 */
@Stateless
public class Routing {

  /** The advisory lock key of draining ("SWITCH" in ASCII). */
  static final long LOCK = 0x5357_4954_4348L;

  static final int MAX_PER_DRAIN = 500;

  @PersistenceContext EntityManager em;

  @Inject WebhookRegistry webhooks;

  @Inject MessageLog log;

  @EJB Presence presence;

  @EJB Teams teams;

  @Inject PushQueue pushes;

  @EJB AuditLog audit;

  @Inject EventPublisher publisher;

  /** Requeues, assigns, and tells the waiting their places (in {@code joinedQueues}: all). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void drain(Set<String> joinedQueues) {
    em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) l")
        .setParameter(1, LOCK)
        .getSingleResult();
    var touchedTeams = new HashSet<String>(joinedQueues);
    var announced = new HashSet<String>();
    requeueFromAbsentAgents(touchedTeams, announced);
    assignWaiting(touchedTeams, announced);
    touchedTeams.forEach(team -> announceQueue(team, announced));
  }

  /**
   * Tells the visitors waiting in a team's queue their new places (after one left it), except those
   * already told in this transaction.
   */
  public void announceQueue(String teamId, Set<String> alreadyAnnounced) {
    @SuppressWarnings("unchecked")
    List<Object[]> waiting =
        em.createNativeQuery(
                "select c.id, c.visitor_id, c.colleagues from conversation c"
                    + " join team t on t.id = c.team_id"
                    + " where c.team_id = ?1 and c.queued_at is not null and t.routing <> 'off'"
                    + " order by c.queued_at, c.id")
            .setParameter(1, teamId)
            .setMaxResults(MAX_PER_DRAIN)
            .getResultList();
    for (Object[] r : waiting) {
      if (alreadyAnnounced.add((String) r[0])) {
        publisher.publish(
            new ConversationChanged(
                (String) r[0],
                new Audience((String) r[1], teamId, null, Audience.colleagues((String) r[2])),
                null,
                null));
      }
    }
  }

  private void requeueFromAbsentAgents(Set<String> touchedTeams, Set<String> announced) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select c.id, a.id, a.display_name from conversation c"
                    + " join team t on t.id = c.team_id join agent a on a.id = c.assignee_id"
                    + " where t.routing <> 'off' and c.status <> 'resolved'"
                    + " and (a.disabled or a.status = 'offline' or not "
                    + presence.connectedSql("a.id")
                    + ") order by c.created_at")
            .setMaxResults(MAX_PER_DRAIN)
            .getResultList();
    for (Object[] r : rows) {
      Conversation c = lockFresh((String) r[0]);
      // A claim or transfer may have come between the query and the lock.
      if (c == null || c.isResolved() || !r[1].equals(c.assigneeId())) {
        continue;
      }
      var before = c.audience();
      c.requeue();
      log.postSystem(
          c,
          r[2]
              + " is no longer available. You are back in the queue: the next free agent"
              + " will answer.");
      audit.record(
          null,
          "conversation.requeued",
          "conversation",
          c.id(),
          "from " + r[2] + " (" + r[1] + ")");
      announced.add(c.id());
      publisher.publish(new ConversationChanged(c.id(), c.audience(), before, null));
      touchedTeams.add(c.teamId());
    }
  }

  /**
   * Assigns the oldest waiting conversation of the teams whose agents have room, one at a time, so
   * an agent in several teams takes the one that waited longest; a team whose head finds nobody is
   * done (a later arrival never overtakes it). A team outside its hours gets nobody.
   */
  private void assignWaiting(Set<String> touchedTeams, Set<String> announced) {
    var noRoom = new HashSet<String>(teams.closedNow());
    int assigned = 0;
    while (assigned < MAX_PER_DRAIN) {
      @SuppressWarnings("unchecked")
      List<Object[]> heads =
          em.createNativeQuery(
                  "select h.id, h.team_id, h.routing from (select distinct on (c.team_id) c.id,"
                      + " c.team_id, t.routing, c.queued_at from conversation c"
                      + " join team t on t.id = c.team_id where c.queued_at is not null"
                      + " and c.assignee_id is null and c.status <> 'resolved'"
                      + " and t.routing <> 'off' order by c.team_id, c.queued_at, c.id) h"
                      + " order by h.queued_at, h.id")
              .getResultList();
      Object[] head =
          heads.stream().filter(h -> !noRoom.contains((String) h[1])).findFirst().orElse(null);
      if (head == null) {
        break;
      }
      String conversationId = (String) head[0];
      String teamId = (String) head[1];
      Object[] agent = assign(conversationId, teamId, (String) head[2]);
      if (agent == null) {
        noRoom.add(teamId);
        continue;
      }
      Conversation c = lockFresh(conversationId);
      log.postSystem(c, agent[1] + " joined the conversation");
      audit.record(
          null,
          "conversation.assigned",
          "conversation",
          conversationId,
          "to " + agent[1] + " (" + agent[0] + "), " + ((String) head[2]).replace('_', ' '));
      webhooks.conversation(
          Webhooks.CONVERSATION_ASSIGNED, conversationId, c.visitorId(), teamId, (String) agent[0]);
      pushes.enqueueAfterCommit(
          new PushJob(PushJob.Kind.ASSIGNED, conversationId, 0, (String) agent[0]));
      changed(c, announced);
      touchedTeams.add(teamId);
      assigned++;
    }
  }

  /**
   * Picks a member of the team who is online, connected and below capacity (by the team's routing),
   * gives them the conversation if it still waits, and stamps them: one statement. The agent's id
   * and name, or null when nobody has room.
   */
  private Object[] assign(String conversationId, String teamId, String routing) {
    String openCount =
        "(select count(*) from conversation x where x.assignee_id = a.id"
            + " and x.status <> 'resolved')";
    String order =
        "least_busy".equals(routing)
            ? openCount + ", a.last_assigned_at asc nulls first, a.id"
            : "a.last_assigned_at asc nulls first, a.id";
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "with chosen as (select a.id from agent a join team_member m on m.agent_id = a.id"
                    + " where m.team_id = ?2 and not a.disabled and a.status = 'online' and "
                    + presence.connectedSql("a.id")
                    + " and "
                    + openCount
                    + " < a.capacity order by "
                    + order
                    + " limit 1),"
                    + " given as (update conversation c set assignee_id = chosen.id,"
                    + " queued_at = null, updated_at = now() from chosen where c.id = ?1"
                    + " and c.assignee_id is null and c.status <> 'resolved'"
                    + " returning chosen.id)"
                    + " update agent a set last_assigned_at = clock_timestamp() from given"
                    + " where a.id = given.id returning a.id, a.display_name")
            .setParameter(1, conversationId)
            .setParameter(2, teamId)
            .getResultList();
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The conversation as the database has it now (native updates bypass the context), locked. */
  private Conversation lockFresh(String conversationId) {
    Conversation c = em.find(Conversation.class, conversationId);
    if (c != null) {
      em.refresh(c, LockModeType.PESSIMISTIC_WRITE);
    }
    return c;
  }

  private void changed(Conversation c, Set<String> announced) {
    announced.add(c.id());
    publisher.publish(new ConversationChanged(c.id(), c.audience(), null, null));
  }
}
