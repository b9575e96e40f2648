package dev.switchboard.events.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The fan-out's delay in the metrics, {@code switchboard_fanout_delay_seconds}: from the sending
 * instance putting a broker message on the topic (its JMS timestamp) to this instance having handed
 * its events to its sockets. Across machines, the difference of their clocks counts too.
 */
@ApplicationScoped
public class FanOutDelay {

  @Inject MetricRegistry metrics;

  private Timer delay;

  @PostConstruct
  void register() {
    delay =
        metrics.timer(
            Metadata.builder()
                .withName("switchboard.fanout.delay")
                .withDescription("From the topic to this instance's sockets")
                .withUnit(MetricUnits.SECONDS)
                .build());
  }

  /** Started with the application: the timer is there from the first scrape. */
  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {}

  /** A broker message sent at {@code sentAtMillis} (0: no timestamp) has been delivered here. */
  public void since(long sentAtMillis) {
    if (sentAtMillis > 0) {
      delay.update(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - sentAtMillis)));
    }
  }
}
