package dev.switchboard.notifications.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.notifications.boundary.MailJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailTemplatesTest {

  private final MailTemplates templates = new MailTemplates();

  private static Map<String, Object> line(String sender, boolean system, String text) {
    return Map.of("sender", sender, "system", system, "text", text, "time", "2026-11-23 10:00 UTC");
  }

  @Test
  void everyKindRendersSubjectTextAndHtml() {
    for (MailJob.Kind kind : MailJob.Kind.values()) {
      var rendered =
          templates.render(
              kind,
              Map.of(
                  "visitor", "Dana",
                  "agents", "Alice",
                  "since", "2026-11-23 10:00 UTC",
                  "link", "https://chat.example.com/?conversation=c1",
                  "messages", List.of(line("Alice", false, "Hi"))));
      assertTrue(rendered.subject().startsWith("Switchboard: "), rendered.subject());
      assertFalse(rendered.subject().contains("\n"), rendered.subject());
      assertTrue(rendered.text().contains("https://chat.example.com/?conversation=c1"), kind.key());
      assertTrue(rendered.html().contains("href=\"https://chat.example.com/?conversation=c1\""));
      assertTrue(rendered.text().contains("Hi"), rendered.text());
    }
  }

  @Test
  void userTextIsEscapedInHtmlAndKeptInPlainText() {
    String hostile = "<script>alert(1)</script> & <a href=\"x\">click</a>";
    var rendered =
        templates.render(
            MailJob.Kind.TRANSCRIPT,
            Map.of(
                "visitor", "<img src=x onerror=alert(1)>",
                "link", "https://chat.example.com/",
                "messages",
                    List.of(
                        line("<b>Mallory</b>", false, hostile),
                        line("", true, "Alice marked the conversation as resolved"))));
    assertFalse(rendered.html().contains("<script>"), rendered.html());
    assertFalse(rendered.html().contains("<img"), rendered.html());
    assertFalse(rendered.html().contains("<b>Mallory"), rendered.html());
    assertTrue(rendered.html().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;a"));
    assertTrue(rendered.text().contains(hostile), rendered.text());
    assertTrue(rendered.text().contains("-- Alice marked the conversation as resolved"));
    assertEquals(1, rendered.text().split("Mallory", -1).length - 1, rendered.text());
  }
}
