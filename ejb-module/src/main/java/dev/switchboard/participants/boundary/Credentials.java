package dev.switchboard.participants.boundary;

import dev.switchboard.events.boundary.TokenRevoked;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.participants.control.Tokens;
import dev.switchboard.participants.entity.Agent;
import dev.switchboard.participants.entity.AuthToken;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.Config;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues bearer tokens and turns a presented token back into its participant. Reading a token takes
 * no transaction of its own (each sign-in would pay a commit's round trip for nothing).
 */
@Stateless
public class Credentials {

  @PersistenceContext EntityManager em;

  @Inject EventPublisher publisher;

  @Inject
  @ConfigProperty(name = Config.AGENT_TOKEN_HOURS, defaultValue = "12")
  long agentTokenHours;

  @Inject
  @ConfigProperty(name = Config.VISITOR_TOKEN_DAYS, defaultValue = "90")
  long visitorTokenDays;

  @Inject
  @ConfigProperty(name = Config.SIGNED_VISITOR_TOKEN_HOURS, defaultValue = "8")
  long signedVisitorTokenHours;

  public String issue(Participant.Kind kind, String principalId) {
    return issue(
        kind,
        principalId,
        kind == Participant.Kind.AGENT
            ? Duration.ofHours(agentTokenHours)
            : Duration.ofDays(visitorTokenDays));
  }

  /**
   * A token for an employee the intranet vouched for: short-lived (a working day by default), so a
   * shared PC does not keep them signed in; the page vouches for them again at the next visit.
   */
  public String issueSignedVisitor(String visitorId) {
    return issue(Participant.Kind.VISITOR, visitorId, Duration.ofHours(signedVisitorTokenHours));
  }

  private String issue(Participant.Kind kind, String principalId, Duration ttl) {
    String token = Tokens.newToken();
    em.persist(
        new AuthToken(
            Tokens.hash(token), kind, principalId, OffsetDateTime.now(ZoneOffset.UTC).plus(ttl)));
    return token;
  }

  /** Who signed in with a token, and until when the token holds. */
  public record SignedIn(Participant participant, Instant expiresAt, String fingerprint) {}

  /** The participant holding this token, if it is known, unexpired and of the expected kind. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Participant> authenticate(String token, Participant.Kind expected) {
    return signIn(token, expected).map(SignedIn::participant);
  }

  /** As {@link #authenticate}, with the token's expiry: a socket is closed when it passes. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<SignedIn> signIn(String token, Participant.Kind expected) {
    String hash = hashOf(token);
    return hash == null ? Optional.empty() : signInWithHash(hash, expected);
  }

  /**
   * As {@link #signIn}, with the token's hash (a stream ticket stands for one). The token and its
   * holder come in one query: a sign-in per socket, and a reconnect storm is thousands at once.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<SignedIn> signInWithHash(String tokenHash, Participant.Kind expected) {
    List<Object[]> rows =
        em.createNamedQuery(
                expected == Participant.Kind.AGENT ? AuthToken.WITH_AGENT : AuthToken.WITH_VISITOR,
                Object[].class)
            .setParameter("hash", tokenHash)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    AuthToken stored = (AuthToken) rows.get(0)[0];
    if (stored.isExpired(OffsetDateTime.now(ZoneOffset.UTC))) {
      return Optional.empty();
    }
    Optional<Participant> participant =
        rows.get(0)[1] instanceof Agent agent
            ? Optional.of(agent).filter(a -> !a.disabled()).map(Agent::asParticipant)
            : Optional.of(((Visitor) rows.get(0)[1]).asParticipant());
    return participant.map(
        p -> new SignedIn(p, stored.expiresAt().toInstant(), stored.tokenHash()));
  }

  /** Deletes up to {@code batch} tokens that have expired (they sign nobody in); how many. */
  public int purgeExpired(int batch) {
    return em.createNativeQuery(
            "delete from auth_token where token_hash in"
                + " (select token_hash from auth_token where expires_at < now() limit ?1)")
        .setParameter(1, batch)
        .executeUpdate();
  }

  /**
   * Signs a participant out of every sign-in (an agent disabled, a visitor erased): tokens deleted,
   * their sockets closed on every instance.
   */
  public void revokeAll(Participant.Kind kind, String principalId) {
    revokeAllBut(kind, principalId, null);
  }

  /** As {@link #revokeAll}, but for the sign-in of {@code keptToken} (null: none kept). */
  public void revokeAllBut(Participant.Kind kind, String principalId, String keptToken) {
    String kept = keptToken == null ? "" : Tokens.hash(keptToken);
    @SuppressWarnings("unchecked")
    List<String> hashes =
        em.createNativeQuery(
                "delete from auth_token where principal_type = ?1 and principal_id = ?2"
                    + " and token_hash <> ?3 returning token_hash")
            .setParameter(1, kind.name())
            .setParameter(2, principalId)
            .setParameter(3, kept)
            .getResultList();
    hashes.forEach(hash -> publisher.publish(new TokenRevoked(hash.strip())));
  }

  /**
   * Signs an agent out: the token stops working at once and every socket it opened, on every
   * instance, is closed. Other tokens of the same agent (another browser) stay valid.
   *
   * @return whether the token was a valid agent token
   */
  public boolean revoke(String token) {
    AuthToken stored = valid(token, Participant.Kind.AGENT);
    if (stored == null) {
      return false;
    }
    em.remove(stored);
    publisher.publish(new TokenRevoked(stored.tokenHash()));
    return true;
  }

  /** The stored token, if it is known, unexpired and of the expected kind; else null. */
  private AuthToken valid(String token, Participant.Kind expected) {
    String hash = hashOf(token);
    return hash == null ? null : validHash(hash, expected);
  }

  /** The hash a token is stored as; null for what cannot be a token. */
  private static String hashOf(String token) {
    return token == null || token.isBlank() || token.length() > 200 ? null : Tokens.hash(token);
  }

  private AuthToken validHash(String tokenHash, Participant.Kind expected) {
    AuthToken stored = em.find(AuthToken.class, tokenHash);
    return stored == null
            || stored.principalType() != expected
            || stored.isExpired(OffsetDateTime.now(ZoneOffset.UTC))
        ? null
        : stored;
  }

  /** Either kind: for HTTP, where one header carries both (the token says which it is). */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Participant> authenticateAny(String token) {
    String hash = hashOf(token);
    if (hash == null) {
      return Optional.empty();
    }
    // Visitors make most requests: their kind first, then an agent's (two round trips at most).
    return signInWithHash(hash, Participant.Kind.VISITOR)
        .or(() -> signInWithHash(hash, Participant.Kind.AGENT))
        .map(SignedIn::participant);
  }
}
