package dev.switchboard.realtime;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Stops the presence heartbeat as the web module stops, while the beans it calls still run. Left to
 * the watch's own {@code @PreDestroy}, which comes with the whole application's teardown, a
 * heartbeat came due after the EJB container had stopped during a deployment group's restart, and
 * Payara logged SEVERE (EJB5070) creating the presence bean for it.
 */
@WebListener
public class PresenceWatchStop implements ServletContextListener {

  @Inject PresenceWatch watch;

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    watch.stop();
  }
}
