package dev.switchboard.realtime;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.history.boundary.HistoryPage;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A connection's sign-in and resume: the {@code auth} frame within its deadline, then {@code
 * ready}, presence and the backlog of each conversation the client resumes, all before any live
 * frame (the connection holds those back meanwhile), so the client sees every missed message once,
 * in order. A socket's or an SSE stream's alike.
 */
@ApplicationScoped
public class SignIn {

  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);
  static final int UNAUTHORIZED_CLOSE = 4401;

  /**
   * Sockets awaiting their first frame above which this instance is in a reconnect storm: it reads
   * frames late then (its workers busy with the sign-ins before them), so a deadline that passes
   * gives the socket another {@link #AUTH_TIMEOUT}, up to {@link #STORM_AUTH_TIMEOUT} in all,
   * rather than closing one whose auth may have been sent in time (it would reconnect, and its
   * handshake be done again). Normally a handful at most await theirs, for milliseconds.
   */
  static final int STORM_AWAITING = 100;

  static final Duration STORM_AUTH_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Each new socket's auth deadline. A plain timer: the managed scheduler captured the calling
   * thread's context for every socket, 5 % of an instance's CPU while a reconnect storm opened
   * them.
   */
  private final ScheduledThreadPoolExecutor authDeadlines =
      new ScheduledThreadPoolExecutor(
          1,
          r -> {
            var t = new Thread(r, "switchboard-auth-deadlines");
            t.setDaemon(true);
            return t;
          });

  /** This instance's sockets opened whose first frame has not come and which are not closed. */
  private final Set<Connection> awaiting = ConcurrentHashMap.newKeySet();

  @Inject SessionRegistry registry;

  @Inject PresenceWatch presenceWatch;

  @EJB Credentials credentials;

  @EJB Conversations conversations;

  @EJB Messages messages;

  @PreDestroy
  void stop() {
    authDeadlines.shutdownNow();
  }

  /**
   * Starts a new socket's deadline: one that has sent nothing by then is dropped; one whose auth
   * frame is still being handled (a busy database, a reconnect storm) is not: it will be answered
   * either way.
   */
  void expectAuth(Connection connection) {
    awaiting.add(connection);
    deadline(connection, System.nanoTime());
  }

  private void deadline(Connection connection, long openedAt) {
    authDeadlines.schedule(
        () -> {
          if (!awaiting.contains(connection)) { // its first frame came, or it closed
            return;
          }
          if (waitLonger(awaiting.size(), Duration.ofNanos(System.nanoTime() - openedAt))) {
            deadline(connection, openedAt);
          } else if (awaiting.remove(connection)) { // not if its first frame came meanwhile
            connection.close(UNAUTHORIZED_CLOSE, "auth expected within 5 s");
          }
        },
        AUTH_TIMEOUT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Whether a socket without its auth frame after {@code waited} is given more time. */
  static boolean waitLonger(int awaitingNow, Duration waited) {
    return awaitingNow > STORM_AWAITING
        && waited.plus(AUTH_TIMEOUT).compareTo(STORM_AUTH_TIMEOUT) <= 0;
  }

  /**
   * A socket's first frame has come: it is answered, however long that takes; no deadline closes
   * it.
   */
  void firstFrame(Connection connection) {
    awaiting.remove(connection);
  }

  /** A connection closed: it awaits nothing any more. */
  void closed(Connection connection) {
    awaiting.remove(connection);
  }

  /** A connection's first frame, which must be {@code auth}. */
  void authenticate(Connection connection, Inbound.Envelope frame) {
    if (!"auth".equals(frame.type())) {
      connection.close(UNAUTHORIZED_CLOSE, "auth expected");
      return;
    }
    Inbound.Auth auth;
    try {
      auth = Inbound.Auth.of(frame);
    } catch (ChatException e) { // a token that is not a string
      connection.close(UNAUTHORIZED_CLOSE, "auth expected");
      return;
    }
    Credentials.SignedIn signedIn;
    try {
      signedIn = credentials.signIn(auth.token(), connection.kind).orElse(null);
    } catch (RuntimeException e) {
      ChatException failure = ChatException.classify(e);
      if (failure.code() == ErrorCode.BAD_REQUEST) {
        connection.close(UNAUTHORIZED_CLOSE, "auth expected");
      } else {
        connection.send(new Frames.Error(auth.ref(), null, failure));
        connection.close(1011, "service unavailable");
      }
      return;
    }
    if (signedIn == null) {
      connection.close(UNAUTHORIZED_CLOSE, "unknown or expired token");
      return;
    }
    begin(connection, signedIn, auth);
  }

  /**
   * An SSE stream whose ticket was redeemed: registered, then begun as a socket after its {@code
   * auth}, with {@code resume} (as the {@code auth} frame's) from its address.
   */
  void openStream(Connection connection, Credentials.SignedIn signedIn, Inbound.Auth resume) {
    registry.opened(connection);
    begin(connection, signedIn, resume);
  }

  /**
   * A connection signed in: {@code ready}, presence and each resumed conversation's backlog, then
   * live frames.
   */
  private void begin(Connection connection, Credentials.SignedIn signedIn, Inbound.Auth auth) {
    Participant participant = signedIn.participant();
    connection.authenticated(participant);
    connection.signedInWith(signedIn.fingerprint(), signedIn.expiresAt());
    // From here live messages are kept back until the backlog of each resumed conversation has
    // gone out: the client sees every missed message once, in order, before any live one.
    connection.hold();
    registry.authenticated(connection);
    try {
      List<ConversationSummary> listed = conversations.list(participant, null, null);
      connection.sendNow(
          new Frames.Ready(
              new Frames.You(participant.kind().wire(), participant.id(), participant.name()),
              listed));
      connection.sendNow(presenceWatch.frameFor(connection));
      if (auth.resumeRefused() != null) {
        // Authenticated all the same; the client learns why nothing was resumed.
        connection.sendNow(new Frames.Error(auth.ref(), null, auth.resumeRefused()));
      }
      for (Inbound.Resume r : auth.resume()) {
        connection.resumesAfter(r.conversationId(), r.afterSeq());
        try {
          sendBacklog(connection, r, listed);
        } catch (RuntimeException e) {
          connection.sendNow(new Frames.Error(auth.ref(), null, ChatException.classify(e)));
        }
      }
    } catch (RuntimeException e) {
      connection.sendNow(new Frames.Error(auth.ref(), null, ChatException.classify(e)));
      connection.close(1011, "service unavailable");
    } finally {
      connection.release();
    }
  }

  /**
   * The messages after the resume's seq, a page at a time; one listed in {@code ready} is known
   * visible, and a visitor's whose last message it has already needs no query: most of a reconnect
   * storm's visitors missed nothing (what came after the list was read arrives live, held back
   * until this is done).
   */
  private void sendBacklog(
      Connection connection, Inbound.Resume resume, List<ConversationSummary> listed) {
    ConversationSummary known =
        listed.stream()
            .filter(c -> c.id().equals(resume.conversationId()))
            .findFirst()
            .orElse(null);
    long after = resume.afterSeq();
    if (known != null && connection.participant().isVisitor() && known.nothingAfter(after)) {
      return;
    }
    HistoryPage page;
    do {
      page =
          known != null
              ? messages.backlog(connection.participant(), known, after)
              : messages.history(
                  connection.participant(),
                  resume.conversationId(),
                  null,
                  after,
                  HistoryPage.MAX_SIZE);
      for (var message : page.messages()) {
        connection.sendNow(new Frames.Message(message));
        if (!message.isNote()) {
          after = message.seq();
        }
      }
    } while (page.hasMore());
  }
}
