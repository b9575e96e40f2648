package dev.switchboard.participants.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenIdProviderTest {

  @Test
  void theGroupsClaimIsAListASingleNameOrInsideAnObject() {
    assertEquals(
        Set.of("support-agents", "support-team-IT"),
        OpenIdProvider.groupsIn(
            Map.of("groups", List.of("support-agents", "support-team-IT", 7)), "groups"));
    assertEquals(
        Set.of("support-supervisors"),
        OpenIdProvider.groupsIn(Map.of("role", "support-supervisors"), "role"));
    assertEquals(
        Set.of("support-agents"),
        OpenIdProvider.groupsIn(
            Map.of("realm_access", Map.of("roles", List.of("support-agents"))),
            "realm_access.roles"));
    assertEquals(Set.of(), OpenIdProvider.groupsIn(Map.of("name", "Erin"), "groups"));
    assertEquals(Set.of(), OpenIdProvider.groupsIn(Map.of("groups", "  "), "groups"));
  }

  @Test
  void groupsMakeTheRoleAndTheTeamsAsTheDirectorysDo() {
    var mapping = new GroupMapping("support-agents", "support-supervisors", "support-team-");
    assertEquals(
        Optional.of("supervisor"), mapping.roleOf(Set.of("support-agents", "support-supervisors")));
    assertEquals(Optional.of("agent"), mapping.roleOf(Set.of("support-agents")));
    assertEquals(Optional.empty(), mapping.roleOf(Set.of("staff")));
    assertEquals(
        Set.of("IT", "Billing EU"),
        mapping.teamNamesOf(Set.of("support-team-IT", "support-team-Billing EU", "support-team-")));
  }
}
