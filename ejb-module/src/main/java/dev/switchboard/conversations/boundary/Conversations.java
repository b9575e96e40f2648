package dev.switchboard.conversations.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.conversations.control.ConversationAccess;
import dev.switchboard.conversations.control.ConversationSummaries;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.events.boundary.ConversationChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.history.control.MessageLog;
import dev.switchboard.labels.boundary.Labels;
import dev.switchboard.notifications.boundary.Notifications;
import dev.switchboard.notifications.boundary.PushJob;
import dev.switchboard.notifications.control.PushQueue;
import dev.switchboard.participants.entity.Agent;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.routing.boundary.Routing;
import dev.switchboard.routing.boundary.RoutingClock;
import dev.switchboard.teams.boundary.TeamRef;
import dev.switchboard.teams.boundary.Teams;
import dev.switchboard.webhooks.boundary.WebhookRegistry;
import dev.switchboard.webhooks.boundary.Webhooks;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who may see which conversation, the agents' work on it (claim, transfer, resolve, reopen) and the
 * summaries clients list. Every change is one transaction under the conversation's row lock, tells
 * the visitor with a system message where it concerns them, and goes to every agent and the visitor
 * as a {@code conversation} event.
 */
@Stateless
public class Conversations {

  /** Agents one conversation may have invited at once. */
  public static final int MAX_COLLEAGUES = 10;

  public static final Set<String> STATUSES = Set.of("open", "pending", "resolved");

  @PersistenceContext EntityManager em;

  @Inject WebhookRegistry webhooks;

  @Inject ConversationAccess access;

  @Inject ConversationSummaries summaries;

  @Inject MessageLog log;

  @Inject EventPublisher publisher;

  @EJB Notifications notifications;

  @Inject PushQueue pushes;

  @EJB AuditLog audit;

  @EJB Teams teams;

  @EJB Routing routing;

  @EJB RoutingClock routingClock;

  @EJB Labels labels;

  /**
   * The visitor's open conversation, opened in the chosen team (the default one when {@code team}
   * is null) if there is none; it waits in that team's queue. Two first messages racing on two
   * instances both land in the one conversation the partial unique index allows. A send naming no
   * team looks for the open one first: one statement for every send but a visitor's first.
   */
  public String openFor(String visitorId, String team) {
    if (team == null) {
      String open = openConversationOf(visitorId);
      if (open != null) {
        return open;
      }
    }
    TeamRef chosen = teams.forNewConversation(team);
    String id = UUID.randomUUID().toString();
    int inserted =
        em.createNativeQuery(
                "insert into conversation (id, visitor_id, status, last_seq, created_at,"
                    + " updated_at, team_id, queued_at) values (?1, ?2, 'open', 0, now(), now(),"
                    + " ?3, now()) on conflict do nothing")
            .setParameter(1, id)
            .setParameter(2, visitorId)
            .setParameter(3, chosen.id())
            .executeUpdate();
    if (inserted == 1) {
      notifications.opened(id);
      pushes.enqueueAfterCommit(new PushJob(PushJob.Kind.WAITING, id, 0, null));
      webhooks.conversation(Webhooks.CONVERSATION_CREATED, id, visitorId, chosen.id(), null);
      publisher.publish(
          new ConversationChanged(
              id, new Audience(visitorId, chosen.id(), null, List.of()), null, null));
      if (chosen.routesAutomatically()) {
        routingClock.joinedQueue(chosen.id());
      }
      return id;
    }
    String open = openConversationOf(visitorId);
    if (open == null) {
      // The one that won the race was resolved before this statement saw it.
      throw ChatException.conflict("the conversation changed while it was opened; send again");
    }
    return open;
  }

  private String openConversationOf(String visitorId) {
    List<?> ids =
        em.createNativeQuery(
                "select id from conversation where visitor_id = ?1 and status <> 'resolved'")
            .setParameter(1, visitorId)
            .getResultList();
    return ids.isEmpty() ? null : (String) ids.get(0);
  }

  /** Who may see a conversation the participant may see (for routing its events). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Audience audienceOf(Participant participant, String conversationId) {
    return access.requireVisible(participant, conversationId).audience();
  }

  /**
   * Takes an unassigned conversation. Under the row lock, so of two agents claiming at once on any
   * instances one wins and the other gets {@code conflict}.
   */
  public void claim(Participant agent, String conversationId, String originSession) {
    requireAgent(agent);
    Conversation conversation = access.lockVisible(agent, conversationId);
    requireUnresolved(conversation);
    if (agent.id().equals(conversation.assigneeId())) {
      return;
    }
    if (conversation.assigneeId() != null) {
      throw ChatException.conflict("already claimed by " + agentName(conversation.assigneeId()));
    }
    boolean wasQueued = conversation.isQueued();
    boolean present = conversation.colleagues().contains(agent.id());
    conversation.assignTo(agent.id());
    leftQueue(wasQueued, conversation.teamId(), conversation.id());
    log.postSystem(
        conversation,
        agent.name() + (present ? " took over the conversation" : " joined the conversation"));
    audit.record(agent, "conversation.claimed", "conversation", conversation.id(), null);
    assigned(conversation);
    changed(conversation, originSession);
  }

  /** Hands a conversation to another agent (or takes it, when that is oneself). */
  public void transfer(
      Participant agent, String conversationId, String toAgentId, String originSession) {
    requireAgent(agent);
    if (toAgentId == null || toAgentId.isBlank()) {
      throw ChatException.badRequest("toAgentId is required");
    }
    Agent target = em.find(Agent.class, toAgentId);
    if (target == null) {
      throw ChatException.notFound("no agent " + toAgentId);
    }
    if (target.disabled()) {
      throw ChatException.conflict(target.displayName() + "'s account is disabled");
    }
    Conversation conversation = access.lockVisible(agent, conversationId);
    requireUnresolved(conversation);
    if (target.id().equals(conversation.assigneeId())) {
      return;
    }
    Audience before = conversation.audience();
    boolean wasQueued = conversation.isQueued();
    conversation.assignTo(target.id());
    leftQueue(wasQueued, conversation.teamId(), conversation.id());
    routingClock.afterCommit(); // the previous assignee has room again
    log.postSystem(
        conversation,
        target.id().equals(agent.id())
            ? agent.name() + " joined the conversation"
            : agent.name() + " transferred the conversation to " + target.displayName());
    audit.record(
        agent,
        "conversation.transferred",
        "conversation",
        conversation.id(),
        "to " + target.displayName() + " (" + target.id() + ")");
    if (!target.id().equals(agent.id())) {
      pushes.enqueueAfterCommit(
          new PushJob(PushJob.Kind.ASSIGNED, conversation.id(), 0, target.id()));
    }
    assigned(conversation);
    changed(conversation, before, originSession);
  }

  /**
   * Hands a conversation to a team: it waits in that team's queue (automatic routing assigns it
   * there) and leaves the view of agents who saw it only through its former team or assignee.
   */
  public void transferToTeam(
      Participant agent, String conversationId, String toTeamId, String originSession) {
    requireAgent(agent);
    TeamRef target = teams.require(toTeamId);
    Conversation conversation = access.lockVisible(agent, conversationId);
    requireUnresolved(conversation);
    if (target.id().equals(conversation.teamId()) && conversation.assigneeId() == null) {
      return;
    }
    Audience before = conversation.audience();
    boolean wasQueued = conversation.isQueued();
    conversation.moveToTeam(target.id());
    log.postSystem(
        conversation,
        agent.name() + " transferred the conversation to the " + target.name() + " team");
    audit.record(
        agent,
        "conversation.transferred",
        "conversation",
        conversation.id(),
        "to team " + target.name() + " (" + target.id() + ")");
    leftQueue(wasQueued, before.teamId(), conversation.id());
    routingClock.joinedQueue(target.id());
    changed(conversation, before, originSession);
  }

  /**
   * An agent who sees the conversation invites a colleague (whatever their teams): they see and
   * answer it, on every instance, until they leave. Audited; the visitor is told who joined.
   */
  public void invite(
      Participant agent, String conversationId, String agentId, String originSession) {
    requireAgent(agent);
    if (agentId == null || agentId.isBlank()) {
      throw ChatException.badRequest("agentId is required");
    }
    if (agentId.equals(agent.id())) {
      throw ChatException.badRequest("you cannot invite yourself");
    }
    Agent invited = agentId.length() > 36 ? null : em.find(Agent.class, agentId);
    if (invited == null) {
      throw ChatException.notFound("no agent " + agentId);
    }
    if (invited.disabled()) {
      throw ChatException.conflict(invited.displayName() + "'s account is disabled");
    }
    Conversation conversation = access.lockVisible(agent, conversationId);
    requireUnresolved(conversation);
    if (invited.id().equals(conversation.assigneeId())
        || conversation.colleagues().contains(invited.id())) {
      throw ChatException.conflict(invited.displayName() + " is in the conversation already");
    }
    if (conversation.colleagues().size() >= MAX_COLLEAGUES) {
      throw new ChatException(
          ErrorCode.TOO_LARGE, "at most " + MAX_COLLEAGUES + " agents invited into a conversation");
    }
    Audience before = conversation.audience();
    conversation.invite(invited.id());
    log.postSystem(conversation, invited.displayName() + " joined the conversation");
    audit.record(
        agent,
        "conversation.invited",
        "conversation",
        conversation.id(),
        invited.displayName() + " (" + invited.id() + ")");
    changed(conversation, before, originSession);
  }

  /**
   * An invited agent leaves the conversation: it leaves their console unless their teams see it.
   * The assignee hands it over with {@code transfer} instead.
   */
  public void leave(Participant agent, String conversationId, String originSession) {
    requireAgent(agent);
    Conversation conversation = access.lockVisible(agent, conversationId);
    Audience before = conversation.audience();
    if (!conversation.release(agent.id())) {
      throw ChatException.conflict(
          agent.id().equals(conversation.assigneeId())
              ? "you are its assignee: transfer it to leave"
              : "you were not invited into it");
    }
    log.postSystem(conversation, agent.name() + " left the conversation");
    audit.record(agent, "conversation.left", "conversation", conversation.id(), null);
    changed(conversation, before, originSession);
  }

  private void assigned(Conversation c) {
    webhooks.conversation(
        Webhooks.CONVERSATION_ASSIGNED, c.id(), c.visitorId(), c.teamId(), c.assigneeId());
  }

  /** Resolves; a visitor who asked for the transcript gets it by mail. */
  public void resolve(Participant agent, String conversationId, String originSession) {
    requireAgent(agent);
    Conversation conversation = access.lockVisible(agent, conversationId);
    if (conversation.isResolved()) {
      return;
    }
    boolean wasQueued = conversation.isQueued();
    conversation.resolve();
    leftQueue(wasQueued, conversation.teamId(), conversation.id());
    routingClock.afterCommit(); // the assignee has room again
    log.postSystem(conversation, agent.name() + " marked the conversation as resolved");
    audit.record(agent, "conversation.resolved", "conversation", conversation.id(), null);
    webhooks.conversation(
        Webhooks.CONVERSATION_RESOLVED,
        conversation.id(),
        conversation.visitorId(),
        conversation.teamId(),
        conversation.assigneeId());
    if (conversation.transcriptRequested()) {
      notifications.resolved(conversation);
    }
    changed(conversation, originSession);
  }

  /**
   * The visitor's choice to get the transcript by mail on resolve; it needs an email to go to. Told
   * to everyone as a {@code conversation} event, so the visitor's other tabs and the agents see it.
   */
  public void requestTranscript(
      Participant visitor, String conversationId, boolean wanted, String originSession) {
    if (!visitor.isVisitor()) {
      throw ChatException.forbidden("only the visitor asks for the transcript");
    }
    Conversation conversation = access.lock(conversationId);
    if (!conversation.isVisibleTo(visitor)) {
      throw ChatException.forbidden("not your conversation");
    }
    if (wanted && em.find(Visitor.class, visitor.id()).email() == null) {
      throw ChatException.badRequest("give an email first: the transcript goes there");
    }
    if (conversation.transcriptRequested() != wanted) {
      conversation.requestTranscript(wanted);
      changed(conversation, originSession);
    }
  }

  /**
   * An agent sets the labels a conversation carries (ids or names of {@link Labels}; none clears
   * them): audited, and every instance's readers get the summary.
   */
  public void setLabels(
      Participant agent, String conversationId, List<String> labels, String originSession) {
    requireAgent(agent);
    List<Labels.LabelView> chosen = this.labels.resolve(labels);
    Conversation conversation = access.lockVisible(agent, conversationId);
    em.createNativeQuery("delete from conversation_label where conversation_id = ?1")
        .setParameter(1, conversation.id())
        .executeUpdate();
    for (Labels.LabelView label : chosen) {
      em.createNativeQuery(
              "insert into conversation_label (conversation_id, label_id) values (?1, ?2)")
          .setParameter(1, conversation.id())
          .setParameter(2, label.id())
          .executeUpdate();
    }
    audit.record(
        agent,
        "conversation.labelled",
        "conversation",
        conversation.id(),
        chosen.isEmpty()
            ? "no labels"
            : String.join(", ", chosen.stream().map(Labels.LabelView::name).toList()));
    changed(conversation, originSession);
  }

  /** Longest comment a rating takes, in characters. */
  public static final int MAX_RATING_COMMENT = 1000;

  /**
   * The visitor's rating of their resolved conversation (1–5, and a comment): once per resolution;
   * agents see it in the summary.
   */
  public void rate(
      Participant visitor,
      String conversationId,
      long score,
      String comment,
      String originSession) {
    if (!visitor.isVisitor()) {
      throw ChatException.forbidden("only the visitor rates the conversation");
    }
    if (score < 1 || score > 5) {
      throw ChatException.badRequest("score is a whole number from 1 to 5");
    }
    if (comment != null && comment.isBlank()) {
      comment = null;
    }
    if (comment != null && comment.codePointCount(0, comment.length()) > MAX_RATING_COMMENT) {
      throw new ChatException(
          ErrorCode.TOO_LARGE, "comment is longer than " + MAX_RATING_COMMENT + " characters");
    }
    Conversation conversation = access.lock(conversationId);
    if (!conversation.isVisibleTo(visitor)) {
      throw ChatException.forbidden("not your conversation");
    }
    if (!conversation.isResolved()) {
      throw ChatException.conflict("only a resolved conversation can be rated");
    }
    int stored =
        em.createNativeQuery(
                "insert into rating (conversation_id, resolved_at, score, comment, rated_at)"
                    + " values (?1, ?2, ?3, ?4, now()) on conflict do nothing")
            .setParameter(1, conversation.id())
            .setParameter(2, conversation.resolvedAt())
            .setParameter(3, (int) score)
            .setParameter(4, comment)
            .executeUpdate();
    if (stored == 0) {
      throw ChatException.conflict("the conversation is rated already");
    }
    changed(conversation, originSession);
  }

  public void reopen(Participant agent, String conversationId, String originSession) {
    requireAgent(agent);
    Conversation conversation = access.lockVisible(agent, conversationId);
    if (!conversation.isResolved()) {
      return;
    }
    reopenLocked(conversation, false);
    log.postSystem(conversation, agent.name() + " reopened the conversation");
    audit.record(agent, "conversation.reopened", "conversation", conversation.id(), null);
    changed(conversation, originSession);
  }

  /**
   * A visitor wrote into their resolved conversation: it is open again, with its assignee; where
   * routing is automatic it waits for whoever has room (the former assignee may have none).
   */
  public void reopenForVisitor(String conversationId) {
    Conversation locked = access.lock(conversationId);
    boolean automatic = teams.require(locked.teamId()).routesAutomatically();
    reopenLocked(locked, automatic);
    changed(locked, null);
  }

  private void reopenLocked(Conversation conversation, boolean backToQueue) {
    // One unresolved conversation per visitor (a partial unique index): say so before it fails.
    Number others =
        (Number)
            em.createNativeQuery(
                    "select count(*) from conversation where visitor_id = ?1"
                        + " and status <> 'resolved' and id <> ?2")
                .setParameter(1, conversation.visitorId())
                .setParameter(2, conversation.id())
                .getSingleResult();
    if (others.longValue() > 0) {
      throw ChatException.conflict("the visitor has another open conversation");
    }
    conversation.reopen(backToQueue);
    if (conversation.isQueued()) {
      routingClock.joinedQueue(conversation.teamId());
    } else {
      routingClock.afterCommit();
    }
  }

  /** Those waiting behind a conversation that left its team's queue move up: tell them. */
  private void leftQueue(boolean wasQueued, String teamId, String conversationId) {
    if (wasQueued) {
      routing.announceQueue(teamId, new HashSet<>(Set.of(conversationId)));
    }
  }

  private void changed(Conversation conversation, String originSession) {
    changed(conversation, null, originSession);
  }

  private void changed(Conversation conversation, Audience before, String originSession) {
    publisher.publish(
        new ConversationChanged(conversation.id(), conversation.audience(), before, originSession));
  }

  private static void requireAgent(Participant participant) {
    if (!participant.isAgent()) {
      throw ChatException.forbidden("only agents do that");
    }
  }

  private static void requireUnresolved(Conversation conversation) {
    if (conversation.isResolved()) {
      throw ChatException.conflict("the conversation is resolved; reopen it first");
    }
  }

  private String agentName(String agentId) {
    Agent agent = em.find(Agent.class, agentId);
    return agent == null ? "another agent" : agent.displayName();
  }

  /** One conversation as the reader sees it. */
  public ConversationSummary summary(Participant reader, String conversationId) {
    access.requireVisible(reader, conversationId);
    return summaries.one(reader.id(), conversationId).get(0);
  }

  /** One conversation as the reader sees it, or null when they may not (any more). */
  public ConversationSummary summaryIfVisible(Participant reader, String conversationId) {
    Conversation conversation = em.find(Conversation.class, conversationId);
    return conversation == null || !conversation.isVisibleTo(reader)
        ? null
        : summaries.one(reader.id(), conversationId).get(0);
  }

  /**
   * One conversation as each of these readers sees it (the unread count differs), in two queries
   * whatever their number: for the {@code conversation} events of an instance's sockets.
   */
  public Map<String, ConversationSummary> summaries(
      String conversationId, Collection<String> readerIds) {
    return summaries.forReaders(conversationId, readerIds);
  }

  /**
   * A visitor's own conversations; for agents the newest, optionally filtered by status (default:
   * not resolved) and assignee (an agent id, {@code me} or {@code none}).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<ConversationSummary> list(Participant reader, String status, String assignee) {
    return list(reader, status, assignee, null);
  }

  /** As {@link #list(Participant, String, String)}, only those with this label (id or name). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<ConversationSummary> list(
      Participant reader, String status, String assignee, String label) {
    if (status != null && !STATUSES.contains(status)) {
      throw ChatException.badRequest("status is one of " + STATUSES);
    }
    var parameters = new ArrayList<Object>();
    var where = new StringBuilder(ConversationAccess.visibleTo(reader, "c", parameters));
    if (status != null) {
      where.append(" and c.status = ?");
      parameters.add(status);
    } else if (reader.isAgent()) {
      where.append(" and c.status <> 'resolved'");
    }
    if ("none".equals(assignee)) {
      where.append(" and c.assignee_id is null");
    } else if (assignee != null) {
      where.append(" and c.assignee_id = ?");
      parameters.add("me".equals(assignee) ? reader.id() : assignee);
    }
    if (label != null) {
      where.append(" and ").append(labels.carriedBy(reader, label, "c", parameters));
    }
    // Resolved conversations, the many, come from their index newest first; others sort in memory.
    String order = "resolved".equals(status) ? "c.resolved_at desc" : "c.updated_at desc";
    return summaries.select(reader.id(), parameters, where.toString(), order);
  }
}
