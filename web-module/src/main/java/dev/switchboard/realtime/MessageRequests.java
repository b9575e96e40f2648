package dev.switchboard.realtime;

import dev.switchboard.history.boundary.HistoryPage;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.Receipts;
import dev.switchboard.messages.boundary.Revisions;
import dev.switchboard.messages.boundary.SendQueue;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The requests about a conversation's messages: send and note, edit, delete, receipts, history. */
@ApplicationScoped
class MessageRequests {

  @Inject SendQueue sends;

  @Inject SessionRegistry registry;

  @EJB Revisions revisions;

  @EJB Receipts receipts;

  @EJB Messages messages;

  /** Answered by the ack once stored: on this socket, and on the sender's others. */
  void send(Connection connection, Inbound.Send send) {
    connection.expectAck(send.command().clientId(), send.ref());
    registry.posted(connection, sends.post(connection.participant(), send.command()));
  }

  void edit(Connection connection, Inbound.Edit edit) {
    connection.send(
        new Frames.Revised(
            edit.ref(),
            revisions.edit(
                connection.participant(),
                edit.conversationId(),
                edit.messageId(),
                edit.text(),
                connection.id())));
  }

  void delete(Connection connection, Inbound.Delete delete) {
    connection.send(
        new Frames.Revised(
            delete.ref(),
            revisions.delete(
                connection.participant(),
                delete.conversationId(),
                delete.messageId(),
                connection.id())));
  }

  void receipt(Connection connection, Inbound.Receipt receipt) {
    receipts.mark(
        connection.participant(), receipt.conversationId(), receipt.kind(), receipt.upToSeq());
  }

  void history(Connection connection, Inbound.History history) {
    HistoryPage page =
        messages.history(
            connection.participant(),
            history.conversationId(),
            history.beforeSeq(),
            history.afterSeq(),
            history.limit());
    connection.send(
        new Frames.History(history.ref(), page.conversationId(), page.messages(), page.hasMore()));
  }
}
