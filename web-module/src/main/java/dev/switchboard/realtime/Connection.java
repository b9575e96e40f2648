package dev.switchboard.realtime;

import dev.switchboard.messages.boundary.MessageView;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  // Live frames kept back while a resume backlog goes out; null when not resuming.
  private List<Outgoing> held;
  // conversationId -> the highest seq this socket was sent: a message goes out once per socket,
  // even when its topic event arrives after a resume backlog already carried it.
  private final Map<String, Long> lastSeq = new java.util.HashMap<>();

  /** A frame with its JSON, encoded once however many sockets it goes to. */
  record Outgoing(Object frame, String json) {
    static Outgoing of(Object frame) {
      return new Outgoing(frame, Json.write(frame));
    }
  }

  private final SocketWriter writer;

  Connection(Session session, Participant.Kind kind, SocketWriter writer) {
    this.session = session;
    this.kind = kind;
    this.writer = writer;
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

  /** Keeps live frames back until {@link #release} (a resume backlog goes out first). */
  synchronized void hold() {
    held = new ArrayList<>();
  }

  /**
   * Sends the frames kept back, leaving out messages the backlog already carried: {@code
   * backlogEnds} maps a conversation to the last seq sent from the database, {@code notesSent}
   * holds the ids of the notes it sent.
   */
  synchronized void release(Map<String, Long> backlogEnds, Set<String> notesSent) {
    for (Outgoing out : held) {
      if (out.frame() instanceof Frames.Message m
              && alreadySent(m.message(), backlogEnds, notesSent)
          || !fresh(out.frame())) {
        continue;
      }
      write(out.json());
    }
    held = null;
  }

  private static boolean alreadySent(
      MessageView message, Map<String, Long> backlogEnds, Set<String> notesSent) {
    return message.isNote()
        ? notesSent.contains(message.id())
        : message.seq() <= backlogEnds.getOrDefault(message.conversationId(), 0L);
  }

  /** Frames keep the order of the calls (kept back while resuming). */
  void send(Object frame) {
    send(Outgoing.of(frame));
  }

  void send(Outgoing out) {
    synchronized (this) {
      if (held != null) {
        held.add(out);
        return;
      }
      if (!fresh(out.frame())) {
        return;
      }
    }
    write(out.json());
  }

  /** Past any hold: the answers of the resume itself. */
  synchronized void sendNow(Object frame) {
    if (fresh(frame)) {
      write(Json.write(frame));
    }
  }

  /** Records a message frame's seq; false for one at or below what this socket already got. */
  private synchronized boolean fresh(Object frame) {
    if (!(frame instanceof Frames.Message m) || m.message().isNote()) {
      return true;
    }
    long seq = m.message().seq();
    Long last = lastSeq.get(m.message().conversationId());
    if (last != null && seq <= last) {
      return false;
    }
    lastSeq.put(m.message().conversationId(), seq);
    return true;
  }

  /** Asynchronous, through the writer's thread. A client that left is logged quietly. */
  private void write(String json) {
    writer.write(
        () -> {
          if (!session.isOpen()) {
            return;
          }
          session
              .getAsyncRemote()
              .sendText(
                  json,
                  result -> {
                    if (!result.isOK()) {
                      LOG.log(
                          Level.FINE,
                          "send to {0} failed: {1}",
                          new Object[] {id(), result.getException()});
                    }
                  });
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
