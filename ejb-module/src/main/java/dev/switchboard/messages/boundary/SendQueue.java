package dev.switchboard.messages.boundary;

import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Where the sockets' sends are stored: a few writer threads each take whatever sends have queued up
 * for them and store them in one statement ({@link Messages#postAll}), so under load a send's
 * commit, connection and bean invocation are shared by a batch instead of paid for each message,
 * and a lone send goes at once: when nothing is queued for its writer and the writer is idle, the
 * calling thread stores it itself, sparing the hand-off to the writer and back. A participant's
 * sends go to the same writer; a socket's are stored in the order it sent them (it waits for each
 * answer before its next request). Each send of a batch gets its own answer; one that the database
 * chose to break a deadlock with is tried again alone. The caller waits for its send's outcome.
 */
@ApplicationScoped
public class SendQueue {

  private static final Logger LOG = Logger.getLogger(SendQueue.class.getName());

  /** At most this many sends in one transaction. */
  static final int MAX_BATCH = 100;

  /** Tries of a send alone when the database broke a deadlock with it. */
  static final int MAX_ATTEMPTS = 3;

  /** A send not stored by then is answered {@code unavailable}; a resend finds it if it was. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  @Resource ManagedThreadFactory threads;

  @EJB Messages messages;

  /** Writer threads, each with its own queue. */
  @Inject
  @ConfigProperty(name = Config.SEND_WRITERS, defaultValue = "2")
  int writers;

  @Inject MetricRegistry metrics;

  private Counter stored;

  private record Pending(Messages.Send send, CompletableFuture<Posted> outcome) {}

  /** A writer's queue, and its lock: held by whoever stores (its thread, or a caller's). */
  private record Lane(BlockingQueue<Pending> queue, ReentrantLock busy) {}

  private final List<Lane> lanes = new ArrayList<>();
  private final List<Thread> running = new ArrayList<>();

  @PostConstruct
  void start() {
    for (int i = 0; i < Math.max(1, writers); i++) {
      var lane = new Lane(new LinkedBlockingQueue<>(), new ReentrantLock());
      lanes.add(lane);
      Thread writer = threads.newThread(() -> write(lane));
      writer.setName("switchboard-send-writer-" + i);
      writer.setDaemon(true);
      running.add(writer);
      writer.start();
    }
    stored =
        metrics.counter(
            Metadata.builder()
                .withName("switchboard.messages.stored")
                .withDescription("Messages and notes stored by sends here (resends not counted)")
                .build());
    metrics.gauge(
        Metadata.builder()
            .withName("switchboard.sends.queued")
            .withDescription("Sends waiting for a writer on this instance")
            .build(),
        this,
        SendQueue::queued);
  }

  /** Started with the application: its metrics are there from the first scrape. */
  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {}

  int queued() {
    return lanes.stream().mapToInt(lane -> lane.queue().size()).sum();
  }

  @PreDestroy
  void stop() {
    running.forEach(Thread::interrupt);
  }

  /** Stores the send (see {@link Messages#postAll}); refusals are thrown as they are. */
  public Posted post(Participant sender, SendCommand command) {
    var pending = new Pending(new Messages.Send(sender, command), new CompletableFuture<>());
    Lane lane = lanes.get(Math.floorMod(sender.id().hashCode(), lanes.size()));
    if (lane.queue().isEmpty() && lane.busy().tryLock()) {
      try {
        storeOrFail(List.of(pending));
      } finally {
        lane.busy().unlock();
      }
    } else {
      lane.queue().add(pending);
    }
    try {
      return pending.outcome().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new ChatException(ErrorCode.UNAVAILABLE, "the send took too long; resend it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted; resend it");
    }
  }

  private void write(Lane lane) {
    var batch = new ArrayList<Pending>(MAX_BATCH);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        batch.add(lane.queue().take());
      } catch (InterruptedException e) {
        return;
      }
      lane.busy().lock();
      try {
        lane.queue().drainTo(batch, MAX_BATCH - 1);
        storeOrFail(batch);
      } finally {
        lane.busy().unlock();
      }
      batch.clear();
    }
  }

  /** Stores the batch; whatever escapes {@link #store} fails each of its sends. */
  private void storeOrFail(List<Pending> batch) {
    try {
      store(batch);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "send writer failed", e);
      batch.forEach(p -> p.outcome().completeExceptionally(e));
    }
  }

  private void store(List<Pending> batch) {
    List<Messages.Outcome> outcomes;
    try {
      outcomes = messages.postAll(batch.stream().map(Pending::send).toList());
    } catch (RuntimeException e) {
      // Nothing was stored (the broker is away, or the bean failed before its statement).
      batch.forEach(p -> p.outcome().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      Messages.Outcome outcome = outcomes.get(i);
      try {
        Posted posted =
            outcome.refusal() != null && isTransient(outcome.refusal())
                ? postAlone(p.send(), 2)
                : outcome.get();
        if (!posted.duplicate()) {
          stored.inc();
        }
        p.outcome().complete(posted);
      } catch (RuntimeException e) {
        p.outcome().completeExceptionally(e);
      }
    }
  }

  /**
   * One send in a statement of its own. A deadlock or serialisation failure says nothing about the
   * send (PostgreSQL chose it to break a cycle): it is tried again, a few times.
   */
  private Posted postAlone(Messages.Send send, int attempt) {
    try {
      return messages.post(send.sender(), send.command());
    } catch (RuntimeException e) {
      if (attempt < MAX_ATTEMPTS && isTransient(e)) {
        return postAlone(send, attempt + 1);
      }
      throw e;
    }
  }

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("40001"))) {
        return true;
      }
    }
    return false;
  }
}
