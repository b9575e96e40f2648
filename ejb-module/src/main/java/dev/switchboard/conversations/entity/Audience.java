package dev.switchboard.conversations.entity;

import dev.switchboard.participants.entity.Participant;
import java.util.List;

/**
 * Who may see a conversation: its visitor, the members of its team, its assignee, the colleagues
 * invited into it and supervisors. Travels with the events of the conversation, so each instance
 * decides locally which of its sockets get them.
 */
public record Audience(
    String visitorId, String teamId, String assigneeId, List<String> colleagues) {

  public Audience {
    colleagues = colleagues == null ? List.of() : List.copyOf(colleagues);
  }

  /** The colleagues as the conversation's row keeps them: ids, space-separated; null for none. */
  public static List<String> colleagues(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(" "));
  }

  public boolean admits(Participant participant) {
    if (participant.isVisitor()) {
      return visitorId.equals(participant.id());
    }
    return participant.isSupervisor()
        || participant.teams().contains(teamId)
        || participant.id().equals(assigneeId)
        || colleagues.contains(participant.id());
  }
}
