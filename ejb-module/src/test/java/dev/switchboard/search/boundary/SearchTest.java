package dev.switchboard.search.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.platform.ChatException;
import org.junit.jupiter.api.Test;

class SearchTest {

  @Test
  void aSnippetIsEscapedTextWithMarks() {
    assertEquals(
        "&lt;b&gt;<mark>price</mark>&lt;/b&gt; &amp; &quot;it&#39;s&quot; <mark>due</mark>",
        Search.marked("<b>\u0002price\u0003</b> & \"it's\" \u0002due\u0003"));
    assertEquals("", Search.marked(null));
  }

  @Test
  void aPageEndsAtATimeAndAnIdOrAtATime() {
    String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assertArrayEquals(
        new String[] {"2026-12-04T10:00:00.123456Z", id},
        Search.cursor("2026-12-04T10:00:00.123456Z_" + id));
    assertArrayEquals(
        new String[] {"2026-12-04T10:00:00Z", ""}, Search.cursor("2026-12-04T10:00:00Z"));
    assertNull(Search.cursor(null));
    for (String bad :
        new String[] {
          "yesterday", "2026-12-04", "2026-13-45T99:99:99Z", "2026-12-04T10:00:00Z_x'"
        }) {
      assertThrows(ChatException.class, () -> Search.cursor(bad), bad);
    }
  }
}
