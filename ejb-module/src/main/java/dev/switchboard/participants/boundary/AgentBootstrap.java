package dev.switchboard.participants.boundary;

import dev.switchboard.participants.control.BootstrapAgents;
import dev.switchboard.participants.control.WeakPasswords;
import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the agents of {@code SWITCHBOARD_BOOTSTRAP_AGENTS} once the schema is migrated. Outside
 * the launcher's local mode a weak password there (short, or a known default such as the examples')
 * stops the application from starting: an installation must not go live with it.
 */
@Startup
@Singleton
@DependsOn("Database")
public class AgentBootstrap {

  private static final Logger LOG = Logger.getLogger(AgentBootstrap.class.getName());

  @EJB Agents agents;

  @Inject
  @ConfigProperty(name = Config.BOOTSTRAP_AGENTS)
  Optional<String> bootstrapAgents;

  @Inject
  @ConfigProperty(name = Config.LOCAL_MODE, defaultValue = "false")
  boolean localMode;

  @PostConstruct
  void createAgents() {
    bootstrapAgents.ifPresent(
        specification -> {
          if (!localMode) {
            refuseWeakPasswords(specification, agents.passwordsChangedSince());
          }
          agents.bootstrap(specification);
        });
  }

  /**
   * Stops the start at a weak password the bootstrap would set, that is of an agent who has not
   * changed theirs since ({@code changed}: those who have, by username).
   */
  static void refuseWeakPasswords(String specification, java.util.Set<String> changed) {
    for (var spec : BootstrapAgents.parse(specification)) {
      String weakness = WeakPasswords.weakness(spec.password());
      if (weakness != null && !changed.contains(spec.username())) {
        String why =
            Config.BOOTSTRAP_AGENTS
                + ": the password of "
                + spec.username()
                + " is "
                + weakness
                + "; choose another (only the launcher's local mode accepts it)";
        LOG.severe(why);
        throw new IllegalStateException(why);
      }
    }
  }
}
