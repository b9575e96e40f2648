package dev.switchboard.participants.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;

class SignedIdentitiesTest {

  static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final SignedIdentities.Expected ANY_ISSUER =
      new SignedIdentities.Expected(null, null, Duration.ofHours(1));
  final SignedIdentities identities =
      new SignedIdentities(SECRET, ANY_ISSUER, Clock.fixed(NOW, ZoneOffset.UTC));

  static String sign(String secret, JWTClaimsSet claims) throws Exception {
    var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  static JWTClaimsSet.Builder employee(Duration expiresIn) {
    return new JWTClaimsSet.Builder()
        .subject("emp-4711")
        .claim("name", "Erika Mustermann")
        .claim("email", "erika@corp.example")
        .expirationTime(Date.from(NOW.plus(expiresIn)));
  }

  ErrorCode refusal(String token) {
    return assertThrows(ChatException.class, () -> identities.verify(token)).code();
  }

  @Test
  void aValidIdentityGivesSubjectNameAndEmail() throws Exception {
    var identity = identities.verify(sign(SECRET, employee(Duration.ofMinutes(5)).build()));
    assertEquals(
        new SignedIdentities.Identity("emp-4711", "Erika Mustermann", "erika@corp.example"),
        identity);
  }

  @Test
  void forgedTamperedExpiredOrIncompleteOnesAreRefused() throws Exception {
    String valid = sign(SECRET, employee(Duration.ofMinutes(5)).build());
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(
            sign("another-secret-of-thirty-two-bytes!!", employee(Duration.ofMinutes(5)).build())));
    String[] parts = valid.split("\\.");
    String otherPayload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"sub\":\"ceo\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(parts[0] + "." + otherPayload + "." + parts[2]),
        "tampered");
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(none + "." + parts[1] + "."), "alg none");
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(sign(SECRET, employee(Duration.ofMinutes(-2)).build())),
        "expired");
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(sign(SECRET, employee(Duration.ofMinutes(5)).subject(null).build())),
        "no sub");
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(sign(SECRET, employee(Duration.ofMinutes(5)).expirationTime(null).build())),
        "no exp");
    assertEquals(ErrorCode.UNAUTHORIZED, refusal("not a token"));
  }

  @Test
  void anIdentityLivesNoLongerThanAllowed() throws Exception {
    var issuedNow = employee(Duration.ofMinutes(60)).issueTime(Date.from(NOW));
    identities.verify(sign(SECRET, issuedNow.build()));
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(sign(SECRET, employee(Duration.ofMinutes(61)).issueTime(Date.from(NOW)).build())),
        "exp - iat over the hour");
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(sign(SECRET, employee(Duration.ofDays(30)).build())),
        "no iat: counted from now");
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(
            sign(
                SECRET,
                employee(Duration.ofMinutes(30))
                    .issueTime(Date.from(NOW.plus(Duration.ofMinutes(10))))
                    .build())),
        "issued in the future");
  }

  @Test
  void issuerAndAudienceAreCheckedWhenConfigured() throws Exception {
    var strict =
        new SignedIdentities(
            SECRET,
            new SignedIdentities.Expected(
                "https://intranet.corp.example", "switchboard", Duration.ofHours(1)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    var right =
        employee(Duration.ofMinutes(5))
            .issuer("https://intranet.corp.example")
            .audience(java.util.List.of("wiki", "switchboard"));
    assertEquals("emp-4711", strict.verify(sign(SECRET, right.build())).subject());
    for (var wrong :
        java.util.List.of(
            employee(Duration.ofMinutes(5)).audience("switchboard"),
            employee(Duration.ofMinutes(5)).issuer("https://intranet.corp.example"),
            employee(Duration.ofMinutes(5)).issuer("https://evil.example").audience("switchboard"),
            employee(Duration.ofMinutes(5))
                .issuer("https://intranet.corp.example")
                .audience("wiki"))) {
      String token = sign(SECRET, wrong.build());
      assertEquals(
          ErrorCode.UNAUTHORIZED,
          assertThrows(ChatException.class, () -> strict.verify(token)).code(),
          wrong.build().toString());
    }
  }

  @Test
  void withoutASecretNothingIsAccepted() throws Exception {
    var unconfigured = new SignedIdentities("", ANY_ISSUER, Clock.fixed(NOW, ZoneOffset.UTC));
    String valid = sign(SECRET, employee(Duration.ofMinutes(5)).build());
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(ChatException.class, () -> unconfigured.verify(valid)).code());
  }
}
