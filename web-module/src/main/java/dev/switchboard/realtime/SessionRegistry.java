package dev.switchboard.realtime;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.events.boundary.AgentChanged;
import dev.switchboard.events.boundary.ConversationChanged;
import dev.switchboard.events.boundary.MessageChanged;
import dev.switchboard.events.boundary.MessagePosted;
import dev.switchboard.events.boundary.ProfileChanged;
import dev.switchboard.events.boundary.ReceiptChanged;
import dev.switchboard.events.boundary.TokenRevoked;
import dev.switchboard.events.boundary.TypingChanged;
import dev.switchboard.events.boundary.VisitorErased;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.Posted;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.Instance;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * This instance's sockets, by participant, and its per-conversation streams. Each message reaches
 * it one way: this instance's sends from their sender's thread right after commit, everything else
 * through the topic; each conversation's stream puts them in seq order and lets each through once.
 */
@ApplicationScoped
public class SessionRegistry {

  private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());
  static final Duration STREAM_IDLE = Duration.ofMinutes(10);
  static final Duration PING_INTERVAL = Duration.ofSeconds(25);
  // Up to this many sockets, a frame is written by the thread that delivers it
  // (Connection#dispatch).
  private static final int FEW_RECIPIENTS = 4;

  private final OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, Set<Connection>> visitors = new ConcurrentHashMap<>();
  private final Set<Connection> agents = ConcurrentHashMap.newKeySet();
  private final Map<String, ConversationStream> streams = new ConcurrentHashMap<>();
  private final ConversationStream.Store store = new DatabaseStore();
  private ScheduledFuture<?> housekeeping;

  @EJB Messages messages;

  @EJB Conversations conversations;

  @Inject PresenceWatch presence;

  @Inject Instance instance;

  @Inject SocketWriter writer;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject MetricRegistry metrics;

  // Set at start, before events are taken (Instance#sessionsUp) or a socket can send.
  private volatile ConversationStream.Counts streamCounts;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    var open =
        Metadata.builder()
            .withName("switchboard.sockets.open")
            .withDescription("WebSockets open on this instance (signed in, or not yet)")
            .build();
    metrics.gauge(open, this, SessionRegistry::visitorSockets, new Tag("kind", "visitor"));
    metrics.gauge(open, agents, Set::size, new Tag("kind", "agent"));
    metrics.gauge(
        open, this, SessionRegistry::unauthenticatedSockets, new Tag("kind", "unauthenticated"));
    streamCounts = fanOutGaps();
    instance.sessionsUp(); // events are delivered from here on: the streams' counts are there
    housekeeping =
        scheduler.scheduleAtFixedRate(
            this::housekeeping,
            PING_INTERVAL.toSeconds(),
            PING_INTERVAL.toSeconds(),
            TimeUnit.SECONDS);
  }

  /** The fan-out's gap counters (see the README's metrics), as the streams report to them. */
  private ConversationStream.Counts fanOutGaps() {
    Counter gaps =
        metrics.counter(
            Metadata.builder()
                .withName("switchboard.fanout.gaps")
                .withDescription(
                    "Gaps in a conversation's messages that this instance filled from the database:"
                        + " a message came before others committed earlier (the topic reordered or"
                        + " lost their events)")
                .build());
    Counter gapMessages =
        metrics.counter(
            Metadata.builder()
                .withName("switchboard.fanout.gap.messages")
                .withDescription("Messages this instance delivered from the database to fill gaps")
                .build());
    Counter late =
        metrics.counter(
            Metadata.builder()
                .withName("switchboard.fanout.late")
                .withDescription(
                    "Messages that reached this instance after it had delivered them (their gap"
                        + " filled first, or a broker's redelivery), dropped; over time, gap"
                        + " messages less these are the events the topic lost")
                .build());
    return new ConversationStream.Counts() {
      @Override
      public void gapFilled(int messages) {
        gaps.inc();
        gapMessages.inc(messages);
      }

      @Override
      public void late() {
        late.inc();
      }
    };
  }

  @PreDestroy
  void stop() {
    if (housekeeping != null) {
      housekeeping.cancel(false);
    }
  }

  private int visitorSockets() {
    return visitors.values().stream().mapToInt(Set::size).sum();
  }

  private int unauthenticatedSockets() {
    return Math.max(0, connections.size() - agents.size() - visitorSockets());
  }

  void opened(Connection connection) {
    connections.put(connection.id(), connection);
  }

  void authenticated(Connection connection) {
    Participant p = connection.participant();
    if (p.isAgent()) {
      agents.add(connection);
      presence.agentOpened(p.id());
    } else {
      visitors.computeIfAbsent(p.id(), id -> ConcurrentHashMap.newKeySet()).add(connection);
    }
  }

  /** The agents with a console in view on this instance. */
  Set<String> visibleAgents() {
    var visible = new HashSet<String>();
    for (Connection c : agents) {
      if (c.visible()) {
        visible.add(c.participant().id());
      }
    }
    return visible;
  }

  void closed(Connection connection) {
    connections.remove(connection.id());
    Participant p = connection.participant();
    if (agents.remove(connection)) {
      presence.agentClosed(p.id());
    }
    if (p != null && p.isVisitor()) {
      visitors.computeIfPresent(
          p.id(),
          (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
          });
    }
  }

  /** From the topic: the messages of every other instance's senders, and system messages. */
  void onPosted(@Observes MessagePosted event) {
    stream(event.message().conversationId())
        .accept(
            event.message(),
            store,
            deliverer(event.audience(), event.message(), event.messageJson()));
  }

  /**
   * A message changed or removed: its new state goes to everyone here who sees it but the socket
   * that asked (answered already). When this instance has not delivered the message itself yet (its
   * event still on the way), the change takes its place in the stream, which then drops the first.
   */
  void onChanged(@Observes MessageChanged event) {
    MessageView message = event.message();
    if (!message.isNote()) {
      ConversationStream stream = stream(message.conversationId());
      if (!stream.hasDelivered(message.seq())) {
        stream.accept(message, store, deliverer(event.audience(), message, event.messageJson()));
        return;
      }
    }
    var to =
        participantsOf(
            event.audience(),
            c ->
                !c.id().equals(event.originSession())
                    && (!message.isNote() || c.participant().isAgent()));
    if (!to.isEmpty()) {
      sendAll(to, Connection.Outgoing.message(message, event.messageJson()));
    }
  }

  /**
   * An agent's new role or teams apply to their open sockets at once; the sockets are told, so the
   * console lists what the agent sees now.
   */
  void onAgentChanged(@Observes AgentChanged event) {
    var frame = Connection.Outgoing.of(new Frames.Access(event));
    for (Connection c : agents) {
      if (c.participant().id().equals(event.agentId())) {
        c.authenticated(c.participant().withAccess(event.role(), event.teams()));
        c.send(frame);
      }
    }
  }

  /** A signed-out token's sockets close here, as they would on any instance that has them. */
  void onRevoked(@Observes TokenRevoked event) {
    for (Connection c : connections.values()) {
      if (c.signedInWithToken(event.tokenHash())) {
        c.close(SignIn.UNAUTHORIZED_CLOSE, "signed out");
      }
    }
  }

  /** Agents drop an erased visitor's conversations (the visitor's sockets close on revocation). */
  void onErased(@Observes VisitorErased event) {
    sendAll(agents, Connection.Outgoing.of(new Frames.Erased(event)));
  }

  /**
   * A visitor's profile goes to the visitor's other sockets and to the agents who may see one of
   * their conversations.
   */
  void onProfile(@Observes ProfileChanged event) {
    var frame = Connection.Outgoing.of(new Frames.Profile(null, event));
    visitors
        .getOrDefault(event.visitorId(), Set.of())
        .forEach(
            c -> {
              if (!c.id().equals(event.originSession())) {
                c.send(frame);
              }
            });
    agents.forEach(
        c -> {
          if (!c.id().equals(event.originSession())
              && event.audiences().stream().anyMatch(a -> a.admits(c.participant()))) {
            c.send(frame);
          }
        });
  }

  /**
   * A conversation changed: each local reader gets its summary with their own unread count (the
   * socket that asked was answered directly); agents who may not see it (any more) are told to drop
   * it.
   */
  void onConversation(@Observes ConversationChanged event) {
    var readers = participantsOf(event.audience(), c -> !c.id().equals(event.originSession()));
    if (event.before() != null) {
      var withdrawn = Connection.Outgoing.of(new Frames.Withdrawn(null, event.conversationId()));
      for (Connection c : agents) {
        if (event.before().admits(c.participant())
            && !event.audience().admits(c.participant())
            && !c.id().equals(event.originSession())) {
          c.send(withdrawn);
        }
      }
    }
    if (readers.isEmpty()) {
      return;
    }
    var ids = new HashSet<String>();
    readers.forEach(c -> ids.add(c.participant().id()));
    Map<String, ConversationSummary> summaries;
    try {
      summaries = conversations.summaries(event.conversationId(), ids);
    } catch (RuntimeException e) {
      // Database unreachable: clients catch up with their next list or reload.
      LOG.log(Level.WARNING, "conversation {0} not fanned out: {1}", new Object[] {event, e});
      return;
    }
    var encoded = new HashMap<String, Connection.Outgoing>();
    for (Connection c : readers) {
      ConversationSummary summary = summaries.get(c.participant().id());
      if (summary != null) {
        c.send(
            encoded.computeIfAbsent(
                c.participant().id(),
                id -> Connection.Outgoing.of(new Frames.Conversation(null, summary))));
      }
    }
  }

  /** A receipt goes to the conversation's participants other than the reader. */
  void onReceipt(@Observes ReceiptChanged event) {
    sendAll(
        participantsOf(event.audience(), c -> !c.participant().id().equals(event.reader().id())),
        Connection.Outgoing.of(new Frames.Receipt(event)));
  }

  void toAgents(Object frame) {
    sendAll(agents, Connection.Outgoing.of(frame));
  }

  void toVisitors(Object frame) {
    var to = new ArrayList<Connection>();
    visitors.values().forEach(to::addAll);
    sendAll(to, Connection.Outgoing.of(frame));
  }

  /** Typing goes to the conversation's other participants, on every instance. */
  void onTyping(@Observes TypingChanged event) {
    var to =
        participantsOf(event.audience(), c -> !c.participant().id().equals(event.sender().id()));
    if (!to.isEmpty()) {
      sendAll(
          to,
          Connection.Outgoing.of(
              new Frames.Typing(event.conversationId(), event.sender(), event.typing())));
    }
  }

  /**
   * From a local sender, right after commit: this instance's only delivery of the message (the
   * topic brings it to the others), with the sender's {@code ack} in its place in the sequence.
   */
  void posted(Connection sender, Posted posted) {
    MessageView message = posted.message();
    ConversationStream stream = stream(message.conversationId());
    // A resend of something long delivered must not go out again.
    if (!posted.duplicate() || !message.isNote() && !stream.hasDelivered(message.seq())) {
      stream.accept(message, store, deliverer(posted.audience(), message, posted.json()));
    }
    // Not delivered just now (a resend): answered all the same.
    sender.ack(message);
  }

  private ConversationStream stream(String conversationId) {
    return streams.computeIfAbsent(conversationId, id -> new ConversationStream(id, streamCounts));
  }

  /**
   * Delivers to the audience the message was posted to (and the ones before it it brings along: a
   * transfer's own system message comes after them). The posted message's frame is made of the JSON
   * it came with; those brought along from the database are encoded here.
   */
  private Consumer<MessageView> deliverer(Audience audience, MessageView posted, String json) {
    return message -> {
      var recipients = participantsOf(audience, c -> getsFrame(c, message));
      // Encoded once for all the sockets it goes to, and only if one does.
      if (!recipients.isEmpty()) {
        sendAll(
            recipients,
            message == posted
                ? Connection.Outgoing.message(message, json)
                : Connection.Outgoing.of(new Frames.Message(message)));
      }
    };
  }

  /**
   * One frame to these sockets (those that take it now: {@link Connection#admit}): to a few (a
   * chat's visitor and agent) from this thread where nothing is before it, to more in one hand-off
   * to the writer's thread.
   */
  private void sendAll(Collection<Connection> to, Connection.Outgoing out) {
    var now = new ArrayList<Connection>(to.size());
    for (Connection c : to) {
      if (c.admit(out)) {
        now.add(c);
      }
    }
    if (now.size() <= FEW_RECIPIENTS) {
      now.forEach(c -> c.dispatch(out));
    } else {
      writer.writeAll(now, out);
    }
  }

  /**
   * This instance's sockets that see a conversation (its visitor's, and those of the agents its
   * audience admits) and that {@code wanted} accepts.
   */
  private List<Connection> participantsOf(Audience audience, Predicate<Connection> wanted) {
    var chosen = new ArrayList<Connection>();
    for (Connection c : visitors.getOrDefault(audience.visitorId(), Set.of())) {
      if (wanted.test(c)) {
        chosen.add(c);
      }
    }
    for (Connection c : agents) {
      if (audience.admits(c.participant()) && wanted.test(c)) {
        chosen.add(c);
      }
    }
    return chosen;
  }

  /**
   * Whether the socket gets the message frame: notes are for agents only, and the sender's own
   * socket that waits for the send's answer is answered with {@code ack} instead.
   */
  private static boolean getsFrame(Connection connection, MessageView message) {
    if (message.isNote() && !connection.participant().isAgent()) {
      return false;
    }
    boolean own =
        message.sender().id() != null
            && message.sender().id().equals(connection.participant().id());
    return !(own && connection.ack(message));
  }

  private void housekeeping() {
    try {
      var now = java.time.Instant.now();
      for (Connection c : connections.values()) {
        if (c.expiredBy(now)) {
          c.close(SignIn.UNAUTHORIZED_CLOSE, "token expired");
        } else if (c.transport instanceof SocketTransport socket) {
          socket.ping(); // an SSE stream has keep-alives of its own
        }
      }
      long idle = STREAM_IDLE.toNanos();
      streams.values().removeIf(s -> s.idleLongerThan(idle));
    } catch (Exception e) {
      LOG.log(Level.WARNING, "housekeeping failed", e);
    }
  }

  private final class DatabaseStore implements ConversationStream.Store {
    @Override
    public List<MessageView> between(String conversationId, long afterSeq, long beforeSeq) {
      return messages.between(conversationId, afterSeq, beforeSeq);
    }

    @Override
    public Long firstUnseenBefore(String conversationId, long beforeSeq) {
      // A stream is only forgotten after STREAM_IDLE without messages: anything newer than that
      // (and than this instance) cannot have been delivered here.
      OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minus(STREAM_IDLE);
      return messages.firstSeqSince(
          conversationId, beforeSeq, since.isAfter(started) ? since : started);
    }
  }
}
