package dev.switchboard.participants.boundary;

import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates the agents of {@code SWITCHBOARD_BOOTSTRAP_AGENTS} once the schema is migrated. */
@Startup
@Singleton
@DependsOn("Database")
public class AgentBootstrap {

  @EJB Agents agents;

  @Inject
  @ConfigProperty(name = Config.BOOTSTRAP_AGENTS)
  Optional<String> bootstrapAgents;

  @PostConstruct
  void createAgents() {
    bootstrapAgents.ifPresent(agents::bootstrap);
  }
}
