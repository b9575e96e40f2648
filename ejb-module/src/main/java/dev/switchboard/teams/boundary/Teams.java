package dev.switchboard.teams.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Json;
import dev.switchboard.platform.Names;
import dev.switchboard.teams.entity.OpeningHours;
import dev.switchboard.teams.entity.Team;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The teams conversations belong to; supervisors create and change them. */
@Stateless
public class Teams {

  static final int MAX_NAME = 100;

  /**
   * A team as clients see it: visitors get its id and name (to choose one; internal teams are not
   * offered them) and whether it is open now (if not, when it opens next: none when it has no
   * opening within a year); agents also how it routes, whether unchosen conversations go there,
   * whether it is internal, its members and its opening hours (none: open around the clock).
   */
  public record TeamView(
      String id,
      String name,
      String routing,
      Boolean isDefault,
      Boolean internal,
      List<Member> members,
      OpeningHours.Hours hours,
      boolean open,
      String opensAt) {}

  public record Member(String id, String name) {}

  /** What a supervisor gives to create or change a team; a null field stays as it is. */
  public record TeamRequest(String name, String routing, Boolean internal) {}

  /** A team's queue: its open conversations nobody is assigned to. */
  public record Queue(String teamId, String teamName, long waiting) {}

  @PersistenceContext EntityManager em;

  @EJB AuditLog audit;

  @Inject Event<TeamSettingsChanged> settingsChanged;

  /** Every team's queue, in one query (the metrics count them every few seconds). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<Queue> queues() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select t.id, t.name, count(c.id) from team t left join conversation c"
                    + " on c.team_id = t.id and c.queued_at is not null group by t.id, t.name")
            .getResultList();
    return rows.stream()
        .map(r -> new Queue((String) r[0], (String) r[1], ((Number) r[2]).longValue()))
        .toList();
  }

  /** Every team by name (the default first). */
  public List<TeamView> list(Participant reader) {
    List<Team> teams =
        em.createQuery("select t from Team t order by t.isDefault desc, lower(t.name)", Team.class)
            .getResultList();
    Instant now = Instant.now();
    if (reader.isVisitor()) {
      return teams.stream().filter(t -> !t.isInternal()).map(t -> view(t, null, now)).toList();
    }
    Map<String, List<Member>> members = new LinkedHashMap<>();
    for (Object row :
        em.createNativeQuery(
                "select m.team_id, a.id, a.display_name from team_member m"
                    + " join agent a on a.id = m.agent_id where not a.disabled"
                    + " order by a.display_name, a.id")
            .getResultList()) {
      Object[] r = (Object[]) row;
      members
          .computeIfAbsent((String) r[0], id -> new ArrayList<>())
          .add(new Member((String) r[1], (String) r[2]));
    }
    return teams.stream().map(t -> view(t, members.getOrDefault(t.id(), List.of()), now)).toList();
  }

  /** A visitor's view of the team without {@code members}, an agent's with them. */
  private static TeamView view(Team team, List<Member> members, Instant now) {
    Optional<OpeningHours> hours = team.openingHours();
    boolean open = hours.map(h -> h.isOpen(now)).orElse(true);
    String opensAt =
        open ? null : hours.flatMap(h -> h.nextOpening(now)).map(Instant::toString).orElse(null);
    if (members == null) {
      return new TeamView(team.id(), team.name(), null, null, null, null, null, open, opensAt);
    }
    return new TeamView(
        team.id(),
        team.name(),
        team.routing(),
        team.isDefault(),
        team.isInternal(),
        members,
        hours.map(OpeningHours::hours).orElse(null),
        open,
        opensAt);
  }

  /**
   * Sets when the team answers ({@code null}: around the clock). Outside those hours routing
   * assigns none of its conversations and visitors are offered the offline form; opening assigns
   * its queue.
   */
  public TeamView setHours(Participant supervisor, String teamId, OpeningHours.Hours hours) {
    supervisor.requireSupervisor("manage teams");
    Team team = find(teamId);
    OpeningHours valid = hours == null ? null : OpeningHours.of(hours);
    team.setOpeningHours(valid);
    audit.record(
        supervisor,
        "team.hours_changed",
        "team",
        team.id(),
        valid == null ? "open around the clock" : Json.write(valid.hours()));
    settingsChanged.fire(new TeamSettingsChanged(team.id()));
    return viewOf(supervisor, team.id());
  }

  /** Whether the team answers now (an unknown one: yes, nobody is kept waiting for it). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public boolean isOpen(String teamId) {
    Team team = teamId == null ? null : em.find(Team.class, teamId);
    return team == null || team.openingHours().map(h -> h.isOpen(Instant.now())).orElse(true);
  }

  /** The teams outside their hours now: routing assigns none of their conversations. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Set<String> closedNow() {
    Instant now = Instant.now();
    var closed = new HashSet<String>();
    for (Object row :
        em.createNativeQuery("select id, opening_hours from team where opening_hours is not null")
            .getResultList()) {
      Object[] r = (Object[]) row;
      if (!OpeningHours.fromJson((String) r[1]).isOpen(now)) {
        closed.add((String) r[0]);
      }
    }
    return closed;
  }

  private TeamView viewOf(Participant agent, String teamId) {
    return list(agent).stream().filter(t -> t.id().equals(teamId)).findFirst().orElseThrow();
  }

  public TeamView create(Participant supervisor, TeamRequest request) {
    supervisor.requireSupervisor("manage teams");
    if (request == null) {
      throw ChatException.badRequest("name is required");
    }
    String name = validName(request.name());
    String routing = request.routing() == null ? "round_robin" : validRouting(request.routing());
    boolean internal = Boolean.TRUE.equals(request.internal());
    requireFreeName(name, null);
    var team = new Team(name, routing, internal);
    em.persist(team);
    em.flush();
    audit.record(
        supervisor,
        "team.created",
        "team",
        team.id(),
        name + ", routing " + routing + (internal ? ", internal" : ""));
    return view(team, List.of(), Instant.now());
  }

  /** Renames a team or changes its routing; turning routing on assigns its waiting queue. */
  public TeamView update(Participant supervisor, String teamId, TeamRequest request) {
    supervisor.requireSupervisor("manage teams");
    Team team = find(teamId);
    if (request == null) {
      throw ChatException.badRequest("give a name, a routing or whether it is internal");
    }
    var changes = new ArrayList<String>();
    if (request.name() != null && !Names.clean(request.name()).equals(team.name())) {
      String name = validName(request.name());
      requireFreeName(name, team.id());
      changes.add("renamed from " + team.name() + " to " + name);
      team.rename(name);
    }
    if (request.internal() != null && request.internal() != team.isInternal()) {
      if (request.internal() && team.isDefault()) {
        throw ChatException.badRequest(
            "the default team is where visitors' chats go: not internal");
      }
      changes.add(request.internal() ? "made internal" : "offered to visitors");
      team.setInternal(request.internal());
    }
    if (request.routing() != null && !request.routing().equals(team.routing())) {
      changes.add("routing " + team.routing() + " to " + validRouting(request.routing()));
      team.setRouting(request.routing());
      settingsChanged.fire(new TeamSettingsChanged(team.id()));
    }
    if (!changes.isEmpty()) {
      audit.record(supervisor, "team.changed", "team", team.id(), String.join("; ", changes));
    }
    return viewOf(supervisor, team.id());
  }

  /**
   * The team a visitor's new conversation goes to: the one named (by id or name; an internal team
   * is no team to a visitor), or the default.
   */
  public TeamRef forNewConversation(String idOrName) {
    if (idOrName == null) {
      return TeamRef.of(
          em.createQuery("select t from Team t where t.isDefault = true", Team.class)
              .getSingleResult());
    }
    Team byId = idOrName.length() <= 36 ? em.find(Team.class, idOrName) : null;
    return Optional.ofNullable(byId)
        .or(() -> byName(Names.clean(idOrName)))
        .filter(t -> !t.isInternal())
        .map(TeamRef::of)
        .orElseThrow(() -> ChatException.badRequest("no team " + idOrName));
  }

  /**
   * The teams a directory agent's groups name (each created, routed round robin, the first time a
   * group names it), or the default team when they name none.
   */
  public Set<String> forDirectory(Set<String> names) {
    var ids = new HashSet<String>();
    for (String name : names) {
      String clean = Names.clean(name);
      if (clean.isEmpty() || clean.length() > MAX_NAME) {
        continue;
      }
      Team team = byName(clean).orElse(null);
      if (team == null) {
        team = new Team(clean, "round_robin", false);
        em.persist(team);
        em.flush();
        audit.record(null, "team.created", "team", team.id(), clean + " (from the directory)");
      }
      ids.add(team.id());
    }
    return ids.isEmpty() ? Set.of(forNewConversation(null).id()) : ids;
  }

  /** The team of that id; not found otherwise. */
  public TeamRef require(String teamId) {
    return TeamRef.of(find(teamId));
  }

  private Team find(String teamId) {
    Team team = teamId == null || teamId.length() > 36 ? null : em.find(Team.class, teamId);
    if (team == null) {
      throw ChatException.notFound("no team " + teamId);
    }
    return team;
  }

  /** The team of this name, whatever its case (names are unique so). */
  private Optional<Team> byName(String name) {
    return em.createQuery("select t from Team t where lower(t.name) = lower(:name)", Team.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  private void requireFreeName(String name, String exceptId) {
    if (byName(name).filter(t -> !t.id().equals(exceptId)).isPresent()) {
      throw ChatException.conflict("there is a team named " + name);
    }
  }

  private static String validName(String name) {
    String clean = Names.clean(name);
    if (clean == null || clean.isEmpty() || clean.length() > MAX_NAME) {
      throw ChatException.badRequest("name: 1 to " + MAX_NAME + " characters");
    }
    return clean;
  }

  private static String validRouting(String routing) {
    if (!Team.ROUTINGS.contains(routing)) {
      throw ChatException.badRequest("routing is one of " + Team.ROUTINGS);
    }
    return routing;
  }
}
