package dev.switchboard.participants.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void tokensCarry256RandomBitsAndOnlyTheirHashIsKept() {
    String a = Tokens.newToken();
    String b = Tokens.newToken();
    assertNotEquals(a, b);
    assertEquals(32, Base64.getUrlDecoder().decode(a).length);
    assertEquals(64, Tokens.hash(a).length());
    assertEquals(Tokens.hash(a), Tokens.hash(a));
    assertTrue(!Tokens.hash(a).contains(a));
    // SHA-256 of "abc", a known vector.
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tokens.hash("abc"));
  }
}
