package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.jms.Destinations;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.Posted;
import dev.switchboard.messages.boundary.SendCommand;
import dev.switchboard.messages.boundary.SendQueue;
import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Database;
import dev.switchboard.platform.ErrorCode;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The send use case in a real Payara Micro, against PostgreSQL and Artemis. */
@ExtendWith(ArquillianExtension.class)
class MessagesIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.war("messages-it", MessagesIT.class);
  }

  @EJB Messages messages;

  @Inject SendQueue sendQueue;

  @EJB Visitors visitors;

  @EJB Credentials credentials;

  @EJB Agents agents;

  @Resource ManagedExecutorService executor;

  @Resource(lookup = Database.JNDI_NAME)
  DataSource dataSource;

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

  /**
   * The idempotency key is the sender's: a visitor who sends with the clientId of an agent's note
   * stores a message of their own instead of being answered with the note.
   */
  @Test
  void aClientIdIsKeyedToItsSender() {
    Participant visitor = newVisitor();
    String conversation = openConversation(visitor);
    var login = agents.login(Infrastructure.AGENT, Infrastructure.AGENT_PASSWORD);
    Participant agent =
        credentials.authenticate(login.token(), Participant.Kind.AGENT).orElseThrow();
    String id = clientId();
    var note =
        new SendCommand(conversation, id, "internal: refund approved", null, null, true, null);
    Posted stored = messages.post(agent, note);

    Posted visitors = messages.post(visitor, new SendCommand(conversation, id, "mine"));
    assertFalse(visitors.duplicate());
    assertNotEquals(stored.message().id(), visitors.message().id());
    assertEquals("mine", visitors.message().text());
    assertEquals(visitor.id(), visitors.message().sender().id());

    Posted resent = messages.post(agent, note);
    assertTrue(resent.duplicate(), "the agent's own resend is still a resend");
    assertEquals(stored.message().id(), resent.message().id());
    Posted visitorsResend = messages.post(visitor, new SendCommand(conversation, id, "mine"));
    assertTrue(visitorsResend.duplicate());
    assertEquals(visitors.message().id(), visitorsResend.message().id());
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
      assertNull(receiveFor(events, refused), "nothing published for a refused send");
    }
  }

  String openConversation(Participant visitor) {
    return messages
        .post(visitor, new SendCommand(null, clientId(), "open"))
        .message()
        .conversationId();
  }

  static Messages.Send send(Participant sender, String conversationId, String clientId) {
    return new Messages.Send(sender, new SendCommand(conversationId, clientId, "text " + clientId));
  }

  @Test
  void aBatchStoresItsSendsInOrderAcrossConversationsAndKnowsItsOwnResends() {
    Participant one = newVisitor();
    Participant two = newVisitor();
    String first = openConversation(one);
    String second = openConversation(two);
    String again = clientId();
    List<Posted> posted =
        posted(
            messages.postAll(
                List.of(
                    send(two, second, clientId()),
                    send(one, first, again),
                    send(one, first, clientId()),
                    send(one, first, again),
                    send(two, second, clientId()))));
    assertEquals(List.of(2L, 2L, 3L, 2L, 3L), posted.stream().map(p -> p.message().seq()).toList());
    assertEquals(
        List.of(false, false, false, true, false), posted.stream().map(Posted::duplicate).toList());
    assertEquals(posted.get(1).message().id(), posted.get(3).message().id(), "the resend");
    assertEquals(3, messages.history(one, first, null, null, 10).messages().size());
    assertEquals(3, messages.history(two, second, null, null, 10).messages().size());
  }

  @Test
  void aBatchsEventsTravelTheTopicInOneMessageInOrder() {
    Participant visitor = newVisitor();
    String conversation = openConversation(visitor);
    List<String> clientIds = List.of(clientId(), clientId(), clientId());
    try (JMSContext context = connectionFactory.createContext()) {
      JMSConsumer events = context.createConsumer(context.createTopic(Destinations.CHAT_EVENTS));
      messages.postAll(clientIds.stream().map(id -> send(visitor, conversation, id)).toList());
      String body = receiveFor(events, clientIds.get(0));
      assertNotNull(body, "the batch was published");
      // Events committed just before (the opening message's) may share the broker message.
      List<String> ours =
          Stream.of(body.split("\n"))
              .filter(line -> clientIds.stream().anyMatch(line::contains))
              .toList();
      assertEquals(3, ours.size(), body);
      for (int i = 0; i < 3; i++) {
        // Named for the instance that sent it: it delivers it to its own sockets itself.
        assertTrue(ours.get(i).matches("MessagePosted [0-9a-f-]{36} \\{.*"), ours.get(i));
        assertTrue(ours.get(i).contains(clientIds.get(i)), ours.get(i));
      }
    }
  }

  @Test
  void aVisitorsFirstSendsInOneBatchOpenOneConversation() {
    Participant visitor = newVisitor();
    List<Posted> posted =
        posted(
            messages.postAll(
                List.of(send(visitor, null, clientId()), send(visitor, null, clientId()))));
    assertEquals(
        posted.get(0).message().conversationId(), posted.get(1).message().conversationId());
    assertEquals(List.of(1L, 2L), posted.stream().map(p -> p.message().seq()).toList());
  }

  static List<Posted> posted(List<Messages.Outcome> outcomes) {
    return outcomes.stream().map(Messages.Outcome::get).toList();
  }

  /** The statement stores each send on its own merits: a refusal answers its send only. */
  @Test
  void aRefusalInABatchAnswersItsSendAndTheOthersAreStored() {
    Participant owner = newVisitor();
    Participant other = newVisitor();
    String mine = openConversation(owner);
    String theirs = openConversation(other);
    List<Messages.Outcome> outcomes =
        messages.postAll(
            List.of(
                send(owner, mine, clientId()),
                send(other, mine, clientId()),
                send(other, "no-such-conversation", clientId()),
                send(other, theirs, clientId())));
    assertEquals(2L, outcomes.get(0).get().message().seq());
    assertEquals(ErrorCode.FORBIDDEN, ((ChatException) outcomes.get(1).refusal()).code());
    assertEquals(ErrorCode.NOT_FOUND, ((ChatException) outcomes.get(2).refusal()).code());
    assertEquals(2L, outcomes.get(3).get().message().seq());
    assertEquals(2, messages.history(owner, mine, null, null, 10).messages().size());
    assertEquals(2, messages.history(other, theirs, null, null, 10).messages().size());
  }

  /**
   * A batch over several conversations never waits holding a lock (it could deadlock with routing,
   * which locks conversations oldest first): while another transaction holds one conversation, the
   * batch stores the other's send, leaves that conversation free, and stores the held one's alone
   * once it is released.
   */
  @Test
  void aBatchWaitsForNoConversationWhileHoldingAnother() throws Exception {
    Participant one = newVisitor();
    Participant two = newVisitor();
    String held = openConversation(one);
    String free = openConversation(two);
    try (var holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (var lock =
          holder.prepareStatement("select 1 from conversation where id = ? for update")) {
        lock.setString(1, held);
        lock.executeQuery();
      }
      Future<List<Messages.Outcome>> batch =
          executor.submit(
              () ->
                  messages.postAll(
                      List.of(send(one, held, clientId()), send(two, free, clientId()))));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (messages.history(two, free, null, null, 10).messages().size() < 2) {
        assertTrue(System.nanoTime() < deadline, "the free conversation's send was not stored");
        Thread.sleep(20);
      }
      try (var other = dataSource.getConnection();
          var lock =
              other.prepareStatement("select 1 from conversation where id = ? for update nowait")) {
        lock.setString(1, free);
        lock.executeQuery(); // throws if the waiting batch still held it
      }
      assertFalse(batch.isDone(), "the held conversation's send waits");
      holder.commit();
      List<Posted> posted = posted(batch.get(20, TimeUnit.SECONDS));
      assertEquals(List.of(2L, 2L), posted.stream().map(p -> p.message().seq()).toList());
    }
  }

  /**
   * Whether an agent may write into a conversation is decided by the statement that stores the send
   * (nothing stored is taken back after it): its team, its assignee, or a supervisor.
   */
  @Test
  void anAgentWritesOnlyIntoTheConversationsTheySee() throws Exception {
    Participant visitor = newVisitor();
    String conversation = openConversation(visitor);
    String team;
    try (var sql = dataSource.getConnection();
        var query = sql.prepareStatement("select team_id from conversation where id = ?")) {
      query.setString(1, conversation);
      var row = query.executeQuery();
      row.next();
      team = row.getString(1);
    }
    var login = agents.login(Infrastructure.AGENT, Infrastructure.AGENT_PASSWORD);
    Participant agent =
        credentials.authenticate(login.token(), Participant.Kind.AGENT).orElseThrow();
    Participant outsider = agent.withAccess("agent", Set.of("another-team"));
    Participant member = agent.withAccess("agent", Set.of("another-team", team));
    Participant supervisor = agent.withAccess("supervisor", Set.of());
    String refused = clientId();
    assertEquals(
        ErrorCode.FORBIDDEN,
        assertThrows(
                ChatException.class,
                () -> messages.post(outsider, new SendCommand(conversation, refused, "no")))
            .code());
    assertEquals(
        2L, messages.post(member, new SendCommand(conversation, clientId(), "in")).message().seq());
    assertEquals(
        3L,
        messages.post(supervisor, new SendCommand(conversation, clientId(), "in")).message().seq());
    assertEquals(3, messages.history(visitor, conversation, null, null, 10).messages().size());
  }

  /** A reply's mail job is marked only when the visitor gave an address to tell them at. */
  @Test
  void aReplyMarksItsMailJobOnlyForAVisitorWithAnAddress() throws Exception {
    Participant silent = newVisitor();
    var registration = visitors.register("Ida", "ida-" + UUID.randomUUID() + "@example.com");
    Participant reachable =
        credentials.authenticate(registration.token(), Participant.Kind.VISITOR).orElseThrow();
    String withoutAddress = openConversation(silent);
    String withAddress = openConversation(reachable);
    var login = agents.login(Infrastructure.AGENT, Infrastructure.AGENT_PASSWORD);
    Participant agent =
        credentials.authenticate(login.token(), Participant.Kind.AGENT).orElseThrow();
    messages.postAll(
        List.of(send(agent, withoutAddress, clientId()), send(agent, withAddress, clientId())));
    try (var sql = dataSource.getConnection();
        var pending =
            sql.prepareStatement(
                "select conversation_id from mail_notice where kind = 'visitor_unread'"
                    + " and pending_since is not null and conversation_id in (?, ?)")) {
      pending.setString(1, withoutAddress);
      pending.setString(2, withAddress);
      var rows = pending.executeQuery();
      var marked = new ArrayList<String>();
      while (rows.next()) {
        marked.add(rows.getString(1));
      }
      assertEquals(List.of(withAddress), marked);
    }
  }

  @Test
  void aBatchMarksOneMailJobPendingPerConversationAndKind() throws Exception {
    Participant one = newVisitor();
    Participant two = newVisitor();
    String first = openConversation(one);
    String second = openConversation(two);
    try (var sql = dataSource.getConnection()) {
      sql.createStatement()
          .executeUpdate(
              "update mail_notice set pending_since = null where conversation_id in ('"
                  + first
                  + "', '"
                  + second
                  + "')");
    }
    messages.postAll(
        List.of(
            send(one, first, clientId()),
            send(two, second, clientId()),
            send(one, first, clientId())));
    try (var sql = dataSource.getConnection();
        var pending =
            sql.prepareStatement(
                "select conversation_id from mail_notice where kind = 'support_unread'"
                    + " and pending_since is not null and conversation_id in (?, ?)")) {
      pending.setString(1, first);
      pending.setString(2, second);
      var rows = pending.executeQuery();
      var marked = new ArrayList<String>();
      while (rows.next()) {
        marked.add(rows.getString(1));
      }
      marked.sort(String::compareTo);
      var expected = new ArrayList<>(List.of(first, second));
      expected.sort(String::compareTo);
      assertEquals(expected, marked);
    }
  }

  /**
   * A send finding its writer idle is stored by the calling thread, the others are queued for the
   * writer: mixed, none is lost, answered twice or reordered. Several senders at once, each writing
   * its messages one after another as a socket does.
   */
  @Test
  void everySendIsStoredOnceAndInOrderWhicheverThreadStoresIt() throws Exception {
    int each = 40;
    var senders = new ArrayList<Participant>();
    var conversations = new ArrayList<String>();
    var runs = new ArrayList<Future<List<Long>>>();
    for (int s = 0; s < 6; s++) {
      Participant sender = newVisitor();
      String conversation = openConversation(sender);
      senders.add(sender);
      conversations.add(conversation);
      Callable<List<Long>> writes =
          () -> {
            var seqs = new ArrayList<Long>();
            for (int i = 0; i < each; i++) {
              var command = new SendCommand(conversation, clientId(), "m" + i);
              seqs.add(sendQueue.post(sender, command).message().seq());
            }
            return seqs;
          };
      runs.add(executor.submit(writes));
    }
    for (int s = 0; s < senders.size(); s++) {
      List<Long> seqs = runs.get(s).get();
      var history =
          messages.history(senders.get(s), conversations.get(s), null, null, 100).messages();
      assertEquals(each + 1, history.size(), "the opening message and every send, once");
      for (int i = 0; i < each; i++) {
        assertEquals(i + 2L, seqs.get(i), "answered in the order sent");
        assertEquals("m" + i, history.get(i + 1).text());
        assertEquals(i + 2L, history.get(i + 1).seq());
      }
    }
  }

  @Test
  void theQueueAnswersEverySendOfABatchThatOneRefusalSpoilt() throws Exception {
    Participant owner = newVisitor();
    String mine = openConversation(owner);
    var senders = new ArrayList<Participant>();
    var conversations = new ArrayList<String>();
    for (int i = 0; i < 60; i++) {
      Participant sender = newVisitor();
      senders.add(sender);
      // Every tenth writes into someone else's conversation.
      conversations.add(i % 10 == 9 ? mine : openConversation(sender));
    }
    var outcomes = new ArrayList<Future<Object>>();
    for (int i = 0; i < 60; i++) {
      Participant sender = senders.get(i);
      String conversation = conversations.get(i);
      Callable<Object> post =
          () -> {
            try {
              return sendQueue.post(sender, new SendCommand(conversation, clientId(), "q"));
            } catch (ChatException e) {
              return e.code();
            }
          };
      outcomes.add(executor.submit(post));
    }
    int stored = 0;
    int refused = 0;
    for (Future<Object> f : outcomes) {
      Object outcome = f.get();
      if (outcome instanceof Posted p) {
        assertEquals(2, p.message().seq());
        stored++;
      } else {
        assertEquals(ErrorCode.FORBIDDEN, outcome);
        refused++;
      }
    }
    assertEquals(54, stored);
    assertEquals(6, refused);
    assertEquals(1, messages.history(owner, mine, null, null, 10).messages().size());
  }

  /** The next event mentioning this clientId within a second, skipping others. */
  static String receiveFor(JMSConsumer consumer, String clientId) {
    long deadline = System.currentTimeMillis() + 1000;
    while (System.currentTimeMillis() < deadline) {
      byte[] bytes =
          consumer.receiveBody(byte[].class, Math.max(1, deadline - System.currentTimeMillis()));
      String body = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
      if (body != null && body.contains(clientId)) {
        return body;
      }
    }
    return null;
  }
}
