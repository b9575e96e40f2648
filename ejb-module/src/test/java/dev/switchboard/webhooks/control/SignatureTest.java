package dev.switchboard.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SignatureTest {

  /** RFC 4231, test case 2: the HMAC-SHA256 the receivers compute with their own libraries. */
  @Test
  void theHmacIsTheStandardOne() {
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        Signature.hmac("Jefe", "what do ya want for nothing?"));
  }

  @Test
  void theHeaderSignsTheTimestampWithTheBody() {
    assertEquals(
        "t=1700000000,v1=" + Signature.hmac("secret", "1700000000.{\"a\":1}"),
        Signature.header("secret", 1700000000L, "{\"a\":1}"));
  }
}
