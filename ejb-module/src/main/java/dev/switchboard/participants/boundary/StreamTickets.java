package dev.switchboard.participants.boundary;

import dev.switchboard.participants.control.Tokens;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Tickets that open a Server-Sent Events stream: an {@code EventSource} cannot send a header, so
 * the address carries a ticket instead of the token. Single-use, valid {@link #VALID}, kept hashed
 * as tokens are; redeemed on any instance. The stream signs in with the token the ticket was made
 * from, so revoking that token (or its expiry) ends the stream.
 */
@Stateless
public class StreamTickets {

  public static final Duration VALID = Duration.ofSeconds(30);

  public record Ticket(String ticket) {}

  @PersistenceContext EntityManager em;

  @EJB Credentials credentials;

  /** A ticket for the holder of this token (of either kind), or {@code unauthorized}. */
  public Ticket issue(String token) {
    var signedIn =
        credentials
            .signIn(token, Participant.Kind.AGENT)
            .or(() -> credentials.signIn(token, Participant.Kind.VISITOR))
            .orElseThrow(() -> ChatException.unauthorized("unknown or expired token"));
    String ticket = Tokens.newToken();
    em.createNativeQuery(
            "insert into stream_ticket (ticket_hash, token_hash, expires_at)"
                + " values (?1, ?2, now() + cast(?3 as integer) * interval '1 second')")
        .setParameter(1, Tokens.hash(ticket))
        .setParameter(2, signedIn.fingerprint())
        .setParameter(3, (int) VALID.toSeconds())
        .executeUpdate();
    return new Ticket(ticket);
  }

  /**
   * Takes the ticket (once: a second use finds nothing) and signs in with its token, if it is a
   * {@code kind}'s and both are still valid.
   */
  public Optional<Credentials.SignedIn> redeem(String ticket, Participant.Kind kind) {
    if (ticket == null || ticket.isBlank() || ticket.length() > 200) {
      return Optional.empty();
    }
    List<?> tokens =
        em.createNativeQuery(
                "delete from stream_ticket where ticket_hash = ?1 returning token_hash,"
                    + " expires_at > now()")
            .setParameter(1, Tokens.hash(ticket))
            .getResultList();
    if (tokens.isEmpty() || !(Boolean) ((Object[]) tokens.get(0))[1]) {
      return Optional.empty();
    }
    return credentials.signInWithHash((String) ((Object[]) tokens.get(0))[0], kind);
  }

  /** Removes tickets nobody redeemed in time; how many. */
  public int purgeExpired() {
    return em.createNativeQuery("delete from stream_ticket where expires_at < now()")
        .executeUpdate();
  }
}
