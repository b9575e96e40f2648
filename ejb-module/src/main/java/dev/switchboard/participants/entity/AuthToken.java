package dev.switchboard.participants.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A bearer token, stored only as its SHA-256 so a database leak gives no usable token. */
@Entity
@Table(name = "auth_token")
@NamedQuery(
    name = AuthToken.WITH_AGENT,
    query =
        "select t, a from AuthToken t, Agent a where t.tokenHash = :hash"
            + " and t.principalType = dev.switchboard.participants.entity.Participant.Kind.AGENT"
            + " and a.id = t.principalId")
@NamedQuery(
    name = AuthToken.WITH_VISITOR,
    query =
        "select t, v from AuthToken t, Visitor v where t.tokenHash = :hash"
            + " and t.principalType = dev.switchboard.participants.entity.Participant.Kind.VISITOR"
            + " and v.id = t.principalId")
public class AuthToken {

  /** A token with the agent holding it: a sign-in in one round trip. */
  public static final String WITH_AGENT = "AuthToken.withAgent";

  /** A token with the visitor holding it. */
  public static final String WITH_VISITOR = "AuthToken.withVisitor";

  @Id
  @Column(name = "token_hash")
  private String tokenHash;

  @Enumerated(EnumType.STRING)
  @Column(name = "principal_type", nullable = false)
  private Participant.Kind principalType;

  @Column(name = "principal_id", nullable = false)
  private String principalId;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "expires_at", nullable = false)
  private OffsetDateTime expiresAt;

  protected AuthToken() {}

  public AuthToken(
      String tokenHash,
      Participant.Kind principalType,
      String principalId,
      OffsetDateTime expiresAt) {
    this.tokenHash = tokenHash;
    this.principalType = principalType;
    this.principalId = principalId;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    this.expiresAt = expiresAt;
  }

  public String tokenHash() {
    return tokenHash;
  }

  public OffsetDateTime expiresAt() {
    return expiresAt;
  }

  public boolean isExpired(OffsetDateTime now) {
    return !expiresAt.isAfter(now);
  }

  public Participant.Kind principalType() {
    return principalType;
  }

  public String principalId() {
    return principalId;
  }
}
