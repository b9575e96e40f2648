package dev.switchboard.realtime;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.participants.entity.Participant;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The requests about a conversation itself: its life (claim, transfer, resolve, reopen, invite,
 * leave), its labels, the visitor's rating and transcript, and typing. Each change is answered with
 * the conversation as the requester now sees it.
 */
@ApplicationScoped
class ConversationRequests {

  @EJB Conversations conversations;

  @Inject Typing typing;

  void change(Connection connection, Inbound.Change change) {
    Participant me = connection.participant();
    String id = change.conversationId();
    switch (change.type()) {
      case "claim" -> conversations.claim(me, id, connection.id());
      case "resolve" -> conversations.resolve(me, id, connection.id());
      case "reopen" -> conversations.reopen(me, id, connection.id());
      case "leave" -> conversations.leave(me, id, connection.id());
      default -> throw new IllegalArgumentException("not a change: " + change.type());
    }
    answerIfVisible(connection, change.ref(), id);
  }

  void transfer(Connection connection, Inbound.Transfer transfer) {
    if (transfer.toTeamId() != null) {
      conversations.transferToTeam(
          connection.participant(),
          transfer.conversationId(),
          transfer.toTeamId(),
          connection.id());
    } else {
      conversations.transfer(
          connection.participant(),
          transfer.conversationId(),
          transfer.toAgentId(),
          connection.id());
    }
    answerIfVisible(connection, transfer.ref(), transfer.conversationId());
  }

  void invite(Connection connection, Inbound.Invite invite) {
    conversations.invite(
        connection.participant(), invite.conversationId(), invite.agentId(), connection.id());
    answerIfVisible(connection, invite.ref(), invite.conversationId());
  }

  void label(Connection connection, Inbound.Label label) {
    conversations.setLabels(
        connection.participant(), label.conversationId(), label.labels(), connection.id());
    answer(connection, label.ref(), label.conversationId());
  }

  void rate(Connection connection, Inbound.Rate rate) {
    conversations.rate(
        connection.participant(),
        rate.conversationId(),
        rate.score(),
        rate.comment(),
        connection.id());
    answer(connection, rate.ref(), rate.conversationId());
  }

  void transcript(Connection connection, Inbound.Transcript transcript) {
    conversations.requestTranscript(
        connection.participant(),
        transcript.conversationId(),
        transcript.wanted(),
        connection.id());
    answer(connection, transcript.ref(), transcript.conversationId());
  }

  void typing(Connection connection, Inbound.Typing typed) {
    typing.changed(
        connection,
        typed.conversationId(),
        conversations.audienceOf(connection.participant(), typed.conversationId()),
        typed.typing());
  }

  private void answer(Connection connection, String ref, String conversationId) {
    connection.send(
        new Frames.Conversation(
            ref, conversations.summary(connection.participant(), conversationId)));
  }

  private void answerIfVisible(Connection connection, String ref, String conversationId) {
    ConversationSummary after =
        conversations.summaryIfVisible(connection.participant(), conversationId);
    if (after != null) {
      connection.send(new Frames.Conversation(ref, after));
    } else {
      // Transferred (or left) out of the agent's view: the answer says so.
      connection.send(new Frames.Withdrawn(ref, conversationId));
    }
  }
}
