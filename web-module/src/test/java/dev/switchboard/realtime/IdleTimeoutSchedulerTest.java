package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The sessions' scheduler: idle-timeout commands due now run at once, everything else waits. */
class IdleTimeoutSchedulerTest {

  /** Stands in for Tyrus' idle-timeout command: records the thread it ran on. */
  static final class Idle implements Runnable {
    final AtomicReference<Thread> ranOn = new AtomicReference<>();
    final CountDownLatch ran = new CountDownLatch(1);

    @Override
    public void run() {
      ranOn.set(Thread.currentThread());
      ran.countDown();
    }
  }

  private final IdleTimeoutScheduler.Scheduler scheduler =
      new IdleTimeoutScheduler.Scheduler(Idle.class.getName());

  @Test
  void anIdleCommandDueNowRunsWhereItIsScheduledWithoutATask() {
    try {
      var idle = new Idle();
      var future = scheduler.schedule(idle, 0, TimeUnit.MILLISECONDS);
      assertEquals(Thread.currentThread(), idle.ranOn.get(), "ran at once, on the caller");
      assertTrue(future.isDone());
      assertFalse(future.cancel(false), "nothing left to cancel");
      assertEquals(0, scheduler.getTaskCount(), "no task for the scheduler's thread");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void laterIdleCommandsAndOtherCommandsGoToTheScheduler() throws InterruptedException {
    try {
      var later = new Idle();
      var future = scheduler.schedule(later, 50, TimeUnit.MILLISECONDS);
      assertFalse(future.isDone(), "an idle timeout still to come waits for its time");
      assertTrue(later.ran.await(10, TimeUnit.SECONDS));
      assertTrue(later.ranOn.get().getName().startsWith("switchboard-idle-timeouts"));

      var other = new CountDownLatch(1);
      Thread[] ranOn = new Thread[1];
      scheduler.schedule(
          () -> {
            ranOn[0] = Thread.currentThread();
            other.countDown();
          },
          0,
          TimeUnit.MILLISECONDS);
      assertTrue(other.await(10, TimeUnit.SECONDS));
      assertTrue(ranOn[0].getName().startsWith("switchboard-idle-timeouts"), "not the caller's");
      assertEquals(2, scheduler.getTaskCount());
    } finally {
      scheduler.shutdownNow();
    }
  }
}
