package dev.switchboard.teams.boundary;

import dev.switchboard.teams.entity.Team;

/** A team as other contexts see it: what a conversation's routing and messages name. */
public record TeamRef(String id, String name, boolean routesAutomatically) {

  static TeamRef of(Team team) {
    return new TeamRef(team.id(), team.name(), team.routesAutomatically());
  }
}
