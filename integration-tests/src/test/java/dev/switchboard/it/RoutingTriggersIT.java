package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.presence.boundary.AvailabilityChanged;
import dev.switchboard.presence.boundary.Presence;
import dev.switchboard.routing.boundary.RoutingClock;
import dev.switchboard.teams.boundary.TeamSettingsChanged;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Presence tells routing of an agent's availability, and teams of a team's routing and hours,
 * through events, knowing nothing of routing: the event comes once the change has committed, and
 * routing's clock is what observes it (the test cluster's one-second tick would hide a clock that
 * no longer hears it).
 */
@ExtendWith(ArquillianExtension.class)
class RoutingTriggersIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.war("routing-triggers-it", RoutingTriggersIT.class, Heard.class);
  }

  /**
   * Counts the events heard after their transaction committed (in a static field: the instance the
   * test class would be injected with is not the one the container notifies).
   */
  @ApplicationScoped
  public static class Heard {
    static final AtomicInteger afterCommit = new AtomicInteger();

    void heard(@Observes(during = TransactionPhase.AFTER_SUCCESS) AvailabilityChanged change) {
      afterCommit.incrementAndGet();
    }
  }

  @EJB Presence presence;

  @EJB Agents agents;

  @EJB Credentials credentials;

  @Inject BeanManager beans;

  @Test
  void anAgentsChosenStatusIsAnnouncedOnceCommitted() {
    var login = agents.login(Infrastructure.AGENT, Infrastructure.AGENT_PASSWORD);
    Participant agent =
        credentials.authenticate(login.token(), Participant.Kind.AGENT).orElseThrow();
    try {
      int before = Heard.afterCommit.get();
      presence.setStatus(agent, "online"); // the bean's own transaction, committed on return
      assertTrue(Heard.afterCommit.get() > before, "announced by the time the change committed");
    } finally {
      presence.setStatus(agent, "offline");
    }
  }

  @Test
  void routingsClockHearsItAndATeamsSettingsAfterTheCommit() {
    for (Object event : List.of(new AvailabilityChanged(), new TeamSettingsChanged("t"))) {
      var observers = beans.resolveObserverMethods(event);
      assertTrue(
          observers.stream()
              .anyMatch(
                  o ->
                      o.getBeanClass() == RoutingClock.class
                          && o.getTransactionPhase() == TransactionPhase.AFTER_SUCCESS),
          event + ": " + observers);
    }
  }
}
