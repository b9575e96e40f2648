package dev.switchboard.participants.boundary;

import dev.switchboard.participants.control.SignInAttempts;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.Sweep;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes expired sign-in tokens (they sign nobody in, and every widget visit issues one) and
 * company sign-ins nobody finished.
 */
@Startup
@Singleton
public class TokenSweep extends Sweep {

  static final int BATCH = 10_000;

  @EJB Credentials credentials;

  @EJB SignInAttempts attempts;

  @EJB StreamTickets tickets;

  @Inject
  @ConfigProperty(name = Config.TOKEN_SWEEP_SECONDS, defaultValue = "3600")
  long sweepSeconds;

  @Override
  protected long intervalSeconds() {
    return sweepSeconds;
  }

  /** Batch after batch (each its own transaction) until a batch is not full. */
  @Override
  protected String sweep() {
    int removed = 0;
    int batch;
    do {
      batch = credentials.purgeExpired(BATCH);
      removed += batch;
    } while (batch == BATCH);
    int abandoned = attempts.purge() + tickets.purgeExpired();
    return removed + abandoned > 0
        ? "removed "
            + removed
            + " expired sign-in token(s), "
            + abandoned
            + " unfinished sign-in(s) or stream ticket(s)"
        : null;
  }
}
