package dev.switchboard.participants.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.events.boundary.AgentChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.participants.control.AgentPasswords;
import dev.switchboard.participants.control.BootstrapAgents;
import dev.switchboard.participants.control.Directory;
import dev.switchboard.participants.control.GroupMapping;
import dev.switchboard.participants.control.OpenIdProvider;
import dev.switchboard.participants.control.WeakPasswords;
import dev.switchboard.participants.entity.Agent;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Names;
import dev.switchboard.routing.boundary.RoutingClock;
import dev.switchboard.teams.boundary.Teams;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Agents and supervisors of the operator console. */
@Stateless
public class Agents {

  public record Login(String agentId, String token, String displayName, String role) {}

  /** An agent as supervisors manage them. */
  public record AgentView(
      String id,
      String username,
      String displayName,
      String role,
      String email,
      boolean disabled,
      int capacity,
      List<String> teams) {
    static AgentView of(Agent a) {
      return new AgentView(
          a.id(),
          a.username(),
          a.displayName(),
          a.role(),
          a.email(),
          a.disabled(),
          a.capacity(),
          a.teams().stream().sorted().toList());
    }
  }

  /** What a supervisor gives to add an agent; no teams: the default team. */
  public record NewAgent(
      String username,
      String password,
      String displayName,
      String role,
      String email,
      Integer capacity,
      List<String> teams) {}

  /** A supervisor's change to an agent; a null field stays as it is. */
  public record AgentChange(String role, Integer capacity, List<String> teams) {}

  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
  static final int MAX_DISPLAY_NAME = 200;

  @PersistenceContext EntityManager em;

  @Inject Pbkdf2PasswordHash passwordHash;

  @Inject IdentityStoreHandler identities;

  @Inject Directory directory;

  @Inject Credentials credentials;

  @EJB AuditLog audit;

  @EJB Teams teamsOf;

  @EJB RoutingClock routing;

  @Inject EventPublisher publisher;

  /**
   * Signs an agent in through the identity stores: our own passwords first, then the company
   * directory, whose groups decide the role (and create the agent at their first sign-in). Its
   * limits are {@link SignIns}'.
   */
  public Login login(String username, String password) {
    // Refused before any store is asked: a directory may take a blank password for an anonymous
    // bind (an Active Directory without DenyUnauthenticatedBind does), and a name that no agent
    // could have is not worth a directory search.
    if (username == null
        || password == null
        || password.isBlank()
        || !USERNAME.matcher(username).matches()) {
      throw wrongCredentials();
    }
    CredentialValidationResult result =
        identities.validate(
            new UsernamePasswordCredential(Directory.filterValue(username), password));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      throw wrongCredentials();
    }
    // The directory's results name the entry that let the agent in; ours never do.
    Agent agent;
    if (result.getCallerDn() != null) {
      agent = fromDirectory(username, result.getCallerDn(), result.getCallerGroups());
    } else if (result.getCallerGroups().contains(AgentPasswords.LOCAL)) {
      agent = byUsername(username);
    } else {
      throw wrongCredentials();
    }
    return signedIn(agent);
  }

  private static ChatException wrongCredentials() {
    return ChatException.unauthorized("wrong username or password");
  }

  private Agent byUsername(String username) {
    return em.createNamedQuery(Agent.BY_USERNAME, Agent.class)
        .setParameter("username", username)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /**
   * The agent of the directory entry that vouched for it (never a local agent, whatever name was
   * typed), created or given the role and teams its groups say now.
   */
  private Agent fromDirectory(String username, String dn, Set<String> groups) {
    String role =
        directory
            .groups()
            .roleOf(groups)
            .orElseThrow(
                () -> ChatException.forbidden("you are in none of the directory's support groups"));
    Set<String> teams = teamsOf.forDirectory(directory.groups().teamNamesOf(groups));
    String entry = dn.toLowerCase(Locale.ROOT);
    Agent agent =
        em.createNamedQuery(Agent.BY_DIRECTORY_DN, Agent.class)
            .setParameter("directoryDn", entry)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (agent == null) {
      agent = unclaimed(username);
      if (agent != null) {
        agent.recordDirectoryEntry(entry);
      }
    }
    if (agent == null) {
      return created(Agent.fromDirectory(username, entry, role), teams, "the directory");
    }
    follow(agent, role, teams, "directory");
    return agent;
  }

  /**
   * Signs in the agent the company's OpenID Connect provider vouched for (its subject at that
   * issuer, never a local agent of the same name): created at its first sign-in, given the role and
   * teams its groups say at each; {@code forbidden} outside the support groups. Returns its id.
   */
  public String fromOpenId(OpenIdProvider.Identity identity, GroupMapping mapping) {
    String role =
        mapping
            .roleOf(identity.groups())
            .orElseThrow(
                () -> ChatException.forbidden("you are in none of the company's support groups"));
    Set<String> teams = teamsOf.forDirectory(mapping.teamNamesOf(identity.groups()));
    Agent agent =
        em.createNamedQuery(Agent.BY_OIDC_SUBJECT, Agent.class)
            .setParameter("subject", identity.key())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (agent == null) {
      String username = usernameFor(identity.username());
      if (unclaimed(username) != null) {
        throw ChatException.forbidden(
            "the username " + username + " belongs to another agent; ask a supervisor");
      }
      agent =
          created(
              Agent.fromOpenId(
                  username,
                  identity.displayName() == null ? username : identity.displayName(),
                  identity.email(),
                  identity.key(),
                  role),
              teams,
              "the company sign-in");
    } else {
      follow(agent, role, teams, "company sign-in");
    }
    requireEnabled(agent);
    return agent.id();
  }

  /** A new token for an agent who may sign in. */
  private Login signedIn(Agent agent) {
    requireEnabled(agent);
    return new Login(
        agent.id(),
        credentials.issue(Participant.Kind.AGENT, agent.id()),
        agent.displayName(),
        agent.role());
  }

  private static void requireEnabled(Agent agent) {
    if (agent.disabled()) {
      throw ChatException.forbidden("this account is disabled; ask a supervisor");
    }
  }

  /** A sign-in for an agent the company vouched for a moment ago; {@code forbidden} if disabled. */
  public Login signInAs(String agentId) {
    Agent agent = em.find(Agent.class, agentId);
    if (agent == null) {
      throw ChatException.unauthorized("this sign-in ticket is unknown, used or expired");
    }
    return signedIn(agent);
  }

  /** A provider's name as an agent's username: the characters usernames allow, within length. */
  static String usernameFor(String name) {
    String username = name.replaceAll("[^A-Za-z0-9._@-]", "_");
    return username.length() > 100 ? username.substring(0, 100) : username;
  }

  /**
   * The agent of this name that no company identity claims yet (one from before entries were
   * recorded); {@code forbidden} when the name is a local agent's or another identity's.
   */
  private Agent unclaimed(String username) {
    Agent named =
        em.createNamedQuery(Agent.BY_USERNAME_ANY_CASE, Agent.class)
            .setParameter("username", username)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (named != null
        && (named.hasLocalPassword()
            || named.directoryDn() != null
            || named.openIdSubject() != null)) {
      throw ChatException.forbidden(
          "the username " + username + " belongs to another agent; ask a supervisor");
    }
    return named;
  }

  private Agent created(Agent agent, Set<String> teams, String source) {
    agent.setTeams(teams);
    em.persist(agent);
    em.flush();
    audit.record(
        null,
        "agent.created",
        "agent",
        agent.id(),
        "from " + source + ", role " + agent.role() + ", teams " + teams);
    return agent;
  }

  /** The company's groups decide: the agent follows their role and teams now. */
  private void follow(Agent agent, String role, Set<String> teams, String source) {
    boolean changed = false;
    if (!agent.role().equals(role)) {
      audit.record(
          null,
          "agent.role_changed",
          "agent",
          agent.id(),
          agent.role() + " to " + role + " (" + source + ")");
      agent.changeRole(role);
      changed = true;
    }
    if (!agent.teams().equals(teams)) {
      audit.record(
          null,
          "agent.teams_changed",
          "agent",
          agent.id(),
          agent.teams() + " to " + teams + " (" + source + ")");
      agent.setTeams(teams);
      changed = true;
    }
    if (changed) {
      publisher.publish(new AgentChanged(agent.id(), agent.role(), agent.teams()));
    }
  }

  /** Every agent, by username; for supervisors. */
  public List<AgentView> list(Participant supervisor) {
    supervisor.requireSupervisor("manage agents");
    return em.createQuery("select a from Agent a order by a.username", Agent.class)
        .getResultStream()
        .map(AgentView::of)
        .toList();
  }

  /** A supervisor adds an agent (or supervisor); {@code conflict} for a username in use. */
  public AgentView create(Participant supervisor, NewAgent request) {
    supervisor.requireSupervisor("manage agents");
    if (request == null
        || request.username() == null
        || !USERNAME.matcher(request.username()).matches()) {
      throw ChatException.badRequest("username: 1 to 100 letters, digits and . _ @ -");
    }
    String weakness = WeakPasswords.weakness(request.password());
    if (weakness != null) {
      throw ChatException.badRequest("the password is " + weakness);
    }
    String role = request.role() == null ? "agent" : request.role();
    if (!role.equals("agent") && !role.equals("supervisor")) {
      throw ChatException.badRequest("role is agent or supervisor");
    }
    String given = Names.clean(request.displayName());
    String displayName = given == null || given.isEmpty() ? request.username() : given;
    if (displayName.length() > MAX_DISPLAY_NAME) {
      throw ChatException.badRequest("displayName is longer than " + MAX_DISPLAY_NAME);
    }
    String email = Visitors.validateEmail(request.email());
    int capacity =
        request.capacity() == null ? Agent.DEFAULT_CAPACITY : validCapacity(request.capacity());
    Set<String> teams = validTeams(request.teams());
    if (byUsername(request.username()) != null) {
      throw ChatException.conflict("the username " + request.username() + " is taken");
    }
    passwordHash.initialize(AgentPasswords.HASH_PARAMETERS);
    var agent =
        new Agent(
            request.username(),
            displayName,
            passwordHash.generate(request.password().toCharArray()),
            role,
            email);
    agent.setCapacity(capacity);
    agent.setTeams(teams.isEmpty() ? Set.of(teamsOf.forNewConversation(null).id()) : teams);
    em.persist(agent);
    em.flush(); // two supervisors adding one name at once: the unique index decides, here
    audit.record(
        supervisor,
        "agent.created",
        "agent",
        agent.id(),
        "role " + role + ", capacity " + capacity + ", teams " + agent.teams());
    return AgentView.of(agent);
  }

  /**
   * A supervisor changes an agent's role, capacity or teams; each change is audited, and the
   * agent's open sockets follow at once on every instance.
   */
  public AgentView update(Participant supervisor, String agentId, AgentChange change) {
    supervisor.requireSupervisor("manage agents");
    Agent agent = require(agentId);
    if (change == null) {
      throw ChatException.badRequest("give a role, a capacity or teams");
    }
    var changes = new ArrayList<String[]>();
    if (change.role() != null && !change.role().equals(agent.role())) {
      if (!change.role().equals("agent") && !change.role().equals("supervisor")) {
        throw ChatException.badRequest("role is agent or supervisor");
      }
      if (agent.id().equals(supervisor.id())) {
        throw ChatException.badRequest("you cannot change your own role");
      }
      changes.add(new String[] {"agent.role_changed", agent.role() + " to " + change.role()});
    }
    if (change.capacity() != null && change.capacity() != agent.capacity()) {
      changes.add(
          new String[] {
            "agent.capacity_changed", agent.capacity() + " to " + validCapacity(change.capacity())
          });
    }
    Set<String> teams = change.teams() == null ? agent.teams() : validTeams(change.teams());
    if (!teams.equals(agent.teams())) {
      changes.add(new String[] {"agent.teams_changed", agent.teams() + " to " + teams});
    }
    if (change.role() != null) {
      agent.changeRole(change.role());
    }
    if (change.capacity() != null) {
      agent.setCapacity(change.capacity());
    }
    agent.setTeams(teams);
    for (String[] c : changes) {
      audit.record(supervisor, c[0], "agent", agent.id(), c[1]);
    }
    if (!changes.isEmpty()) {
      publisher.publish(new AgentChanged(agent.id(), agent.role(), agent.teams()));
      routing.afterCommit();
    }
    return AgentView.of(agent);
  }

  private Agent require(String agentId) {
    Agent agent = agentId == null || agentId.length() > 36 ? null : em.find(Agent.class, agentId);
    if (agent == null) {
      throw ChatException.notFound("no agent " + agentId);
    }
    return agent;
  }

  private static int validCapacity(int capacity) {
    if (capacity < 0 || capacity > Agent.MAX_CAPACITY) {
      throw ChatException.badRequest("capacity: 0 to " + Agent.MAX_CAPACITY);
    }
    return capacity;
  }

  private Set<String> validTeams(List<String> teamIds) {
    var teams = new HashSet<String>();
    for (String id : teamIds == null ? List.<String>of() : teamIds) {
      teams.add(teamsOf.require(id).id());
    }
    return teams;
  }

  /**
   * Disables (or enables again) an agent. Disabling signs them out everywhere: their tokens are
   * deleted and every socket they hold, on any instance, is closed.
   */
  public AgentView setDisabled(Participant supervisor, String agentId, boolean disabled) {
    supervisor.requireSupervisor("manage agents");
    Agent agent = require(agentId);
    if (disabled && agent.id().equals(supervisor.id())) {
      throw ChatException.badRequest("you cannot disable yourself");
    }
    if (agent.disabled() != disabled) {
      agent.setDisabled(disabled);
      if (disabled) {
        credentials.revokeAll(Participant.Kind.AGENT, agent.id());
      }
      audit.record(
          supervisor, disabled ? "agent.disabled" : "agent.enabled", "agent", agent.id(), null);
      routing.afterCommit(); // a disabled agent's conversations go back to the queue
    }
    return AgentView.of(agent);
  }

  /** An agent in no team (new, or a directory agent) is in the default one. */
  private void joinDefaultTeamIfInNone(String username) {
    em.createNativeQuery(
            "insert into team_member (team_id, agent_id) select t.id, a.id from team t, agent a"
                + " where t.is_default and a.username = ?1 and not exists"
                + " (select 1 from team_member m where m.agent_id = a.id) on conflict do nothing")
        .setParameter(1, username)
        .executeUpdate();
  }

  /**
   * An agent changes their own password: the current one first, the new one not weak. Their other
   * sign-ins end (the one asking stays), on every instance.
   */
  public void changePassword(
      Participant me, String currentToken, String currentPassword, String newPassword) {
    if (!me.isAgent()) {
      throw ChatException.forbidden("only agents have a password");
    }
    Agent agent = em.find(Agent.class, me.id());
    if (!agent.hasLocalPassword()) {
      throw ChatException.conflict("your password is the company directory's: change it there");
    }
    passwordHash.initialize(AgentPasswords.HASH_PARAMETERS);
    if (currentPassword == null
        || !passwordHash.verify(currentPassword.toCharArray(), agent.passwordHash())) {
      throw ChatException.forbidden("the current password is not right");
    }
    String weakness = WeakPasswords.weakness(newPassword);
    if (weakness != null) {
      throw ChatException.badRequest("the new password is " + weakness);
    }
    if (newPassword.equals(currentPassword)) {
      throw ChatException.badRequest("the new password is the current one");
    }
    agent.changePassword(passwordHash.generate(newPassword.toCharArray()));
    credentials.revokeAllBut(Participant.Kind.AGENT, agent.id(), currentToken);
    audit.record(me, "agent.password_changed", "agent", agent.id(), "by themselves");
  }

  /** The usernames of the agents who have changed their password themselves. */
  public java.util.Set<String> passwordsChangedSince() {
    return em.createQuery(
            "select a.username from Agent a where a.passwordChangedAt is not null", String.class)
        .getResultStream()
        .collect(java.util.stream.Collectors.toSet());
  }

  /**
   * Creates or updates the agents named in configuration (first run, tests). An upsert, because
   * every instance of a cluster runs it at start, possibly at the same moment.
   */
  public void bootstrap(String specification) {
    passwordHash.initialize(AgentPasswords.HASH_PARAMETERS);
    for (var spec : BootstrapAgents.parse(specification)) {
      em.createNativeQuery(
              "insert into agent (id, username, display_name, password_hash, role, email,"
                  + " created_at) values (?1, ?2, ?2, ?3, ?4, ?5, now())"
                  // A password the agent changed since is theirs.
                  + " on conflict (username) do update set password_hash = case when"
                  + " agent.password_changed_at is null then excluded.password_hash"
                  + " else agent.password_hash end,"
                  + " role = excluded.role, email = coalesce(excluded.email, agent.email)")
          .setParameter(1, UUID.randomUUID().toString())
          .setParameter(2, spec.username())
          .setParameter(3, passwordHash.generate(spec.password().toCharArray()))
          .setParameter(4, spec.role())
          .setParameter(5, spec.email())
          .executeUpdate();
      joinDefaultTeamIfInNone(spec.username());
    }
  }
}
