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
import java.util.Date;
import java.util.Set;

/**
 * Checks the identity an intranet page vouches for: a JWT signed with HMAC-SHA256 (or 384/512) by
 * the intranet with the shared secret, carrying {@code sub} (the employee's stable id), {@code
 * name}, {@code email} and {@code exp}.
 */
public final class SignedIdentities {

  /** HS256 needs a key of at least 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

  public record Identity(String subject, String name, String email) {}

  private final byte[] secret;
  private final Clock clock;

  public SignedIdentities(String secret, Clock clock) {
    this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
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
      Date expires = claims.getExpirationTime();
      if (expires == null || expires.toInstant().plus(CLOCK_SKEW).isBefore(clock.instant())) {
        throw invalid("it has expired or has no exp");
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
