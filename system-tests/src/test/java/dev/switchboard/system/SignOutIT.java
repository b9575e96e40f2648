package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Signing out revokes the token everywhere: the sockets it opened close on both instances and it
 * stops working, while the same agent's sign-in in another browser goes on.
 */
class SignOutIT {

  private static final String LOGOUT = "/api/agents/logout";

  @Test
  void signingOutClosesTheTokensSocketsOnEveryInstance() {
    URI a = TestCluster.a();
    URI b = TestCluster.b();
    String token = Http.agentToken(a, TestCluster.THIRD_AGENT, TestCluster.AGENT_PASSWORD);
    String otherBrowser = Http.agentToken(b, TestCluster.THIRD_AGENT, TestCluster.AGENT_PASSWORD);
    try (var onA = ChatClient.authenticated(a, "/ws/agent", token);
        var onB = ChatClient.authenticated(b, "/ws/agent", token);
        var elsewhere = ChatClient.authenticated(b, "/ws/agent", otherBrowser)) {
      Http.Reply out = Http.postAs(a, LOGOUT, token);
      assertEquals(204, out.status(), out.body());

      assertEquals(4401, onA.closeCode(ChatClient.WAIT), "the socket on the instance asked");
      assertEquals(4401, onB.closeCode(ChatClient.WAIT), "the socket on the other instance");
      assertEquals(401, Http.get(b, "/api/conversations", token).status(), "dead on HTTP");
      try (var again = ChatClient.connect(b, "/ws/agent")) {
        again.send("auth", "token", token);
        assertEquals(4401, again.closeCode(ChatClient.WAIT), "dead on a new socket");
      }

      elsewhere.send("ping", "ref", "p1");
      assertNotNull(elsewhere.next("pong"), "the other sign-in's socket is still open");
      assertEquals(200, Http.get(a, "/api/conversations", otherBrowser).status());
    }
  }

  @Test
  void signingOutNeedsAValidAgentToken() {
    URI a = TestCluster.a();
    String token = Http.agentToken(a, TestCluster.THIRD_AGENT, TestCluster.AGENT_PASSWORD);
    assertEquals(204, Http.postAs(a, LOGOUT, token).status());
    assertEquals(401, Http.postAs(a, LOGOUT, token).status(), "twice");
    assertEquals(401, Http.postAs(a, LOGOUT, null).status(), "no token");
    assertEquals(401, Http.postAs(a, LOGOUT, "not-a-token").status(), "an unknown token");
    String visitor = Http.newVisitor(a).getString("token");
    assertEquals(401, Http.postAs(a, LOGOUT, visitor).status(), "a visitor's token");
    assertEquals(200, Http.get(a, "/api/conversations", visitor).status(), "and it still works");
  }
}
