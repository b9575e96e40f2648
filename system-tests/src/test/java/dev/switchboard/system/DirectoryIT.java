package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signing in with the company directory (a real LDAP server, in process): group membership gives
 * the role and the teams, people outside the support groups are refused, a wrong password too;
 * agents with a password of ours sign in as before.
 */
class DirectoryIT {

  @Test
  void directoryGroupsGiveTheRole() {
    Http.Reply lena = Http.login(TestCluster.a(), Ldap.LENA, Ldap.PASSWORD);
    assertEquals(200, lena.status(), lena.body());
    assertEquals("supervisor", lena.json().getString("role"));
    Http.Reply lars = Http.login(TestCluster.b(), Ldap.LARS, Ldap.PASSWORD);
    assertEquals(200, lars.status(), lars.body());
    assertEquals("agent", lars.json().getString("role"));
    Http.Reply again = Http.login(TestCluster.a(), Ldap.LARS, Ldap.PASSWORD);
    assertEquals(lars.json().getString("agentId"), again.json().getString("agentId"), "one agent");

    // A directory supervisor may do what supervisors do; the agent works the chat.
    String supervisor = lena.json().getString("token");
    assertEquals(200, Http.get(TestCluster.a(), "/api/audit", supervisor).status());
    try (var socket =
        ChatClient.authenticated(TestCluster.b(), "/ws/agent", lars.json().getString("token"))) {
      socket.send("ping", "ref", "p");
      assertTrue(socket.next("pong") != null);
    }
    JsonObject created =
        Http.get(TestCluster.a(), "/api/audit?limit=200", supervisor).any().asJsonArray().stream()
            .map(JsonObject.class::cast)
            .filter(
                e ->
                    lars.json()
                        .getString("agentId")
                        .equals(e.getJsonObject("subject").getString("id")))
            .findFirst()
            .orElseThrow();
    assertEquals("agent.created", created.getString("action"));
    assertTrue(created.getString("details").contains("directory"), created.toString());

    // The directory's team group made Lars a member of that team (created at his first sign-in).
    JsonObject team =
        Http.get(TestCluster.a(), "/api/teams", supervisor).any().asJsonArray().stream()
            .map(JsonObject.class::cast)
            .filter(t -> Ldap.LARS_TEAM.equals(t.getString("name")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        List.of(lars.json().getString("agentId")),
        team.getJsonArray("members").stream().map(m -> m.asJsonObject().getString("id")).toList());
    JsonObject defaultTeam =
        Http.get(TestCluster.a(), "/api/teams", supervisor).any().asJsonArray().stream()
            .map(JsonObject.class::cast)
            .filter(t -> t.getBoolean("isDefault"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        defaultTeam.getJsonArray("members").stream()
            .anyMatch(m -> Ldap.LENA.equals(m.asJsonObject().getString("name"))),
        "no team group: the default team");
  }

  @Test
  void outsidersAndWrongPasswordsAreRefused() {
    Http.Reply otto = Http.login(TestCluster.a(), Ldap.OTTO, Ldap.PASSWORD);
    assertEquals(403, otto.status(), otto.body());
    assertEquals(401, Http.login(TestCluster.a(), Ldap.LENA, "wrong").status());
    assertEquals(401, Http.login(TestCluster.a(), "nobody", Ldap.PASSWORD).status());
    assertEquals(
        401, Http.login(TestCluster.a(), "*", Ldap.PASSWORD).status(), "no filter injection");
    assertEquals(
        200,
        Http.login(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD).status(),
        "an agent with a password of ours");
  }
}
