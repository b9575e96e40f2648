package dev.switchboard.participants.boundary;

import dev.switchboard.participants.control.BootstrapAgents;
import dev.switchboard.participants.entity.Agent;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import java.util.UUID;

/** Agents and supervisors of the operator console. */
@Stateless
public class Agents {

  public record Login(String agentId, String token, String displayName, String role) {}

  // OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512.
  static final Map<String, String> HASH_PARAMETERS =
      Map.of(
          "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
          "Pbkdf2PasswordHash.Iterations", "210000",
          "Pbkdf2PasswordHash.SaltSizeBytes", "32",
          "Pbkdf2PasswordHash.KeySizeBytes", "64");

  @PersistenceContext EntityManager em;

  @Inject Pbkdf2PasswordHash passwordHash;

  @Inject Credentials credentials;

  public Login login(String username, String password) {
    if (username == null || password == null) {
      throw ChatException.unauthorized("wrong username or password");
    }
    passwordHash.initialize(HASH_PARAMETERS);
    Agent agent =
        em.createNamedQuery(Agent.BY_USERNAME, Agent.class)
            .setParameter("username", username)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (agent == null || !passwordHash.verify(password.toCharArray(), agent.passwordHash())) {
      throw ChatException.unauthorized("wrong username or password");
    }
    return new Login(
        agent.id(),
        credentials.issue(Participant.Kind.AGENT, agent.id()),
        agent.displayName(),
        agent.role());
  }

  /**
   * Creates or updates the agents named in configuration (first run, tests). An upsert, because
   * every instance of a cluster runs it at start, possibly at the same moment.
   */
  public void bootstrap(String specification) {
    passwordHash.initialize(HASH_PARAMETERS);
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
