package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.jms.Destinations;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.Posted;
import dev.switchboard.messages.boundary.SendCommand;
import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The send use case in a real Payara Micro, against PostgreSQL and Artemis. */
@ExtendWith(ArquillianExtension.class)
class MessagesIT {

  @Deployment
  static WebArchive deployment() {
    File[] libraries =
        new File(System.getProperty("switchboard.deployment.libs", "target/deployment-libs"))
            .listFiles((dir, name) -> name.endsWith(".jar"));
    return ShrinkWrap.create(WebArchive.class, "messages-it.war")
        .addAsLibraries(libraries)
        .addClass(MessagesIT.class);
  }

  @EJB Messages messages;

  @EJB Visitors visitors;

  @EJB Credentials credentials;

  @EJB Agents agents;

  @Resource ManagedExecutorService executor;

  @Resource(lookup = Destinations.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  Participant newVisitor() {
    var registration = visitors.register(null, null);
    return credentials.authenticate(registration.token(), Participant.Kind.VISITOR).orElseThrow();
  }

  static String clientId() {
    return UUID.randomUUID().toString();
  }

  @Test
  void aVisitorsFirstSendOpensAConversationAndSeqCountsWithoutGaps() {
    Participant visitor = newVisitor();
    Posted first = messages.post(visitor, new SendCommand(null, clientId(), "hello"));
    assertEquals(1, first.message().seq());
    String conversation = first.message().conversationId();
    for (int i = 2; i <= 20; i++) {
      Posted next = messages.post(visitor, new SendCommand(null, clientId(), "m" + i));
      assertEquals(conversation, next.message().conversationId(), "the open conversation");
      assertEquals(i, next.message().seq());
    }
  }

  @Test
  void concurrentSendsGetExactlyTheSeqsOneToForty() throws Exception {
    Participant visitor = newVisitor();
    String conversation =
        messages
            .post(visitor, new SendCommand(null, clientId(), "open"))
            .message()
            .conversationId();
    List<Future<Long>> sends = new ArrayList<>();
    for (int i = 0; i < 39; i++) {
      Callable<Long> send =
          () ->
              messages
                  .post(visitor, new SendCommand(conversation, clientId(), "x"))
                  .message()
                  .seq();
      sends.add(executor.submit(send));
    }
    var seqs = new ArrayList<Long>();
    for (Future<Long> f : sends) {
      seqs.add(f.get());
    }
    seqs.add(1L);
    seqs.sort(Long::compare);
    for (int i = 0; i < 40; i++) {
      assertEquals(i + 1L, seqs.get(i), "gapless and unique: " + seqs);
    }
    var page = messages.history(visitor, conversation, null, null, 100);
    assertEquals(40, page.messages().size());
  }

  @Test
  void aResendReturnsTheStoredMessageAndStoresNothing() {
    Participant visitor = newVisitor();
    String id = clientId();
    Posted first = messages.post(visitor, new SendCommand(null, id, "once"));
    Posted again = messages.post(visitor, new SendCommand(null, id, "once"));
    assertTrue(again.duplicate());
    assertEquals(first.message().id(), again.message().id());
    assertEquals(first.message().seq(), again.message().seq());
    assertEquals(
        1,
        messages
            .history(visitor, first.message().conversationId(), null, null, 10)
            .messages()
            .size());
  }

  @Test
  void authorisationAndValidation() {
    Participant owner = newVisitor();
    String conversation =
        messages.post(owner, new SendCommand(null, clientId(), "mine")).message().conversationId();
    Participant other = newVisitor();
    assertEquals(
        ErrorCode.FORBIDDEN,
        assertThrows(
                ChatException.class,
                () -> messages.post(other, new SendCommand(conversation, clientId(), "hi")))
            .code());
    assertEquals(
        ErrorCode.FORBIDDEN,
        assertThrows(
                ChatException.class, () -> messages.history(other, conversation, null, null, 5))
            .code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(
                ChatException.class,
                () -> messages.post(owner, new SendCommand("nope", clientId(), "hi")))
            .code());
    var login = agents.login(Infrastructure.AGENT, Infrastructure.AGENT_PASSWORD);
    Participant agent =
        credentials.authenticate(login.token(), Participant.Kind.AGENT).orElseThrow();
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                ChatException.class,
                () -> messages.post(agent, new SendCommand(null, clientId(), "hi")))
            .code());
    assertEquals(
        2,
        messages
            .post(agent, new SendCommand(conversation, clientId(), "agent reply"))
            .message()
            .seq());
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        assertThrows(ChatException.class, () -> agents.login(Infrastructure.AGENT, "wrong"))
            .code());
    assertTrue(
        credentials.authenticate(login.token(), Participant.Kind.VISITOR).isEmpty(),
        "kind checked");
  }

  @Test
  void onlyCommittedMessagesArePublished() {
    Participant visitor = newVisitor();
    try (JMSContext context = connectionFactory.createContext()) {
      JMSConsumer events = context.createConsumer(context.createTopic(Destinations.CHAT_EVENTS));
      String id = clientId();
      Posted posted = messages.post(visitor, new SendCommand(null, id, "published once"));
      String event = receiveFor(events, id);
      assertNotNull(event, "the committed message was published");
      assertTrue(event.contains(posted.message().id()));

      messages.post(visitor, new SendCommand(null, id, "published once"));
      assertNull(receiveFor(events, id), "a resend is not published again");

      Participant other = newVisitor();
      String refused = clientId();
      assertThrows(
          ChatException.class,
          () ->
              messages.post(
                  other, new SendCommand(posted.message().conversationId(), refused, "no")));
      assertNull(receiveFor(events, refused), "nothing published for a rolled-back send");
    }
  }

  /** The next event mentioning this clientId within a second, skipping others. */
  static String receiveFor(JMSConsumer consumer, String clientId) {
    long deadline = System.currentTimeMillis() + 1000;
    while (System.currentTimeMillis() < deadline) {
      String body =
          consumer.receiveBody(String.class, Math.max(1, deadline - System.currentTimeMillis()));
      if (body != null && body.contains(clientId)) {
        return body;
      }
    }
    return null;
  }
}
