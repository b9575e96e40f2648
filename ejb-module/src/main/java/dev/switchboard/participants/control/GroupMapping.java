package dev.switchboard.participants.control;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the company's groups make support staff, for the directory and for OpenID Connect alike: one
 * group makes agents, one supervisors, and groups named with a prefix put them in the team named by
 * the rest ({@code support-team-IT}: the team IT).
 */
public record GroupMapping(String agentGroup, String supervisorGroup, String teamPrefix) {

  /** The role the groups give: supervisor, agent, or none (not support staff). */
  public Optional<String> roleOf(Set<String> groups) {
    if (groups.contains(supervisorGroup)) {
      return Optional.of("supervisor");
    }
    return groups.contains(agentGroup) ? Optional.of("agent") : Optional.empty();
  }

  /** The names of the teams the groups name. */
  public Set<String> teamNamesOf(Set<String> groups) {
    return groups.stream()
        .filter(g -> g.length() > teamPrefix.length() && g.startsWith(teamPrefix))
        .map(g -> g.substring(teamPrefix.length()))
        .collect(Collectors.toSet());
  }
}
