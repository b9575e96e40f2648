package dev.switchboard.jms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.jms.Destinations;
import jakarta.jms.JMSSecurityRuntimeException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker lets its one user in, and nobody else. */
class EmbeddedBrokerTest {

  @Test
  void onlyTheConfiguredUserGetsIn(@TempDir Path data) throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (var broker =
            EmbeddedBroker.start(
                "127.0.0.1",
                port,
                data,
                EmbeddedBroker.MailRetry.DEFAULTS,
                new EmbeddedBroker.Credentials("switchboard", "s3cret"));
        var factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port)) {
      try (var context = factory.createContext("switchboard", "s3cret")) {
        var queue = context.createQueue(Destinations.CHAT_MAIL);
        context.createProducer().send(queue, "job");
        assertEquals("job", context.createConsumer(queue).receiveBody(String.class, 5000));
      }
      assertThrows(
          JMSSecurityRuntimeException.class,
          () -> factory.createContext("switchboard", "wrong").close());
      assertThrows(JMSSecurityRuntimeException.class, () -> factory.createContext().close());
    }
  }
}
