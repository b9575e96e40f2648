package dev.switchboard.jms.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.ra.ActiveMQRaUtils;
import org.apache.activemq.artemis.ra.ConnectionFactoryProperties;
import org.junit.jupiter.api.Test;

/** The factories the adapter makes for a connection factory's or an activation's properties. */
class BrokerListResourceAdapterTest {

  static final String NETTY =
      "org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory";

  /** As Payara hands over the application's properties: one class name, the brokers named. */
  static ActiveMQConnectionFactory factoryFor(String connectionParameters, Boolean ha) {
    var properties = new ConnectionFactoryProperties();
    properties.setParsedConnectorClassNames(ActiveMQRaUtils.parseConnectorConnectorConfig(NETTY));
    properties.setParsedConnectionParameters(ActiveMQRaUtils.parseConfig(connectionParameters));
    properties.setHA(ha);
    return new BrokerListResourceAdapter().newConnectionFactory(properties);
  }

  static List<String> brokers(ActiveMQConnectionFactory factory) {
    return Arrays.stream(factory.getStaticConnectors())
        .map(c -> c.getParams().get("host") + ":" + c.getParams().get("port"))
        .toList();
  }

  @Test
  void everyBrokerNamedGetsAConnectorAndAPairIsHighlyAvailable() {
    try (var factory = factoryFor("host=primary;port=61616,host=backup;port=61617", null)) {
      assertEquals(List.of("primary:61616", "backup:61617"), brokers(factory));
      assertTrue(factory.isHA(), "two brokers: connections follow the pair's topology");
    }
  }

  @Test
  void oneBrokerStaysAsArtemisMakesIt() {
    try (var factory = factoryFor("host=artemis;port=61616", null)) {
      assertEquals(List.of("artemis:61616"), brokers(factory));
      assertFalse(factory.isHA());
    }
  }

  @Test
  void anExplicitHaSettingIsKept() {
    try (var factory = factoryFor("host=a;port=1,host=b;port=2", false)) {
      assertEquals(List.of("a:1", "b:2"), brokers(factory));
      assertFalse(factory.isHA());
    }
  }
}
