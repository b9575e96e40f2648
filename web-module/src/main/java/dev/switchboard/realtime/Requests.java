package dev.switchboard.realtime;

import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.messages.boundary.HistoryPage;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.SendCommand;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Handles the frames of both sockets: authentication first, then the requests of the contract. A
 * socket's frames arrive one at a time, so its requests are answered in the order sent.
 */
@ApplicationScoped
public class Requests {

  private static final Logger LOG = Logger.getLogger(Requests.class.getName());
  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);
  static final int UNAUTHORIZED_CLOSE = 4401;

  @Inject SessionRegistry registry;

  @EJB Credentials credentials;

  @EJB Messages messages;

  @EJB Conversations conversations;

  @Resource ManagedScheduledExecutorService scheduler;

  void opened(Session session, Participant.Kind kind) {
    var connection = new Connection(session, kind);
    session.getUserProperties().put(Connection.KEY, connection);
    registry.opened(connection);
    scheduler.schedule(
        () -> {
          if (!connection.isAuthenticated()) {
            connection.close(UNAUTHORIZED_CLOSE, "auth expected within 5 s");
          }
        },
        AUTH_TIMEOUT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  void closed(Session session) {
    Connection connection = Connection.of(session);
    if (connection != null) {
      registry.closed(connection);
    }
  }

  void received(Session session, String text) {
    Connection connection = Connection.of(session);
    Request request;
    try {
      request = Request.parse(text);
    } catch (ChatException e) {
      if (!connection.isAuthenticated()) {
        connection.close(UNAUTHORIZED_CLOSE, "auth expected");
      } else {
        connection.send(new Frames.Error(null, null, e));
      }
      return;
    }
    if (!connection.isAuthenticated()) {
      authenticate(connection, request);
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

  private void authenticate(Connection connection, Request request) {
    if (!"auth".equals(request.type())) {
      connection.close(UNAUTHORIZED_CLOSE, "auth expected");
      return;
    }
    Participant participant;
    try {
      participant =
          credentials.authenticate(request.optionalString("token"), connection.kind).orElse(null);
    } catch (RuntimeException e) {
      ChatException failure = ChatException.classify(e);
      if (failure.code() == dev.switchboard.platform.ErrorCode.BAD_REQUEST) {
        connection.close(UNAUTHORIZED_CLOSE, "auth expected");
      } else {
        connection.send(new Frames.Error(request.ref(), null, failure));
        connection.close(1011, "service unavailable");
      }
      return;
    }
    if (participant == null) {
      connection.close(UNAUTHORIZED_CLOSE, "unknown or expired token");
      return;
    }
    connection.authenticated(participant);
    registry.authenticated(connection);
    connection.send(
        new Frames.Ready(
            new Frames.You(participant.kind().wire(), participant.id(), participant.name()),
            conversations.list(participant, null, null)));
  }

  private void handle(Connection connection, Request request) {
    Participant me = connection.participant();
    switch (request.type()) {
      case "send" -> {
        if (request.optionalString("attachmentId") != null) {
          throw ChatException.badRequest("attachments are not supported yet");
        }
        var command =
            new SendCommand(
                request.optionalString("conversationId"),
                request.optionalString("clientId"),
                request.optionalString("text"));
        connection.expectAck(command.clientId(), request.ref());
        registry.posted(connection, messages.post(me, command));
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
      case "ping" -> connection.send(new Frames.Pong(request.ref()));
      case "auth" -> throw ChatException.badRequest("already authenticated");
      default -> throw ChatException.badRequest("unknown request type " + request.type());
    }
  }

  /** The parsed JSON of a frame. */
  record Request(String type, String ref, JsonObject body) {

    static Request parse(String text) {
      JsonObject object;
      try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(text))) {
        var value = reader.readValue();
        if (!(value instanceof JsonObject o)) {
          throw ChatException.badRequest("a frame is one JSON object");
        }
        object = o;
      } catch (jakarta.json.JsonException e) {
        throw ChatException.badRequest("malformed JSON");
      }
      var request = new Request(null, null, object);
      String type = request.optionalString("type");
      if (type == null) {
        throw ChatException.badRequest("type is required");
      }
      return new Request(type, request.optionalString("ref"), object);
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

    Integer optionalInt(String name) {
      Long value = optionalLong(name);
      return value == null
          ? null
          : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
  }
}
