package dev.switchboard.conversations.entity;

import dev.switchboard.participants.entity.Participant;

/**
 * Who may see a conversation: its visitor, the members of its team, its assignee and supervisors.
 * Travels with the events of the conversation, so each instance decides locally which of its
 * sockets get them.
 */
public record Audience(String visitorId, String teamId, String assigneeId) {

  public boolean admits(Participant participant) {
    if (participant.isVisitor()) {
      return visitorId.equals(participant.id());
    }
    return participant.isSupervisor()
        || participant.teams().contains(teamId)
        || participant.id().equals(assigneeId);
  }
}
