package dev.switchboard.jms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The standalone broker's files, as Artemis reads them: the pair's two say what {@code broker.xml}
 * says about addresses, retries and permissions, and are a primary and its backup.
 */
class BrokerFilesTest {

  static Configuration read(String file) throws Exception {
    var configuration = new FileConfiguration();
    var url = Path.of("src/main/broker", file).toUri().toURL().toString();
    var deployment = new FileDeploymentManager(url);
    deployment.addDeployable(configuration);
    deployment.readConfiguration();
    return configuration;
  }

  @Test
  void thePairSaysWhatTheSingleBrokerSays() throws Exception {
    Configuration single = read("broker.xml");
    for (String file : new String[] {"broker-primary.xml", "broker-backup.xml"}) {
      Configuration pair = read(file);
      assertEquals(
          single.getAddressConfigurations().toString(),
          pair.getAddressConfigurations().toString(),
          file + ": addresses");
      assertEquals(
          single.getAddressSettings().toString(),
          pair.getAddressSettings().toString(),
          file + ": address settings");
      assertEquals(
          single.getSecurityRoles().toString(),
          pair.getSecurityRoles().toString(),
          file + ": permissions");
      assertEquals(1, pair.getClusterConfigurations().size(), file + ": the pair's connection");
    }
  }

  @Test
  void oneIsThePrimaryAndTheOtherItsBackupThatHandsBack() throws Exception {
    var primary =
        assertInstanceOf(
            ReplicatedPolicyConfiguration.class,
            read("broker-primary.xml").getHAPolicyConfiguration());
    assertTrue(primary.isCheckForActiveServer(), "a restarted primary asks before it serves");
    var backup =
        assertInstanceOf(
            ReplicaPolicyConfiguration.class, read("broker-backup.xml").getHAPolicyConfiguration());
    assertTrue(backup.isAllowFailBack(), "the backup hands back to its primary");
    assertTrue(backup.isRestartBackup(), "and waits as its backup again");
  }
}
