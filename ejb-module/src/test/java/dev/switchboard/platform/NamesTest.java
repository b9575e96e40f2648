package dev.switchboard.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void lineBreaksAndTabsBecomeOneSpace() {
    assertEquals("Eve X-Injected: 1", Names.clean("Eve\r\nX-Injected: 1"));
    assertEquals("a b", Names.clean("a\t\t b\u2028"));
    assertEquals("Ann Lee", Names.clean("  Ann\u00A0Lee \n"));
  }

  @Test
  void controlAndBidiCharactersAreDropped() {
    assertEquals("invoicefdp.exe", Names.clean("invoice\u202Efdp.exe"));
    assertEquals("ab", Names.clean("a\u0000\u0007\u001B\u0085\u007Fb"));
    assertEquals("xy", Names.clean("x\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u202Ay"));
    assertEquals("lone", Names.clean("lo\uD800ne"));
  }

  @Test
  void everythingElseStays() {
    assertEquals(
        "Zoë 李 \uD83D\uDC69\u200D\uD83D\uDCBB",
        Names.clean("Zoë 李 \uD83D\uDC69\u200D\uD83D\uDCBB"));
    assertEquals("", Names.clean("\r\n\u202E"));
    assertNull(Names.clean(null));
  }
}
