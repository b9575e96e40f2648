package dev.switchboard.limits;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many frames of the kinds that cost the server work without storing a message ({@code
 * profile}, {@code typing}, {@code history}, {@code transcript} and {@code rate} each, and {@code
 * edit}, {@code delete} and {@code label} counted together) one socket may send a minute; sends and
 * notes have their own limit per participant. Counted per socket on its instance, in fixed minutes.
 */
@ApplicationScoped
public class FrameLimits {

  static final Duration WINDOW = Duration.ofMinutes(1);

  @Inject
  @ConfigProperty(name = Config.PROFILE_FRAMES_PER_MINUTE, defaultValue = "10")
  int profile;

  @Inject
  @ConfigProperty(name = Config.TYPING_FRAMES_PER_MINUTE, defaultValue = "120")
  int typing;

  @Inject
  @ConfigProperty(name = Config.HISTORY_FRAMES_PER_MINUTE, defaultValue = "120")
  int history;

  @Inject
  @ConfigProperty(name = Config.TRANSCRIPT_FRAMES_PER_MINUTE, defaultValue = "10")
  int transcript;

  @Inject
  @ConfigProperty(name = Config.EDIT_FRAMES_PER_MINUTE, defaultValue = "30")
  int edit;

  /** One socket's counts, made when it first sends a limited frame. */
  public static final class Counts {
    private final Map<String, long[]> byType = new HashMap<>(4);

    /** Counts a frame; whether it is within {@code perMinute}, and if not, nanos to wait. */
    synchronized long take(String type, int perMinute, long now) {
      long[] window = byType.computeIfAbsent(type, t -> new long[] {now, 0});
      if (now - window[0] >= WINDOW.toNanos()) {
        window[0] = now;
        window[1] = 0;
      }
      if (window[1] >= perMinute) {
        return window[0] + WINDOW.toNanos() - now;
      }
      window[1]++;
      return 0;
    }
  }

  /** {@code rate_limited} (with when to try again) when the socket has sent its share. */
  public void require(Supplier<Counts> counts, String type, long now) {
    int perMinute =
        switch (type) {
          case "profile" -> profile;
          case "typing" -> typing;
          case "history" -> history;
          case "transcript", "rate" -> transcript;
          case "edit", "delete", "label", "invite", "leave" -> edit;
          default -> 0;
        };
    if (perMinute <= 0) {
      return;
    }
    // Changes count together: the limit is on the work they cost.
    boolean change =
        switch (type) {
          case "edit", "delete", "label", "invite", "leave" -> true;
          default -> false;
        };
    long wait = counts.get().take(change ? "edit" : type, perMinute, now);
    if (wait > 0) {
      throw ChatException.rateLimited(
          "at most "
              + perMinute
              + " "
              + (change ? "edit, delete, label, invite and leave" : type)
              + " frames a minute",
          Duration.ofNanos(wait));
    }
  }
}
