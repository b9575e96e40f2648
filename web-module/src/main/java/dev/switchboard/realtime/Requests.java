package dev.switchboard.realtime;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.limits.FrameLimits;
import dev.switchboard.limits.SocketsPerAddress;
import dev.switchboard.messages.boundary.HistoryPage;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.Receipts;
import dev.switchboard.messages.boundary.Revisions;
import dev.switchboard.messages.boundary.SendCommand;
import dev.switchboard.messages.boundary.SendQueue;
import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import dev.switchboard.presence.boundary.Presence;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Handles the frames of both sockets: until a connection is signed in, its frame goes to {@link
 * SignIn}; then the requests of the contract. A socket's frames arrive one at a time, so its
 * requests are answered in the order sent.
 */
@ApplicationScoped
public class Requests {

  private static final Logger LOG = Logger.getLogger(Requests.class.getName());

  @Inject SessionRegistry registry;

  @Inject SignIn signIn;

  @Inject Typing typing;

  @EJB Messages messages;

  @EJB Revisions revisions;

  @Inject SendQueue sends;

  @EJB Visitors visitors;

  @EJB Conversations conversations;

  @EJB Receipts receipts;

  @EJB Presence presence;

  @Inject PresenceWatch presenceWatch;

  @Inject SocketWriter writer;

  @Inject FrameLimits frameLimits;

  @Inject SocketsPerAddress sockets;

  void opened(Session session, Participant.Kind kind) {
    Upgraded.releaseHandshake(session);
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
      registry.closed(connection);
      typing.closed(connection);
      sockets.release(connection.clientAddress);
    }
  }

  void received(Session session, String text) {
    received(Connection.of(session), text);
  }

  /** A frame of a socket's, or of an HTTP request's ({@link HttpFrames}). */
  void received(Connection connection, String text) {
    Request request;
    try {
      request = Request.parse(text);
    } catch (ChatException e) {
      if (!connection.isAuthenticated()) {
        connection.close(SignIn.UNAUTHORIZED_CLOSE, "auth expected");
      } else {
        connection.send(new Frames.Error(null, null, e));
      }
      return;
    }
    if (!connection.isAuthenticated()) {
      signIn.authenticate(connection, request);
      return;
    }
    try {
      handle(connection, request);
    } catch (RuntimeException e) {
      ChatException failure = ChatException.classify(e);
      if (failure != e) {
        LOG.log(
            Level.WARNING, "request {0} failed: {1}", new Object[] {request.type(), e.toString()});
      }
      String clientId =
          request.body().get("clientId") instanceof jakarta.json.JsonString s
              ? s.getString()
              : null;
      if (clientId != null) {
        connection.takeAck(clientId);
      }
      connection.send(new Frames.Error(request.ref(), clientId, failure));
    }
  }

  private void handle(Connection connection, Request request) {
    Participant me = connection.participant();
    if (request.type() == null) {
      throw ChatException.badRequest("type is required, as a string");
    }
    if (Request.holdsNul(request.body())) {
      // PostgreSQL stores no NUL: refused here, before a send could spoil the batch it joins.
      throw ChatException.badRequest("text must not contain NUL characters");
    }
    frameLimits.require(connection::frameCounts, request.type(), System.nanoTime());
    switch (request.type()) {
      case "send", "note" -> {
        // A note without conversationId is refused by Messages.postAll, like any agent's send.
        var command =
            new SendCommand(
                request.optionalString("conversationId"),
                request.optionalString("clientId"),
                request.optionalString("text"),
                request.optionalString("attachmentId"),
                request.optionalString("replyTo"),
                "note".equals(request.type()),
                request.optionalString("team"));
        connection.expectAck(command.clientId(), request.ref());
        registry.posted(connection, sends.post(me, command));
      }
      case "edit" ->
          connection.send(
              new Frames.Revised(
                  request.ref(),
                  revisions.edit(
                      me,
                      request.requiredString("conversationId"),
                      request.requiredString("messageId"),
                      request.optionalString("text"),
                      connection.id())));
      case "delete" ->
          connection.send(
              new Frames.Revised(
                  request.ref(),
                  revisions.delete(
                      me,
                      request.requiredString("conversationId"),
                      request.requiredString("messageId"),
                      connection.id())));
      case "delivered", "read" ->
          receipts.mark(
              me,
              request.requiredString("conversationId"),
              request.type(),
              request.requiredLong("upToSeq"));
      case "claim", "transfer", "resolve", "reopen", "invite", "leave" -> {
        String conversationId = request.requiredString("conversationId");
        switch (request.type()) {
          case "claim" -> conversations.claim(me, conversationId, connection.id());
          case "transfer" -> {
            String toTeam = request.optionalString("toTeamId");
            if (toTeam != null) {
              conversations.transferToTeam(me, conversationId, toTeam, connection.id());
            } else {
              conversations.transfer(
                  me, conversationId, request.requiredString("toAgentId"), connection.id());
            }
          }
          case "resolve" -> conversations.resolve(me, conversationId, connection.id());
          case "invite" ->
              conversations.invite(
                  me, conversationId, request.requiredString("agentId"), connection.id());
          case "leave" -> conversations.leave(me, conversationId, connection.id());
          default -> conversations.reopen(me, conversationId, connection.id());
        }
        ConversationSummary after = conversations.summaryIfVisible(me, conversationId);
        if (after != null) {
          connection.send(new Frames.Conversation(request.ref(), after));
        } else {
          // Transferred (or left) out of the agent's view: the answer says so.
          connection.send(new Frames.Withdrawn(request.ref(), conversationId));
        }
      }
      case "label" -> {
        String conversationId = request.requiredString("conversationId");
        conversations.setLabels(me, conversationId, request.strings("labels"), connection.id());
        connection.send(
            new Frames.Conversation(request.ref(), conversations.summary(me, conversationId)));
      }
      case "rate" -> {
        String conversationId = request.requiredString("conversationId");
        conversations.rate(
            me,
            conversationId,
            request.requiredLong("score"),
            request.optionalString("comment"),
            connection.id());
        connection.send(
            new Frames.Conversation(request.ref(), conversations.summary(me, conversationId)));
      }
      case "transcript" -> {
        String conversationId = request.requiredString("conversationId");
        conversations.requestTranscript(
            me, conversationId, request.requiredBoolean("wanted"), connection.id());
        connection.send(
            new Frames.Conversation(request.ref(), conversations.summary(me, conversationId)));
      }
      case "visibility" -> {
        if (!me.isAgent()) {
          throw ChatException.forbidden("only agents' consoles report whether they are in view");
        }
        if (connection.setVisible(request.requiredBoolean("visible"))) {
          presenceWatch.visibilityChanged();
        }
      }
      case "status" -> {
        presence.setStatus(me, request.optionalString("status"));
        connection.send(new Frames.AgentPresence(request.ref(), presence.snapshot()));
      }
      case "history" -> {
        HistoryPage page =
            messages.history(
                me,
                request.requiredString("conversationId"),
                request.optionalLong("beforeSeq"),
                request.optionalLong("afterSeq"),
                request.optionalInt("limit"));
        connection.send(
            new Frames.History(
                request.ref(), page.conversationId(), page.messages(), page.hasMore()));
      }
      case "typing" -> {
        String conversationId = request.requiredString("conversationId");
        typing.changed(
            connection,
            conversationId,
            conversations.audienceOf(me, conversationId),
            request.requiredBoolean("typing"));
      }
      case "profile" -> {
        var changed =
            visitors.changeProfile(
                me,
                request.optionalString("nickname"),
                request.optionalString("email"),
                connection.id());
        connection.authenticated(me.withName(Visitor.displayName(me.id(), changed.nickname())));
        connection.send(new Frames.Profile(request.ref(), changed));
      }
      case "ping" -> connection.send(new Frames.Pong(request.ref()));
      case "auth" -> throw ChatException.badRequest("already authenticated");
      default -> throw ChatException.badRequest("unknown request type " + request.type());
    }
  }

  /** The parsed JSON of a frame. */
  record Request(String type, String ref, JsonObject body) {

    static Request parse(String text) {
      JsonObject object;
      try (var reader =
          dev.switchboard.platform.Json.PROVIDER.createReader(new java.io.StringReader(text))) {
        var value = reader.readValue();
        if (!(value instanceof JsonObject o)) {
          throw ChatException.badRequest("a frame is one JSON object");
        }
        object = o;
      } catch (jakarta.json.JsonException e) {
        throw ChatException.badRequest("malformed JSON");
      }
      // The ref first: an error about the type (checked by handle) still echoes it.
      String ref = new Request(null, null, object).optionalString("ref");
      return new Request(
          object.get("type") instanceof jakarta.json.JsonString s ? s.getString() : null,
          ref,
          object);
    }

    static boolean holdsNul(jakarta.json.JsonValue value) {
      if (value instanceof jakarta.json.JsonString s) {
        return s.getString().indexOf('\0') >= 0;
      }
      if (value instanceof JsonObject o) {
        for (var entry : o.entrySet()) {
          if (entry.getKey().indexOf('\0') >= 0 || holdsNul(entry.getValue())) {
            return true;
          }
        }
      } else if (value instanceof jakarta.json.JsonArray a) {
        for (var item : a) {
          if (holdsNul(item)) {
            return true;
          }
        }
      }
      return false;
    }

    String optionalString(String name) {
      var value = body.get(name);
      if (value == null || value.getValueType() == jakarta.json.JsonValue.ValueType.NULL) {
        return null;
      }
      if (value instanceof jakarta.json.JsonString s) {
        return s.getString();
      }
      throw ChatException.badRequest(name + " must be a string");
    }

    String requiredString(String name) {
      String value = optionalString(name);
      if (value == null || value.isEmpty()) {
        throw ChatException.badRequest(name + " is required");
      }
      return value;
    }

    long requiredLong(String name) {
      Long value = optionalLong(name);
      if (value == null) {
        throw ChatException.badRequest(name + " is required");
      }
      return value;
    }

    Long optionalLong(String name) {
      var value = body.get(name);
      if (value == null || value.getValueType() == jakarta.json.JsonValue.ValueType.NULL) {
        return null;
      }
      if (value instanceof jakarta.json.JsonNumber n && n.isIntegral()) {
        return n.longValue();
      }
      throw ChatException.badRequest(name + " must be an integer");
    }

    boolean requiredBoolean(String name) {
      var value = body.get(name);
      if (value != null && value.getValueType() == jakarta.json.JsonValue.ValueType.TRUE) {
        return true;
      }
      if (value != null && value.getValueType() == jakarta.json.JsonValue.ValueType.FALSE) {
        return false;
      }
      throw ChatException.badRequest(name + " must be true or false");
    }

    /** A list of strings (at most 100), or null when absent. */
    List<String> strings(String name) {
      var value = body.get(name);
      if (value == null || value.getValueType() == jakarta.json.JsonValue.ValueType.NULL) {
        return null;
      }
      if (!(value instanceof jakarta.json.JsonArray array) || array.size() > 100) {
        throw ChatException.badRequest(name + " must be a list of at most 100 strings");
      }
      var out = new ArrayList<String>(array.size());
      for (var item : array) {
        if (!(item instanceof jakarta.json.JsonString s)) {
          throw ChatException.badRequest(name + " must be a list of strings");
        }
        out.add(s.getString());
      }
      return out;
    }

    Integer optionalInt(String name) {
      Long value = optionalLong(name);
      return value == null
          ? null
          : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
  }
}
