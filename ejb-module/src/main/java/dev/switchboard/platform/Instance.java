package dev.switchboard.platform;

import dev.switchboard.jms.Destinations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This server instance, as the others know it: in presence heartbeats and on the events topic. */
@ApplicationScoped
public class Instance {

  private final String id = UUID.randomUUID().toString();

  private final String node = System.getProperty(Destinations.NODE_PROPERTY);

  public String id() {
    return id;
  }

  /**
   * The origin of the events it delivered itself, in each event and as its broker message's {@link
   * Destinations#ORIGIN}: the JVM's node name when it has one (its subscription's selector names
   * it), otherwise the instance id, which no selector names.
   */
  public String node() {
    return node == null ? id : node;
  }

  /** Whether the broker is told to keep this instance's own events from it. */
  public boolean filtersOwnEvents() {
    return node != null;
  }
}
