package dev.switchboard.webhooks.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.platform.ChatException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhooksTest {

  @Test
  void onlyHttpAddressesWithAHostAreTaken() {
    assertEquals(
        "https://crm.example.com/hook?x=1",
        Webhooks.validUrl(" https://crm.example.com/hook?x=1 "));
    assertEquals("http://10.0.0.5:8080/in", Webhooks.validUrl("http://10.0.0.5:8080/in"));
    for (String bad :
        Arrays.asList(
            null,
            "",
            "ftp://example.com/x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https:///no-host",
            "https://user:pw@example.com/",
            "https://example.com/#frag",
            "https://exa mple.com/",
            "https://example.com/" + "a".repeat(2000))) {
      assertThrows(ChatException.class, () -> Webhooks.validUrl(bad), String.valueOf(bad));
    }
  }

  @Test
  void eventsAreKnownOnesEachOnce() {
    assertEquals(
        List.of("message.created", "conversation.created"),
        Webhooks.validEvents(
            List.of("message.created", "conversation.created", "message.created")));
    assertThrows(ChatException.class, () -> Webhooks.validEvents(List.of()));
    assertThrows(ChatException.class, () -> Webhooks.validEvents(null));
    assertThrows(ChatException.class, () -> Webhooks.validEvents(List.of("message.deleted")));
    assertThrows(ChatException.class, () -> Webhooks.validEvents(Arrays.asList((String) null)));
  }

  @Test
  void retriesWaitTwiceAsLongEachTimeUpToAnHour() {
    assertEquals(Duration.ofSeconds(10), WebhookListener.delayAfter(1, 10));
    assertEquals(Duration.ofSeconds(20), WebhookListener.delayAfter(2, 10));
    assertEquals(Duration.ofSeconds(640), WebhookListener.delayAfter(7, 10));
    assertEquals(Duration.ofHours(1), WebhookListener.delayAfter(12, 10));
    assertEquals(Duration.ofHours(1), WebhookListener.delayAfter(500, 10));
  }
}
