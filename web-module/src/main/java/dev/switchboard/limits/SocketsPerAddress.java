package dev.switchboard.limits;

import dev.switchboard.platform.Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sockets open on this instance per client address, at most {@code
 * SWITCHBOARD_SOCKETS_PER_ADDRESS}: what a socket costs (memory, a file) is this instance's, so
 * this instance counts them.
 */
@ApplicationScoped
public class SocketsPerAddress {

  @Inject
  @ConfigProperty(name = Config.SOCKETS_PER_ADDRESS, defaultValue = "2000")
  int limit;

  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  /** Takes a place for a socket from this address (null: exempt); false when none is left. */
  public boolean take(String address) {
    if (address == null) {
      return true;
    }
    int[] now = new int[1];
    open.compute(
        address,
        (a, count) -> {
          int current = count == null ? 0 : count;
          now[0] = current < limit ? current + 1 : -1;
          return current < limit ? current + 1 : count;
        });
    return now[0] > 0;
  }

  /** Gives back a place taken by {@link #take}. */
  public void release(String address) {
    if (address != null) {
      open.computeIfPresent(address, (a, count) -> count > 1 ? count - 1 : null);
    }
  }
}
