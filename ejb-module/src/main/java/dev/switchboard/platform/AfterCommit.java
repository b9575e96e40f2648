package dev.switchboard.platform;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/** Work that must wait until the caller's transaction has committed, and not happen otherwise. */
public final class AfterCommit {

  /**
   * Runs {@code action} once the current transaction commits, never if it rolls back; at once
   * outside a transaction (what the caller did is committed already: a send's statement).
   */
  public static void run(TransactionSynchronizationRegistry transactions, Runnable action) {
    if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
      action.run();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              action.run();
            }
          }
        });
  }

  /**
   * Runs {@code action} on {@code executor} once the current transaction commits: what it does
   * stays out of the caller's transaction and thread. An executor that refuses it (shutting down)
   * is told to {@code refused}.
   */
  public static void runElsewhere(
      TransactionSynchronizationRegistry transactions,
      Executor executor,
      Runnable action,
      Consumer<RuntimeException> refused) {
    run(
        transactions,
        () -> {
          try {
            executor.execute(action);
          } catch (RejectedExecutionException e) {
            refused.accept(e);
          }
        });
  }

  private AfterCommit() {}
}
