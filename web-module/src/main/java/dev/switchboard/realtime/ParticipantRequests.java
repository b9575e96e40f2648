package dev.switchboard.realtime;

import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import dev.switchboard.presence.boundary.Presence;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The requests about the requester: an agent's status and console in view, a visitor's profile. */
@ApplicationScoped
class ParticipantRequests {

  @EJB Presence presence;

  @Inject PresenceWatch presenceWatch;

  @EJB Visitors visitors;

  void visibility(Connection connection, Inbound.Visibility visibility) {
    if (!connection.participant().isAgent()) {
      throw ChatException.forbidden("only agents' consoles report whether they are in view");
    }
    if (connection.setVisible(visibility.visible())) {
      presenceWatch.visibilityChanged();
    }
  }

  void status(Connection connection, Inbound.Status status) {
    presence.setStatus(connection.participant(), status.status());
    connection.send(new Frames.AgentPresence(status.ref(), presence.snapshot()));
  }

  void profile(Connection connection, Inbound.Profile profile) {
    Participant me = connection.participant();
    var changed = visitors.changeProfile(me, profile.nickname(), profile.email(), connection.id());
    connection.authenticated(me.withName(Visitor.displayName(me.id(), changed.nickname())));
    connection.send(new Frames.Profile(profile.ref(), changed));
  }
}
