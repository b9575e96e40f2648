package dev.switchboard.participants.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.platform.ChatException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Checks the identity an intranet page vouches for: a JWT signed with HMAC-SHA256 (or 384/512) by
 * the intranet with the shared secret, carrying {@code sub} (the employee's stable id), {@code
 * name}, {@code email} and {@code exp}; {@code iss} and {@code aud} as expected, when the server is
 * told what to expect, and no longer-lived than it allows ({@code exp − iat}): a leaked identity is
 * soon worth nothing.
 */
public final class SignedIdentities {

  /** HS256 needs a key of at least 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

  public record Identity(String subject, String name, String email) {}

  /**
   * What an identity must say besides its signature: its issuer and audience (null: any) and at
   * most how long it lives.
   */
  public record Expected(String issuer, String audience, Duration maxLifetime) {}

  private final byte[] secret;
  private final Expected expected;
  private final Clock clock;

  public SignedIdentities(String secret, Expected expected, Clock clock) {
    this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    this.expected = expected;
    this.clock = clock;
  }

  /** The identity, or {@code unauthorized} for anything forged, expired or malformed. */
  public Identity verify(String token) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw ChatException.badRequest("signed identities are not set up on this server");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())
          || !jwt.verify(new MACVerifier(secret))) {
        throw invalid("its signature does not match");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      Date expires = claims.getExpirationTime();
      if (expires == null || expires.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
        throw invalid("it has expired or has no exp");
      }
      Instant issued = claims.getIssueTime() == null ? now : claims.getIssueTime().toInstant();
      if (issued.isAfter(now.plus(CLOCK_SKEW))) {
        throw invalid("it was issued in the future (iat)");
      }
      if (Duration.between(issued, expires.toInstant()).compareTo(expected.maxLifetime()) > 0) {
        throw invalid(
            "it lives longer than " + expected.maxLifetime().toMinutes() + " minutes (exp − iat)");
      }
      if (expected.issuer() != null && !expected.issuer().equals(claims.getIssuer())) {
        throw invalid("it is not from the expected issuer (iss)");
      }
      if (expected.audience() != null
          && (claims.getAudience() == null
              || !claims.getAudience().contains(expected.audience()))) {
        throw invalid("it is not meant for this server (aud)");
      }
      String subject = claims.getSubject();
      if (subject == null || subject.isBlank() || subject.length() > 200) {
        throw invalid("it names no subject (sub)");
      }
      return new Identity(subject, claims.getStringClaim("name"), claims.getStringClaim("email"));
    } catch (ParseException | JOSEException | IllegalArgumentException e) {
      throw invalid("it is not a signed JWT");
    }
  }

  private static ChatException invalid(String why) {
    return ChatException.unauthorized("the signed identity is not valid: " + why);
  }
}
