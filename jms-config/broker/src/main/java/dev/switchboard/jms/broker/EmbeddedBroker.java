package dev.switchboard.jms.broker;

import dev.switchboard.jms.Destinations;
import java.nio.file.Path;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * An Artemis broker in this JVM, listening on loopback only (the machine's other services own their
 * ports), with the same addresses as {@code src/main/broker/broker.xml}. Like a real broker it lets
 * in one user only, so every local run and test shows that the instances pass their credentials.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final String APPLICATION_ROLE = "switchboard";

  private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

  /**
   * How often and how patiently a mail job is retried (the delay doubles up to ten minutes) before
   * it goes to {@link Destinations#CHAT_MAIL_DEAD}. The defaults of {@code broker.xml} are 12 and 5
   * s: about 50 minutes of SMTP outage lose nothing.
   */
  public record MailRetry(int attempts, java.time.Duration firstDelay) {
    public static final MailRetry DEFAULTS = new MailRetry(12, java.time.Duration.ofSeconds(5));
  }

  private EmbeddedBroker() {}

  /** The one user the broker accepts, with every permission on every address. */
  public record Credentials(String user, String password) {}

  /** Starts a broker keeping its journal under {@code dataDir}; fails if the port is taken. */
  public static EmbeddedBroker start(
      String host, int port, Path dataDir, MailRetry mailRetry, Credentials credentials)
      throws Exception {
    var broker = new EmbeddedBroker();
    broker.server.setConfiguration(configuration(host, port, dataDir, mailRetry));
    var users = new SecurityConfiguration();
    users.addUser(credentials.user(), credentials.password());
    users.addRole(credentials.user(), APPLICATION_ROLE);
    broker.server.setSecurityManager(
        new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
    broker.server.start();
    // EmbeddedActiveMQ.start() does not fail when the acceptor cannot bind: check it did.
    if (!broker.server.getActiveMQServer().isActive()
        || broker.server.getActiveMQServer().getRemotingService().getAcceptor("netty") == null
        || !broker
            .server
            .getActiveMQServer()
            .getRemotingService()
            .getAcceptor("netty")
            .isStarted()) {
      broker.close();
      throw new IllegalStateException("Artemis could not listen on " + host + ":" + port);
    }
    return broker;
  }

  static Configuration configuration(String host, int port, Path dataDir, MailRetry mailRetry)
      throws Exception {
    var config = new ConfigurationImpl();
    config.setName("switchboard-embedded");
    config.setSecurityEnabled(true);
    config.putSecurityRoles(
        "#",
        Set.of(
            new Role(
                APPLICATION_ROLE, true, true, true, true, true, true, true, true, true, true)));
    config.setPersistenceEnabled(true);
    config.setJournalDirectory(dataDir.resolve("journal").toString());
    config.setBindingsDirectory(dataDir.resolve("bindings").toString());
    config.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
    config.setPagingDirectory(dataDir.resolve("paging").toString());
    config.setJMXManagementEnabled(false);
    config.addAcceptorConfiguration(
        "netty", "tcp://" + host + ":" + port + "?protocols=CORE&tcpNoDelay=true&useEpoll=false");
    config.addAddressConfiguration(
        new CoreAddressConfiguration()
            .setName(Destinations.CHAT_EVENTS)
            .addRoutingType(RoutingType.MULTICAST));
    config.addAddressConfiguration(
        new CoreAddressConfiguration()
            .setName(Destinations.CHAT_MAIL)
            .addRoutingType(RoutingType.ANYCAST)
            .addQueueConfiguration(
                QueueConfiguration.of(Destinations.CHAT_MAIL).setRoutingType(RoutingType.ANYCAST)));
    config.addAddressConfiguration(
        new CoreAddressConfiguration()
            .setName(Destinations.CHAT_WEBHOOKS)
            .addRoutingType(RoutingType.ANYCAST)
            .addQueueConfiguration(
                QueueConfiguration.of(Destinations.CHAT_WEBHOOKS)
                    .setRoutingType(RoutingType.ANYCAST)));
    config.addAddressConfiguration(
        new CoreAddressConfiguration()
            .setName(Destinations.CHAT_PUSH)
            .addRoutingType(RoutingType.ANYCAST)
            .addQueueConfiguration(
                QueueConfiguration.of(Destinations.CHAT_PUSH).setRoutingType(RoutingType.ANYCAST)));
    config.addAddressConfiguration(
        new CoreAddressConfiguration()
            .setName(Destinations.CHAT_MAIL_DEAD)
            .addRoutingType(RoutingType.ANYCAST)
            .addQueueConfiguration(
                QueueConfiguration.of(Destinations.CHAT_MAIL_DEAD)
                    .setRoutingType(RoutingType.ANYCAST)));
    config.addAddressConfiguration(
        new CoreAddressConfiguration()
            .setName("DLQ")
            .addRoutingType(RoutingType.ANYCAST)
            .addQueueConfiguration(
                QueueConfiguration.of("DLQ").setRoutingType(RoutingType.ANYCAST)));
    config.addAddressSetting(
        "#",
        new AddressSettings()
            .setDeadLetterAddress(SimpleString.of("DLQ"))
            .setMaxDeliveryAttempts(10)
            .setRedeliveryDelay(1000)
            .setRedeliveryMultiplier(2)
            .setMaxRedeliveryDelay(60_000)
            .setAutoCreateQueues(true)
            .setAutoCreateAddresses(true));
    config.addAddressSetting(
        Destinations.CHAT_MAIL,
        new AddressSettings()
            .setDeadLetterAddress(SimpleString.of(Destinations.CHAT_MAIL_DEAD))
            .setMaxDeliveryAttempts(mailRetry.attempts())
            .setRedeliveryDelay(mailRetry.firstDelay().toMillis())
            .setRedeliveryMultiplier(2)
            .setMaxRedeliveryDelay(600_000));
    return config;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
