package dev.switchboard.realtime;

import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One client socket: who is on it and the sends it is waiting to see acknowledged. */
final class Connection {

  private static final Logger LOG = Logger.getLogger(Connection.class.getName());
  static final String KEY = Connection.class.getName();

  final Session session;
  final Participant.Kind kind;
  private volatile Participant participant;
  // clientId -> ref of sends still waiting for their ack on this socket.
  private final Map<String, String> pendingAcks = new ConcurrentHashMap<>();

  Connection(Session session, Participant.Kind kind) {
    this.session = session;
    this.kind = kind;
  }

  static Connection of(Session session) {
    return (Connection) session.getUserProperties().get(KEY);
  }

  String id() {
    return session.getId();
  }

  Participant participant() {
    return participant;
  }

  boolean isAuthenticated() {
    return participant != null;
  }

  void authenticated(Participant participant) {
    this.participant = participant;
  }

  void expectAck(String clientId, String ref) {
    pendingAcks.put(clientId, ref == null ? "" : ref);
  }

  /** The ref of a send of ours with this clientId, if it is still waiting; taken once. */
  String takeAck(String clientId) {
    return pendingAcks.remove(clientId);
  }

  boolean awaitsAck(String clientId) {
    return pendingAcks.containsKey(clientId);
  }

  /** Asynchronous; frames keep the order of the calls. A client that left is logged quietly. */
  void send(Object frame) {
    if (!session.isOpen()) {
      return;
    }
    session
        .getAsyncRemote()
        .sendText(
            Json.write(frame),
            result -> {
              if (!result.isOK()) {
                LOG.log(
                    Level.FINE,
                    "send to {0} failed: {1}",
                    new Object[] {id(), result.getException()});
              }
            });
  }

  void close(int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException e) {
      LOG.log(Level.FINE, "close of {0} failed: {1}", new Object[] {id(), e});
    }
  }
}
