package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sessions' scheduler: idle-timeout commands without a delay are left out, the rest waits. */
class IdleTimeoutSchedulerTest {

  /** Stands in for Tyrus' idle-timeout command: records where it ran. */
  static final class Idle implements Runnable {
    final CountDownLatch ran = new CountDownLatch(1);
    final AtomicReference<Thread> ranOn = new AtomicReference<>();

    @Override
    public void run() {
      ranOn.set(Thread.currentThread());
      ran.countDown();
    }
  }

  private final IdleTimeoutScheduler.Scheduler scheduler =
      new IdleTimeoutScheduler.Scheduler(Idle.class.getName());

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void anIdleCommandWithoutDelayIsLeftOut() {
    var idle = new Idle();
    var future = scheduler.schedule(idle, 0, TimeUnit.MILLISECONDS);
    assertTrue(future.isDone());
    assertFalse(future.cancel(false), "nothing left to cancel");
    assertEquals(0, scheduler.getTaskCount(), "no task for the scheduler's thread");
    assertEquals(1, idle.ran.getCount(), "not run");
  }

  @Test
  void anIdleCommandWithADelayWaitsForIt() throws InterruptedException {
    var later = new Idle();
    var future = scheduler.schedule(later, 5, TimeUnit.SECONDS);
    assertFalse(future.isDone(), "an idle timeout still to come waits for its time");
    assertEquals(1, scheduler.getQueue().size());
    assertTrue(future.cancel(false));

    var soon = new Idle();
    scheduler.schedule(soon, 1, TimeUnit.MILLISECONDS);
    assertTrue(soon.ran.await(10, TimeUnit.SECONDS));
    assertTrue(soon.ranOn.get().getName().startsWith("switchboard-idle-timeouts"));
  }

  @Test
  void otherCommandsWithoutDelayGoToTheSchedulersThread() throws InterruptedException {
    var other = new CountDownLatch(1);
    var ranOn = new AtomicReference<Thread>();
    scheduler.schedule(
        () -> {
          ranOn.set(Thread.currentThread());
          other.countDown();
        },
        0,
        TimeUnit.MILLISECONDS);
    assertTrue(other.await(10, TimeUnit.SECONDS));
    assertTrue(ranOn.get().getName().startsWith("switchboard-idle-timeouts"), "not the caller's");
  }
}
