package dev.switchboard.jms.ra;

import java.util.Collections;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.ra.ActiveMQResourceAdapter;
import org.apache.activemq.artemis.ra.ConnectionFactoryProperties;

/**
 * Artemis' resource adapter, taking one connector class for any number of brokers. Artemis makes
 * one connector per class name given and pairs the connection parameters with them by position, so
 * {@code host=a;port=61616,host=b;port=61616} with one class name would reach broker a only: here
 * the one class name serves every broker named, and naming more than one (a primary and its backup)
 * turns on HA, so connections follow the pair's topology and fail over to whichever of them is
 * active. Everything else is Artemis' own.
 */
public class BrokerListResourceAdapter extends ActiveMQResourceAdapter {

  private static final long serialVersionUID = 1L;

  @Override
  public ActiveMQConnectionFactory newConnectionFactory(ConnectionFactoryProperties properties) {
    var classes = properties.getParsedConnectorClassNames();
    var brokers = properties.getParsedConnectionParameters();
    if (classes != null && classes.size() == 1 && brokers != null && brokers.size() > 1) {
      properties.setParsedConnectorClassNames(Collections.nCopies(brokers.size(), classes.get(0)));
      if (properties.isHA() == null) {
        properties.setHA(true);
      }
    }
    return super.newConnectionFactory(properties);
  }
}
