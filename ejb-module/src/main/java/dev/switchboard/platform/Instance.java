package dev.switchboard.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This server instance, as the others know it: in presence heartbeats and on the events topic. */
@ApplicationScoped
public class Instance {

  private final String id = UUID.randomUUID().toString();

  public String id() {
    return id;
  }
}
