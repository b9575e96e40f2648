package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
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

  /**
   * A directory sign-in is the directory's entry, whatever case the name was typed in: the local
   * agent "Lars" is not reached with the directory's lars's password.
   */
  @Test
  void theDirectorysEntryDecidesWhoSignsIn() {
    var a = TestCluster.a();
    String directoryLars = Http.agentLogin(a, Ldap.LARS, Ldap.PASSWORD).getString("agentId");
    String localName = "L" + Ldap.LARS.substring(1);
    var created =
        AccountsIT.call(
            a,
            "POST",
            "/api/agents",
            AccountsIT.supervisorToken(a),
            Json.createObjectBuilder()
                .add("username", localName)
                .add("password", "a-local-password")
                .build()
                .toString());
    assertEquals(201, created.status(), created.body());
    String localLars = created.json().getString("id");

    assertEquals(
        directoryLars,
        Http.agentLogin(a, localName, Ldap.PASSWORD).getString("agentId"),
        "the directory's lars, not the local " + localName);
    assertEquals(localLars, Http.agentLogin(a, localName, "a-local-password").getString("agentId"));
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
        401,
        Http.login(TestCluster.a(), Ldap.LENA + ")(uid=*", Ldap.PASSWORD).status(),
        "a name no agent could have");
    // A directory may take a blank password for an anonymous bind: refused before any bind.
    assertEquals(401, Http.login(TestCluster.a(), Ldap.LENA, "").status());
    assertEquals(401, Http.login(TestCluster.a(), Ldap.LENA, "   ").status());
    assertEquals(
        200,
        Http.login(TestCluster.b(), TestCluster.AGENT, TestCluster.AGENT_PASSWORD).status(),
        "an agent with a password of ours");
  }
}
