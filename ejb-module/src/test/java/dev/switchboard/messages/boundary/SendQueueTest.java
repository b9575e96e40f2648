package dev.switchboard.messages.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SendQueueTest {

  /** As a send's failure reaches the queue: the container's, JPA's and the driver's exceptions. */
  static RuntimeException failure(String sqlState) {
    var jpa =
        new PersistenceException("flush failed", new SQLException("from the driver", sqlState));
    return new EJBTransactionRolledbackException("rolled back", jpa);
  }

  @Test
  void deadlocksAndSerialisationFailuresAreTriedAgain() {
    assertTrue(SendQueue.isTransient(failure("40P01")));
    assertTrue(SendQueue.isTransient(failure("40001")));
  }

  @Test
  void otherFailuresAreNot() {
    assertFalse(SendQueue.isTransient(failure("23505")), "a unique violation");
    assertFalse(SendQueue.isTransient(failure(null)));
    assertFalse(SendQueue.isTransient(new IllegalStateException("no cause")));
  }
}
