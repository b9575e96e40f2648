package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.launcher.Ports;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A corporate proxy that refuses the WebSocket upgrade: nginx in front of both instances with the
 * customers' configuration but the upgrade headers dropped. The widget in Chromium finds its socket
 * refused, falls back to Server-Sent Events and HTTP, and chats with an agent whose console is on a
 * WebSocket of the other instance.
 */
class BlockedSocketsUiIT {

  static Path dir;
  static Process nginx;
  static URI base;

  @BeforeAll
  static void startProxy() throws Exception {
    dir = Path.of("target", "nginx-no-upgrade").toAbsolutePath();
    int port = Ports.free();
    nginx =
        NginxIT.start(
            dir,
            port,
            config -> {
              String refusing =
                  config
                      .replace(
                          "proxy_set_header Upgrade $http_upgrade;",
                          "proxy_set_header Upgrade \"\";")
                      .replace(
                          "proxy_set_header Connection $connection_upgrade;",
                          "proxy_set_header Connection \"\";");
              assertTrue(!refusing.equals(config), "the upgrade headers were dropped");
              return refusing;
            });
    base = URI.create("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stopProxy() {
    if (nginx != null) {
      nginx.destroy();
    }
  }

  @Test
  void theWidgetChatsOverServerSentEventsWhereTheProxyRefusesWebSockets() throws Exception {
    // What the widget meets: the handshake never becomes a socket.
    assertThrows(
        java.util.concurrent.CompletionException.class,
        () -> ChatClient.connect(base, "/ws/visitor"),
        "the proxy refuses the upgrade");

    String question = "Through the proxy " + UUID.randomUUID().toString().substring(0, 8);
    try (var alice = MailIT.onlineAlice();
        var widget = Browser.open(480, 760)) {
      widget.go(WebUiIT.page(base, "/"));
      WebUiIT.write(widget, question);
      WebUiIT.ownBubble(widget, question, "sent", "delivered", "read");
      var heard =
          alice
              .client()
              .next(
                  "message",
                  f -> question.equals(f.getJsonObject("message").getString("text", null)));
      assertNotNull(heard, "the agent on a socket of B heard the widget on the stream");
      String conversation = heard.getJsonObject("message").getString("conversationId");
      MailIT.say(alice.client(), conversation, "Answered over a socket");
      widget.untilText("#messages li", "Answered over a socket");
      assertEquals("true", widget.script("return sessionStorage.getItem('switchboard.streaming')"));
      widget.screenshot("widget-over-sse");
      assertEquals(List.of(), widget.seriousViolations(), "widget on the stream");
    }
    String log = Files.readString(dir.resolve("access.log"));
    assertTrue(log.contains("/sse/visitor?ticket="), log);
    assertTrue(log.contains("/api/frames"), log);
  }
}
