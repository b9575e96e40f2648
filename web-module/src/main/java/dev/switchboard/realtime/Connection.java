package dev.switchboard.realtime;

import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.limits.FrameLimits;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.Json;
import jakarta.websocket.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client's connection (a WebSocket, or an SSE stream): who is on it and the sends it is waiting
 * to see acknowledged.
 */
final class Connection {

  private static final Logger LOG = Logger.getLogger(Connection.class.getName());
  static final String KEY = Connection.class.getName();

  /** RFC 6455 "try again later": the socket was closed for reading too slowly. */
  static final int SLOW_READER_CLOSE = 1013;

  final Transport transport;
  final Participant.Kind kind;
  // The client's address, for its place among the address's sockets (null: exempt).
  final String clientAddress;
  // Its limited frames' counts; made at the first one.
  private FrameLimits.Counts frameCounts;
  private volatile Participant participant;
  private volatile String tokenFingerprint;
  // An agent's console says whether it is in view: one in the background may still get a push.
  private volatile boolean visible = true;
  private volatile Instant expiresAt;
  // clientId -> ref of sends still waiting for their ack on this socket.
  private final Map<String, String> pendingAcks = new ConcurrentHashMap<>();
  // Live frames kept back while a resume backlog goes out; null when not resuming.
  private List<Outgoing> held;
  // conversationId -> the highest seq this socket was sent (or the client said it holds): a message
  // goes out once per socket, even when its topic event arrives after a resume backlog carried it.
  private final Map<String, Long> lastSeq = new HashMap<>();
  // Ids of the notes sent while resuming (notes have no seq); null otherwise.
  private Set<String> notesSent;
  // Frames admitted for this socket and not written yet: one admitted when none is may be written
  // by the thread that admitted it, overtaking nothing.
  private int unsent;
  // Whether a thread is writing one of them now (outside this lock; one at a time, in order).
  private boolean writing;

  /**
   * A frame with its JSON and its WebSocket frame's bytes, encoded once however many sockets it
   * goes to.
   */
  record Outgoing(Object frame, String json, byte[] wire) {
    static Outgoing of(Object frame) {
      String json = Json.write(frame);
      return new Outgoing(frame, json, Wire.textFrame(json));
    }

    /**
     * A {@code message} frame around the message's JSON as it is (written once where it was
     * stored), as JSON-B would write {@link Frames.Message}.
     */
    static Outgoing message(MessageView message, String messageJson) {
      String json = "{\"message\":" + messageJson + ",\"type\":\"message\"}";
      return new Outgoing(new Frames.Message(message), json, Wire.textFrame(json));
    }
  }

  private final SocketWriter writer;
  // How much its client may leave unread before it is closed (1013) to resume.
  private final long maxUnwrittenBytes;

  Connection(
      Transport transport, Participant.Kind kind, SocketWriter writer, String clientAddress) {
    this.transport = transport;
    this.kind = kind;
    this.writer = writer;
    this.maxUnwrittenBytes = writer.maxUnwrittenBytes();
    this.clientAddress = clientAddress;
  }

  /** Counts shared with other connections of the participant's (each HTTP request is one). */
  synchronized void countFramesWith(FrameLimits.Counts counts) {
    frameCounts = counts;
  }

  synchronized FrameLimits.Counts frameCounts() {
    if (frameCounts == null) {
      frameCounts = new FrameLimits.Counts();
    }
    return frameCounts;
  }

  static Connection of(Session session) {
    return (Connection) session.getUserProperties().get(KEY);
  }

  String id() {
    return transport.id();
  }

  boolean visible() {
    return visible;
  }

  /** Whether this changed it. */
  boolean setVisible(boolean visible) {
    boolean changed = this.visible != visible;
    this.visible = visible;
    return changed;
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

  /**
   * The fingerprint of the token this socket signed in with, and when it expires: revoking it, or
   * its expiry, closes the socket.
   */
  void signedInWith(String tokenFingerprint, Instant expiresAt) {
    this.tokenFingerprint = tokenFingerprint;
    this.expiresAt = expiresAt;
  }

  boolean expiredBy(Instant now) {
    Instant expiry = expiresAt;
    return expiry != null && !expiry.isAfter(now);
  }

  boolean signedInWithToken(String fingerprint) {
    return fingerprint.equals(tokenFingerprint);
  }

  void expectAck(String clientId, String ref) {
    pendingAcks.put(clientId, ref == null ? "" : ref);
  }

  /** The ref of a send of ours with this clientId, if it is still waiting; taken once. */
  String takeAck(String clientId) {
    return pendingAcks.remove(clientId);
  }

  /**
   * Answers a send of this socket's with {@code ack} (and its ref), if it is still waiting for one;
   * whether it was.
   */
  boolean ack(MessageView message) {
    String ref = takeAck(message.clientId());
    if (ref == null) {
      return false;
    }
    send(new Frames.Ack(ref.isEmpty() ? null : ref, message));
    return true;
  }

  /** Keeps live frames back until {@link #release} (a resume backlog goes out first). */
  synchronized void hold() {
    held = new ArrayList<>();
    notesSent = new HashSet<>();
  }

  /** The client holds this conversation up to {@code afterSeq}: nothing at or below it is sent. */
  synchronized void resumesAfter(String conversationId, long afterSeq) {
    lastSeq.merge(conversationId, afterSeq, Math::max);
  }

  /** Sends the frames kept back, leaving out the messages and notes the backlog already carried. */
  synchronized void release() {
    for (Outgoing out : held) {
      if (fresh(out.frame())) {
        unsent++;
        writer.write(this, out);
      }
    }
    held = null;
    notesSent = null;
  }

  /** Frames keep the order of the calls (kept back while resuming). */
  void send(Object frame) {
    send(Outgoing.of(frame));
  }

  void send(Outgoing out) {
    if (admit(out)) {
      dispatch(out);
    }
  }

  /**
   * Whether a frame is to be written now: not while live frames are kept back (it is kept too), nor
   * a message this socket already got. One that is goes to {@link #dispatch}, or with others to the
   * writer's thread ({@link SocketWriter#writeAll}).
   */
  synchronized boolean admit(Outgoing out) {
    if (held != null) {
      held.add(out);
      return false;
    }
    if (!fresh(out.frame())) {
      return false;
    }
    unsent++;
    return true;
  }

  /**
   * An admitted frame: written by this thread when nothing admitted before it is still to go (the
   * write does not block, and costs less than waking the writer's thread: a send's {@code ack}, a
   * message to the two sockets of a chat), else queued behind the others for the writer's thread.
   */
  void dispatch(Outgoing out) {
    synchronized (this) {
      if (unsent > 1) {
        writer.write(this, out);
        return;
      }
      writing = true;
    }
    writeOut(out);
  }

  /** Past any hold: the answers of the resume itself. */
  synchronized void sendNow(Object frame) {
    if (fresh(frame)) {
      unsent++;
      writer.write(this, Outgoing.of(frame));
    }
  }

  /**
   * Records a message frame; false for one this socket already got. A changed message always goes
   * (its seq may be one the socket has).
   */
  private synchronized boolean fresh(Object frame) {
    if (!(frame instanceof Frames.Message m)) {
      return true;
    }
    if (m.message().isRevised()) {
      if (!m.message().isNote()) {
        lastSeq.merge(m.message().conversationId(), m.message().seq(), Math::max);
      }
      return true;
    }
    if (m.message().isNote()) {
      return notesSent == null || notesSent.add(m.message().id());
    }
    long seq = m.message().seq();
    Long last = lastSeq.get(m.message().conversationId());
    if (last != null && seq <= last) {
      return false;
    }
    lastSeq.put(m.message().conversationId(), seq);
    return true;
  }

  /**
   * On the writer's thread: an admitted frame, after the one another thread may be writing (which
   * came before it).
   */
  void transmit(Outgoing out) {
    synchronized (this) {
      while (writing) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // shutting down: the socket goes too
          unsent--;
          return;
        }
      }
      writing = true;
    }
    writeOut(out);
  }

  /**
   * Writes a frame as the one thread writing to this socket, outside the lock: a write that fails
   * closes the socket, and the container calls its close handlers on this thread.
   */
  private void writeOut(Outgoing out) {
    boolean slow = false;
    try {
      slow = write(out);
    } finally {
      synchronized (this) {
        writing = false;
        unsent--;
        notifyAll();
      }
    }
    if (slow) {
      closeSlowReader();
    }
  }

  /**
   * Writes an admitted frame, unless the client has left frames unread and this one would take them
   * past {@link #maxUnwrittenBytes}: then it answers true, and the socket is to be closed rather
   * than the heap grown. (A frame always goes when nothing waits: a large history page is no slow
   * reader.) A client that left is logged quietly.
   */
  private boolean write(Outgoing out) {
    try {
      if (!transport.isOpen()) {
        return false;
      }
      long unwritten = transport.unwritten();
      if (unwritten > 0 && unwritten + out.wire().length > maxUnwrittenBytes) {
        return true;
      }
      transport.write(out);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "send to {0} failed: {1}", new Object[] {id(), e});
    }
    return false;
  }

  /** Closes the socket (1013) and ends its connection with what is queued; the client resumes. */
  private void closeSlowReader() {
    LOG.log(
        Level.INFO,
        "socket {0} closed: more than {1} bytes left unread",
        new Object[] {id(), maxUnwrittenBytes});
    close(SLOW_READER_CLOSE, "reading too slowly; resume");
    transport.terminate();
  }

  void close(int code, String reason) {
    transport.close(code, reason);
  }
}
