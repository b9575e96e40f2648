package dev.switchboard.participants.control;

import dev.switchboard.participants.entity.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import java.util.Set;

/**
 * The first identity store: agents with a password of ours (PBKDF2 hashes in the database). Its
 * results carry the group {@link #LOCAL}, so a sign-in knows which store let the agent in.
 */
@ApplicationScoped
public class AgentPasswords implements IdentityStore {

  public static final String LOCAL = "switchboard-local";

  // OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512.
  public static final Map<String, String> HASH_PARAMETERS =
      Map.of(
          "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
          "Pbkdf2PasswordHash.Iterations", "210000",
          "Pbkdf2PasswordHash.SaltSizeBytes", "32",
          "Pbkdf2PasswordHash.KeySizeBytes", "64");

  @PersistenceContext EntityManager em;

  @Inject Pbkdf2PasswordHash passwordHash;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Agent agent =
        em.createNamedQuery(Agent.BY_USERNAME, Agent.class)
            .setParameter("username", login.getCaller())
            .getResultStream()
            .findFirst()
            .orElse(null);
    passwordHash.initialize(HASH_PARAMETERS);
    if (agent == null || !agent.hasLocalPassword()) {
      // As long as a wrong password takes: the time of an answer does not tell which usernames
      // exist here.
      passwordHash.verify(login.getPassword().getValue(), unknownsHash());
      return CredentialValidationResult.NOT_VALIDATED_RESULT; // perhaps the directory's
    }
    return passwordHash.verify(login.getPassword().getValue(), agent.passwordHash())
        ? new CredentialValidationResult(agent.username(), Set.of(LOCAL, agent.role()))
        : CredentialValidationResult.INVALID_RESULT;
  }

  private volatile String unknownsHash;

  /** A hash with our parameters of a password nobody has, to verify unknown usernames against. */
  private String unknownsHash() {
    String hash = unknownsHash;
    if (hash == null) {
      hash = passwordHash.generate(Tokens.newToken().toCharArray());
      unknownsHash = hash;
    }
    return hash;
  }

  @Override
  public int priority() {
    return 10;
  }

  /** Groups too: the handler keeps a validating store's groups only when it provides groups. */
  @Override
  public Set<ValidationType> validationTypes() {
    return DEFAULT_VALIDATION_TYPES;
  }
}
