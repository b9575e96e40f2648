package dev.switchboard.platform;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a read query made outside a transaction when the database connection failed,
 * three times, 5 s apart. A send's statement is such a query (it stores; see {@code
 * Messages.postAll}): with the database down its answer ({@code unavailable}) would come after 10 s
 * or more, and a retry after a connection lost mid-statement could store what the client resends
 * anyway. Clients resend; the server answers at once.
 */
public class NoQueryRetries implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    session.getLogin().setQueryRetryAttemptCount(0);
    session.getLogin().setDelayBetweenConnectionAttempts(0);
  }
}
