package dev.switchboard.participants.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Company sign-ins under way and the tickets they end with, in the database so that any instance
 * finishes what another started: each row is taken once ({@code delete … returning}) and only while
 * it is fresh; the sweep removes the rest.
 */
@Stateless
public class SignInAttempts {

  /** How long the provider's page may take: the state it sent back must be this fresh. */
  public static final Duration STARTED_FOR = Duration.ofMinutes(10);

  /** How long the console has to exchange its ticket. */
  public static final Duration TICKET_FOR = Duration.ofSeconds(60);

  /** What a started sign-in kept for its callback. */
  public record Started(String nonce, String verifier, String redirectUri) {}

  @PersistenceContext EntityManager em;

  public void started(OpenIdProvider.Start start, String redirectUri) {
    em.createNativeQuery(
            "insert into oidc_sign_in (state, nonce, verifier, redirect_uri, created_at)"
                + " values (?1, ?2, ?3, ?4, now())")
        .setParameter(1, start.state())
        .setParameter(2, start.nonce())
        .setParameter(3, start.verifier())
        .setParameter(4, redirectUri)
        .executeUpdate();
  }

  /** The sign-in started with {@code state}, taken: a second callback finds nothing. */
  public Optional<Started> take(String state) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "delete from oidc_sign_in where state = ?1 and created_at > ?2"
                    + " returning nonce, verifier, redirect_uri")
            .setParameter(1, state)
            .setParameter(2, OffsetDateTime.now(ZoneOffset.UTC).minus(STARTED_FOR))
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(r -> new Started((String) r[0], (String) r[1], (String) r[2]));
  }

  /** A new single-use ticket for the agent; only its hash is kept. */
  public String ticket(String agentId) {
    String ticket = Tokens.newToken();
    em.createNativeQuery(
            "insert into sign_in_ticket (ticket_hash, agent_id, expires_at) values (?1, ?2, ?3)")
        .setParameter(1, Tokens.hash(ticket))
        .setParameter(2, agentId)
        .setParameter(3, OffsetDateTime.now(ZoneOffset.UTC).plus(TICKET_FOR))
        .executeUpdate();
    return ticket;
  }

  /** The agent of a fresh ticket, which is used up; empty for an unknown, used or old one. */
  public Optional<String> redeem(String ticket) {
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery(
                "delete from sign_in_ticket where ticket_hash = ?1 and expires_at > now()"
                    + " returning agent_id")
            .setParameter(1, Tokens.hash(ticket))
            .getResultList();
    return rows.stream().findFirst().map(String.class::cast);
  }

  /** Removes what nobody came back for; how many rows. */
  public int purge() {
    return em.createNativeQuery("delete from oidc_sign_in where created_at < ?1")
            .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC).minus(STARTED_FOR))
            .executeUpdate()
        + em.createNativeQuery("delete from sign_in_ticket where expires_at < now()")
            .executeUpdate();
  }
}
