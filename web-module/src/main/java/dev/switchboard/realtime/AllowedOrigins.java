package dev.switchboard.realtime;

import dev.switchboard.platform.Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The origins of {@code SWITCHBOARD_ALLOWED_ORIGINS}, besides the server's own: the intranet pages
 * that embed the widget. They may open sockets and frame the widget.
 */
@ApplicationScoped
public class AllowedOrigins {

  @Inject
  @ConfigProperty(name = Config.ALLOWED_ORIGINS)
  Optional<String> configured;

  /** The configured origins, normalised, in their order; what is not an origin is left out. */
  public Set<String> origins() {
    return configured
        .<Set<String>>map(
            value ->
                Arrays.stream(value.split(","))
                    .map(AllowedOrigins::normalise)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toCollection(LinkedHashSet::new)))
        .orElse(Set.of());
  }

  /** scheme://host[:port] in lower case, without a default port; null when not an origin. */
  public static String normalise(String origin) {
    try {
      URI uri = URI.create(origin.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return null;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort =
          port == -1
              || (port == 80 && (scheme.equals("http") || scheme.equals("ws")))
              || (port == 443 && (scheme.equals("https") || scheme.equals("wss")));
      return scheme
          + "://"
          + uri.getHost().toLowerCase(Locale.ROOT)
          + (defaultPort ? "" : ":" + port);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
