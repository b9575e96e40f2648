package dev.switchboard.participants.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.participants.control.AgentPasswords;
import dev.switchboard.participants.control.BootstrapAgents;
import dev.switchboard.participants.control.Directory;
import dev.switchboard.participants.entity.Agent;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Agents and supervisors of the operator console. */
@Stateless
public class Agents {

  public record Login(String agentId, String token, String displayName, String role) {}

  /** An agent as supervisors manage them. */
  public record AgentView(
      String id, String username, String displayName, String role, String email, boolean disabled) {
    static AgentView of(Agent a) {
      return new AgentView(
          a.id(), a.username(), a.displayName(), a.role(), a.email(), a.disabled());
    }
  }

  /** What a supervisor gives to add an agent. */
  public record NewAgent(
      String username, String password, String displayName, String role, String email) {}

  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
  static final int MIN_PASSWORD = 10;
  static final int MAX_DISPLAY_NAME = 200;

  @PersistenceContext EntityManager em;

  @Inject Pbkdf2PasswordHash passwordHash;

  @Inject IdentityStoreHandler identities;

  @Inject Directory directory;

  @Inject Credentials credentials;

  @EJB AuditLog audit;

  /**
   * Signs an agent in through the identity stores: our own passwords first, then the company
   * directory, whose groups decide the role (and create the agent at their first sign-in).
   */
  public Login login(String username, String password) {
    if (username == null || password == null || username.length() > 100) {
      throw ChatException.unauthorized("wrong username or password");
    }
    CredentialValidationResult result =
        identities.validate(new UsernamePasswordCredential(username, password));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      throw ChatException.unauthorized("wrong username or password");
    }
    Agent agent =
        result.getCallerGroups().contains(AgentPasswords.LOCAL)
            ? byUsername(username)
            : fromDirectory(username, result.getCallerGroups());
    if (agent.disabled()) {
      throw ChatException.forbidden("this account is disabled; ask a supervisor");
    }
    return new Login(
        agent.id(),
        credentials.issue(Participant.Kind.AGENT, agent.id()),
        agent.displayName(),
        agent.role());
  }

  private Agent byUsername(String username) {
    return em.createNamedQuery(Agent.BY_USERNAME, Agent.class)
        .setParameter("username", username)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /** The agent the directory vouched for, created or given the role its groups say now. */
  private Agent fromDirectory(String username, java.util.Set<String> groups) {
    String role =
        directory
            .roleOf(groups)
            .orElseThrow(
                () -> ChatException.forbidden("you are in none of the directory's support groups"));
    Agent agent = byUsername(username);
    if (agent == null) {
      agent = new Agent(username, username, Agent.DIRECTORY_PASSWORD, role, null);
      em.persist(agent);
      em.flush();
      audit.record(null, "agent.created", "agent", agent.id(), "from the directory, role " + role);
    } else if (!agent.role().equals(role)) {
      audit.record(
          null,
          "agent.role_changed",
          "agent",
          agent.id(),
          agent.role() + " to " + role + " (directory)");
      agent.changeRole(role);
    }
    return agent;
  }

  /** Every agent, by username; for supervisors. */
  public List<AgentView> list(Participant supervisor) {
    requireSupervisor(supervisor);
    return em.createQuery("select a from Agent a order by a.username", Agent.class)
        .getResultStream()
        .map(AgentView::of)
        .toList();
  }

  /** A supervisor adds an agent (or supervisor); {@code conflict} for a username in use. */
  public AgentView create(Participant supervisor, NewAgent request) {
    requireSupervisor(supervisor);
    if (request == null
        || request.username() == null
        || !USERNAME.matcher(request.username()).matches()) {
      throw ChatException.badRequest("username: 1 to 100 letters, digits and . _ @ -");
    }
    if (request.password() == null || request.password().length() < MIN_PASSWORD) {
      throw ChatException.badRequest("password: at least " + MIN_PASSWORD + " characters");
    }
    String role = request.role() == null ? "agent" : request.role();
    if (!role.equals("agent") && !role.equals("supervisor")) {
      throw ChatException.badRequest("role is agent or supervisor");
    }
    String displayName =
        request.displayName() == null || request.displayName().isBlank()
            ? request.username()
            : request.displayName().strip();
    if (displayName.length() > MAX_DISPLAY_NAME) {
      throw ChatException.badRequest("displayName is longer than " + MAX_DISPLAY_NAME);
    }
    String email = Visitors.validateEmail(request.email());
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
    em.persist(agent);
    em.flush(); // two supervisors adding one name at once: the unique index decides, here
    audit.record(supervisor, "agent.created", "agent", agent.id(), "role " + role);
    return AgentView.of(agent);
  }

  /**
   * Disables (or enables again) an agent. Disabling signs them out everywhere: their tokens are
   * deleted and every socket they hold, on any instance, is closed.
   */
  public AgentView setDisabled(Participant supervisor, String agentId, boolean disabled) {
    requireSupervisor(supervisor);
    Agent agent = agentId == null || agentId.length() > 36 ? null : em.find(Agent.class, agentId);
    if (agent == null) {
      throw ChatException.notFound("no agent " + agentId);
    }
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
    }
    return AgentView.of(agent);
  }

  private static void requireSupervisor(Participant participant) {
    if (!participant.isSupervisor()) {
      throw ChatException.forbidden("only supervisors manage agents");
    }
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
                  + " on conflict (username) do update set password_hash = excluded.password_hash,"
                  + " role = excluded.role, email = coalesce(excluded.email, agent.email)")
          .setParameter(1, UUID.randomUUID().toString())
          .setParameter(2, spec.username())
          .setParameter(3, passwordHash.generate(spec.password().toCharArray()))
          .setParameter(4, spec.role())
          .setParameter(5, spec.email())
          .executeUpdate();
    }
  }
}
