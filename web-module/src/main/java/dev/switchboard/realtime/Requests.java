package dev.switchboard.realtime;

import dev.switchboard.limits.FrameLimits;
import dev.switchboard.limits.SocketsPerAddress;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a connection's frames arrive, from both sockets and from HTTP ({@link HttpFrames}): until
 * the connection is signed in, its frame goes to {@link SignIn}; then each request of the contract,
 * parsed into its record ({@link Inbound}), to the handler of its family. A socket's frames arrive
 * one at a time, so its requests are answered in the order sent.
 */
@ApplicationScoped
public class Requests {

  private static final Logger LOG = Logger.getLogger(Requests.class.getName());

  @Inject SessionRegistry registry;

  @Inject SignIn signIn;

  @Inject MessageRequests messages;

  @Inject ConversationRequests conversations;

  @Inject ParticipantRequests participants;

  @Inject Typing typing;

  @Inject SocketWriter writer;

  @Inject FrameLimits frameLimits;

  @Inject SocketsPerAddress sockets;

  void opened(Session session, Participant.Kind kind) {
    var connection =
        new Connection(
            new SocketTransport(session), kind, writer, HandshakeFilter.clientOf(session));
    session.getUserProperties().put(Connection.KEY, connection);
    registry.opened(connection);
    signIn.expectAuth(connection);
  }

  void closed(Session session) {
    closed(Connection.of(session));
  }

  void closed(Connection connection) {
    if (connection != null) {
      signIn.closed(connection);
      registry.closed(connection);
      typing.closed(connection);
      sockets.release(connection.clientAddress);
    }
  }

  void received(Session session, String text) {
    Connection connection = Connection.of(session);
    // Only a socket not yet signed in awaits its first frame: a send costs no lookup here.
    if (connection != null && !connection.isAuthenticated()) {
      signIn.firstFrame(connection);
    }
    received(connection, text);
  }

  /** A frame of a socket's, or of an HTTP request's ({@link HttpFrames}). */
  void received(Connection connection, String text) {
    Inbound.Envelope frame;
    try {
      frame = Inbound.Envelope.parse(text);
    } catch (ChatException e) {
      if (!connection.isAuthenticated()) {
        connection.close(SignIn.UNAUTHORIZED_CLOSE, "auth expected");
      } else {
        connection.send(new Frames.Error(null, null, e));
      }
      return;
    }
    if (!connection.isAuthenticated()) {
      signIn.authenticate(connection, frame);
      return;
    }
    try {
      handle(connection, frame);
    } catch (RuntimeException e) {
      ChatException failure = ChatException.classify(e);
      if (failure != e) {
        LOG.log(
            Level.WARNING, "request {0} failed: {1}", new Object[] {frame.type(), e.toString()});
      }
      String clientId = frame.clientId();
      if (clientId != null) {
        connection.takeAck(clientId);
      }
      connection.send(new Frames.Error(frame.ref(), clientId, failure));
    }
  }

  private void handle(Connection connection, Inbound.Envelope frame) {
    if (frame.type() == null) {
      throw ChatException.badRequest("type is required, as a string");
    }
    if (frame.holdsNul()) {
      // PostgreSQL stores no NUL: refused here, before a send could spoil the batch it joins.
      throw ChatException.badRequest("text must not contain NUL characters");
    }
    // Counted before its fields are read: a malformed frame costs the sender like any other.
    frameLimits.require(connection::frameCounts, frame.type(), System.nanoTime());
    switch (frame.type()) {
      case "send", "note" -> messages.send(connection, Inbound.Send.of(frame));
      case "edit" -> messages.edit(connection, Inbound.Edit.of(frame));
      case "delete" -> messages.delete(connection, Inbound.Delete.of(frame));
      case "delivered", "read" -> messages.receipt(connection, Inbound.Receipt.of(frame));
      case "history" -> messages.history(connection, Inbound.History.of(frame));
      case "claim", "resolve", "reopen", "leave" ->
          conversations.change(connection, Inbound.Change.of(frame));
      case "transfer" -> conversations.transfer(connection, Inbound.Transfer.of(frame));
      case "invite" -> conversations.invite(connection, Inbound.Invite.of(frame));
      case "label" -> conversations.label(connection, Inbound.Label.of(frame));
      case "rate" -> conversations.rate(connection, Inbound.Rate.of(frame));
      case "transcript" -> conversations.transcript(connection, Inbound.Transcript.of(frame));
      case "typing" -> conversations.typing(connection, Inbound.Typing.of(frame));
      case "visibility" -> participants.visibility(connection, Inbound.Visibility.of(frame));
      case "status" -> participants.status(connection, Inbound.Status.of(frame));
      case "profile" -> participants.profile(connection, Inbound.Profile.of(frame));
      case "ping" -> connection.send(new Frames.Pong(frame.ref()));
      case "auth" -> throw ChatException.badRequest("already authenticated");
      default -> throw ChatException.badRequest("unknown request type " + frame.type());
    }
  }
}
