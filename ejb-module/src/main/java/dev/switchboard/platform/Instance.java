package dev.switchboard.platform;

import dev.switchboard.jms.Destinations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This server instance, as the others know it: in presence heartbeats and on the events topic. */
@ApplicationScoped
public class Instance {

  private final String id = UUID.randomUUID().toString();

  private final String node = System.getProperty(Destinations.NODE_PROPERTY);

  private volatile boolean sessionsUp;

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

  /** The web module's session registry has started: from now on events have sockets to reach. */
  public void sessionsUp() {
    sessionsUp = true;
  }

  /**
   * Whether the session registry has started. An instance (re)started under traffic receives events
   * while its application is still loading, before any socket can be connected to it.
   */
  public boolean hasSessions() {
    return sessionsUp;
  }
}
