package dev.switchboard.participants.boundary;

import dev.switchboard.platform.Config;
import dev.switchboard.platform.Sweep;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Removes expired sign-in tokens: they sign nobody in, and every widget visit issues one. */
@Startup
@Singleton
public class TokenSweep extends Sweep {

  static final int BATCH = 10_000;

  @EJB Credentials credentials;

  @Inject
  @ConfigProperty(name = Config.TOKEN_SWEEP_SECONDS, defaultValue = "3600")
  long sweepSeconds;

  @Override
  protected long intervalSeconds() {
    return sweepSeconds;
  }

  @Override
  protected String sweep() {
    int removed = credentials.purgeExpired(BATCH);
    return removed > 0 ? "removed " + removed + " expired sign-in token(s)" : null;
  }
}
