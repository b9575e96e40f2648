package dev.switchboard.system;

import static dev.switchboard.system.ClusterIT.conversationOf;
import static dev.switchboard.system.ClusterIT.seq;
import static dev.switchboard.system.ProtocolIT.about;
import static dev.switchboard.system.ProtocolIT.agent;
import static dev.switchboard.system.TestCluster.MAIL_DELAY;
import static dev.switchboard.system.TestCluster.SMTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Mail notifications through a real SMTP server (GreenMail), sent by a cluster of two instances:
 * the visitor on A, agents on B, every instance consuming the mail queue.
 */
class MailIT {

  static final String VISITOR_UNREAD = "visitor_unread";
  static final String SUPPORT_UNREAD = "support_unread";
  static final String TRANSCRIPT = "transcript";

  static final String MAILS_SENT = "switchboard_mail_sent_total";
  static final String MAIL_FAILURES = "switchboard_mail_failures_total";

  /** Long enough for a job to be delivered and handled once it is due. */
  static final Duration MARGIN = Duration.ofSeconds(20);

  /** Waiting this long after a mail was due shows that no second one follows. */
  static final Duration AFTERWARDS = MAIL_DELAY.plusSeconds(3);

  static final String HOSTILE = "Unplug it <script>alert('x')</script> & <b>\"run\"</b>";

  record Visitor(String token, String email, ChatClient client) {}

  static Visitor visitor(String email, String nickname) {
    var body = Json.createObjectBuilder();
    if (email != null) {
      body.add("email", email);
    }
    if (nickname != null) {
      body.add("nickname", nickname);
    }
    var reply = Http.post(TestCluster.a(), "/api/visitors", body.build().toString());
    assertEquals(201, reply.status(), reply.body());
    String token = reply.json().getString("token");
    return new Visitor(
        token, email, ChatClient.authenticated(TestCluster.a(), "/ws/visitor", token));
  }

  static String newEmail() {
    return "visitor-" + UUID.randomUUID() + "@example.com";
  }

  /** Sends and returns the ack. */
  static JsonObject say(ChatClient client, String conversation, String text) {
    String clientId = "c-" + UUID.randomUUID();
    client.sendText(clientId, conversation, text);
    JsonObject ack = client.next("ack", f -> clientId.equals(f.getString("clientId")));
    assertNotNull(ack, "ack of " + text);
    return ack;
  }

  static ProtocolIT.Agent onlineAlice() {
    var alice = agent(TestCluster.b(), TestCluster.AGENT);
    alice.client().send("status", "status", "online");
    assertNotNull(alice.client().next("presence"));
    return alice;
  }

  /** Waits until the visitor hears that no agent is online (earlier tests' agents have left). */
  static void awaitNoAgentOnline(ChatClient visitor) {
    assertNotNull(
        visitor.next(
            f -> "presence".equals(f.getString("type")) && f.getInt("agentsOnline", -1) == 0,
            TestCluster.PRESENCE_GRACE.plusSeconds(20)),
        "no agent online");
  }

  static String to(MimeMessage mail) throws Exception {
    return ((InternetAddress) mail.getAllRecipients()[0]).getAddress();
  }

  static int deadLetters() {
    var reply = Http.get(TestCluster.a(), "/health/ready", null);
    return reply.json().getJsonArray("checks").stream()
        .map(JsonValue::asJsonObject)
        .filter(c -> "mail".equals(c.getString("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mail check in " + reply.body()))
        .getJsonObject("data")
        .getString("deadLetters")
        .transform(Integer::parseInt); // Payara writes health data as strings
  }

  @Test
  void unreadRepliesMailTheVisitorOnceWithEveryReplyEscaped() throws Exception {
    String email = newEmail();
    var visitor = visitor(email, "Dana");
    String conversation;
    try (var alice = onlineAlice()) {
      JsonObject first = say(visitor.client(), null, "My printer is on fire");
      conversation = conversationOf(first);
      assertNotNull(alice.client().next("message", about(conversation)));
      alice.client().send("read", "conversationId", conversation, "upToSeq", seq(first));
      say(alice.client(), conversation, HOSTILE);
      say(alice.client(), conversation, "Then call facilities.");
    } finally {
      visitor.client().close(); // the visitor closed the tab: nobody reads the replies
    }

    List<MimeMessage> mails = SMTP.await(conversation, VISITOR_UNREAD, 1, MAIL_DELAY.plus(MARGIN));
    assertEquals(1, mails.size(), "one mail for both replies");
    MimeMessage mail = mails.get(0);
    assertEquals(email, to(mail));
    assertTrue(mail.getSubject().contains("Switchboard"), mail.getSubject());
    assertTrue(mail.getSubject().contains(TestCluster.AGENT), mail.getSubject());
    String text = Smtp.part(mail, "text/plain");
    String html = Smtp.part(mail, "text/html");
    String link = TestCluster.PUBLIC_URL + "/?conversation=" + conversation;
    assertTrue(text.contains(HOSTILE), text);
    assertTrue(text.contains("Then call facilities."), text);
    assertTrue(text.contains(link), text);
    assertTrue(html.contains("Unplug it &lt;script&gt;alert("), html);
    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<b>"), html);
    assertTrue(html.contains("Then call facilities."), html);
    assertTrue(html.contains("href=\"" + link + "\""), html);
    assertFalse(text.contains("My printer is on fire"), "only the replies: " + text);

    // The second reply's job is due within this time.
    Poll.stays(
        "one mail to the visitor, none to support (alice read in time)",
        AFTERWARDS,
        () ->
            List.of(
                SMTP.about(conversation, VISITOR_UNREAD).size(),
                SMTP.about(conversation, SUPPORT_UNREAD).size()),
        List.of(1, 0));
  }

  /** Issue 26: a mail still to go shows the replies as they are when it goes. */
  @Test
  void theUnreadMailShowsEditedTextAndLeavesRemovedRepliesOut() throws Exception {
    var visitor = visitor(newEmail(), "Olga");
    String conversation;
    try (var alice = onlineAlice()) {
      JsonObject first = say(visitor.client(), null, "Outlook keeps crashing");
      conversation = conversationOf(first);
      assertNotNull(alice.client().next("message", about(conversation)));
      alice.client().send("read", "conversationId", conversation, "upToSeq", seq(first));
      String typo =
          say(alice.client(), conversation, "Tyr safe mode")
              .getJsonObject("message")
              .getString("id");
      String wrong =
          say(alice.client(), conversation, "Reinstall Windows")
              .getJsonObject("message")
              .getString("id");
      alice
          .client()
          .send(
              "edit",
              "ref",
              "e",
              "conversationId",
              conversation,
              "messageId",
              typo,
              "text",
              "Try safe mode");
      assertNotNull(alice.client().next("message", f -> "e".equals(f.getString("ref", null))));
      alice.client().send("delete", "ref", "d", "conversationId", conversation, "messageId", wrong);
      assertNotNull(alice.client().next("message", f -> "d".equals(f.getString("ref", null))));
    } finally {
      visitor.client().close();
    }
    List<MimeMessage> mails = SMTP.await(conversation, VISITOR_UNREAD, 1, MAIL_DELAY.plus(MARGIN));
    assertEquals(1, mails.size());
    String text = Smtp.part(mails.get(0), "text/plain");
    assertTrue(text.contains("Try safe mode"), text);
    assertFalse(text.contains("Tyr safe mode"), text);
    assertFalse(text.contains("Reinstall Windows"), text);
  }

  @Test
  void readingInTimeCancelsTheMails() throws Exception {
    var visitor = visitor(newEmail(), null);
    String conversation;
    try (var alice = onlineAlice();
        var client = visitor.client()) {
      JsonObject first = say(client, null, "Is the VPN down?");
      conversation = conversationOf(first);
      assertNotNull(alice.client().next("message", about(conversation)));
      alice.client().send("read", "conversationId", conversation, "upToSeq", seq(first));
      JsonObject reply = say(alice.client(), conversation, "Yes, for ten minutes.");
      assertNotNull(client.next("message", about(conversation)));
      client.send("read", "conversationId", conversation, "upToSeq", seq(reply));
      Poll.stays(
          "no mail to either side",
          MAIL_DELAY.plus(AFTERWARDS),
          () ->
              SMTP.about(conversation, VISITOR_UNREAD).size()
                  + SMTP.about(conversation, SUPPORT_UNREAD).size(),
          0);
    }
  }

  @Test
  void aVisitorNobodyReadsMailsTheSupportMailboxOnce() throws Exception {
    var visitor = visitor(null, "Erik");
    String conversation;
    try (var alice = onlineAlice();
        var client = visitor.client()) {
      conversation = conversationOf(say(client, null, "Hello? <i>anyone</i>"));
      say(client, conversation, "My badge stopped working.");
      assertNotNull(alice.client().next("message", about(conversation)));
      // An agent is online: the mail waits for the delay, in case they read it.
      Poll.stays(
          "not before the delay",
          Duration.ofSeconds(1),
          () -> SMTP.about(conversation, SUPPORT_UNREAD).size(),
          0);

      List<MimeMessage> mails =
          SMTP.await(conversation, SUPPORT_UNREAD, 1, MAIL_DELAY.plus(MARGIN));
      assertEquals(1, mails.size());
      MimeMessage mail = mails.get(0);
      assertEquals(TestCluster.SUPPORT_MAILBOX, to(mail));
      assertTrue(mail.getSubject().contains("Erik"), mail.getSubject());
      String text = Smtp.part(mail, "text/plain");
      assertTrue(text.contains("Hello? <i>anyone</i>"), text);
      assertTrue(text.contains("My badge stopped working."), text);
      assertTrue(text.contains(TestCluster.PUBLIC_URL + "/console/#" + conversation), text);
      assertTrue(Smtp.part(mail, "text/html").contains("Hello? &lt;i&gt;anyone&lt;/i&gt;"));

      // The second message's job is due within this time.
      Poll.stays(
          "one mail per wait",
          AFTERWARDS,
          () -> SMTP.about(conversation, SUPPORT_UNREAD).size(),
          1);
    }
  }

  @Test
  void theAssigneeGetsTheMailInsteadOfTheMailbox() throws Exception {
    var visitor = visitor(null, null);
    try (var alice = onlineAlice();
        var client = visitor.client()) {
      String conversation = conversationOf(say(client, null, "Please call me back."));
      alice.client().send("claim", "conversationId", conversation);
      assertNotNull(alice.client().next("conversation", about(conversation)));

      List<MimeMessage> mails =
          SMTP.await(conversation, SUPPORT_UNREAD, 1, MAIL_DELAY.plus(MARGIN));
      assertEquals(1, mails.size());
      assertEquals(TestCluster.AGENT_EMAIL, to(mails.get(0)));
      assertTrue(Smtp.part(mails.get(0), "text/plain").contains("Please call me back."));
    }
  }

  @Test
  void withNoAgentOnlineTheMailGoesAtOnce() throws Exception {
    var visitor = visitor(null, null);
    try (var client = visitor.client()) {
      awaitNoAgentOnline(client);
      double mailsSent = MetricsIT.total(MAILS_SENT);
      long sent = System.nanoTime();
      String conversation = conversationOf(say(client, null, "Anybody there at night?"));
      List<MimeMessage> mails =
          SMTP.await(conversation, SUPPORT_UNREAD, 1, MAIL_DELAY.minusSeconds(1));
      assertEquals(1, mails.size(), "mailed before the delay ran out");
      assertTrue(Duration.ofNanos(System.nanoTime() - sent).compareTo(MAIL_DELAY) < 0);
      assertTrue(MetricsIT.total(MAILS_SENT) >= mailsSent + 1, "counted in the metrics");
    }
  }

  /**
   * With nobody online each job of a conversation is due at once, so while its visitor keeps
   * writing a job is running most of the time, and sends and jobs update the same mail row. They
   * must never deadlock over it: PostgreSQL would pick a victim and the send be tried again, so the
   * client sees nothing; the instances' logs tell.
   */
  @Test
  void aVisitorWritingFastWithNobodyOnlineNeverDeadlocksWithTheMailJobs() throws Exception {
    var visitor = visitor(null, null);
    try (var client = visitor.client()) {
      awaitNoAgentOnline(client);
      String conversation = conversationOf(say(client, null, "Hello? Hello?"));
      int count = 1000;
      for (int i = 0; i < count; i++) {
        client.sendText("fast-" + i, conversation, "again " + i);
      }
      assertEquals(count, client.collect(count, Duration.ofSeconds(60), "ack").size());
    }
    for (var instance : TestCluster.get().instances()) {
      assertFalse(
          Files.readString(instance.log()).contains("deadlock detected"),
          "a deadlock in " + instance.log());
    }
  }

  @Test
  void theTranscriptComesOnResolveWithoutNotes() throws Exception {
    var visitor = visitor(null, "Finn");
    String conversation;
    try (var alice = onlineAlice();
        var client = visitor.client()) {
      conversation = conversationOf(say(client, null, "How do I reset my password?"));

      client.send("transcript", "ref", "t1", "conversationId", conversation, "wanted", true);
      JsonObject refused = client.next("error", f -> "t1".equals(f.getString("ref", null)));
      assertNotNull(refused);
      assertEquals("bad_request", refused.getString("code"), "no email to send it to yet");

      String email = newEmail();
      client.send("profile", "ref", "p1", "email", email);
      assertNotNull(client.next("profile", f -> "p1".equals(f.getString("ref", null))));
      client.send("transcript", "ref", "t2", "conversationId", conversation, "wanted", true);
      JsonObject answer = client.next("conversation", f -> "t2".equals(f.getString("ref", null)));
      assertNotNull(answer);
      assertTrue(answer.getJsonObject("conversation").getBoolean("transcript"));
      assertNotNull(
          alice
              .client()
              .next(
                  "conversation",
                  about(conversation)
                      .and(f -> f.getJsonObject("conversation").getBoolean("transcript"))),
          "agents see that the visitor wants the transcript");

      // Another visitor cannot ask for this conversation's transcript.
      try (var other = visitor(newEmail(), null).client()) {
        other.send("transcript", "ref", "t3", "conversationId", conversation, "wanted", true);
        JsonObject forbidden = other.next("error", f -> "t3".equals(f.getString("ref", null)));
        assertNotNull(forbidden);
        assertEquals("forbidden", forbidden.getString("code"));
      }

      JsonObject reply = say(alice.client(), conversation, "Use the self-service <portal>.");
      alice
          .client()
          .send("note", "conversationId", conversation, "clientId", "n1", "text", "SECRET note");
      assertNotNull(alice.client().next("ack", f -> "n1".equals(f.getString("clientId"))));
      client.send("read", "conversationId", conversation, "upToSeq", seq(reply));
      alice.client().send("resolve", "ref", "r1", "conversationId", conversation);
      assertNotNull(
          alice.client().next("conversation", f -> "r1".equals(f.getString("ref", null))));

      List<MimeMessage> mails = SMTP.await(conversation, TRANSCRIPT, 1, MARGIN);
      assertEquals(1, mails.size());
      MimeMessage mail = mails.get(0);
      assertEquals(email, to(mail));
      String text = Smtp.part(mail, "text/plain");
      String html = Smtp.part(mail, "text/html");
      assertTrue(text.contains("How do I reset my password?"), text);
      assertTrue(text.contains("Use the self-service <portal>."), text);
      assertTrue(text.contains("marked the conversation as resolved"), text);
      assertTrue(html.contains("Use the self-service &lt;portal&gt;."), html);
      assertFalse(text.contains("SECRET"), text);
      assertFalse(html.contains("SECRET"), html);
    }
    Poll.stays(
        "one transcript",
        Duration.ofSeconds(2),
        () -> SMTP.about(conversation, TRANSCRIPT).size(),
        1);
  }

  @Test
  void anSmtpOutageDelaysTheMailButNeitherLosesNorDoublesIt() throws Exception {
    var visitor = visitor(null, null);
    String conversation;
    try (var client = visitor.client()) {
      awaitNoAgentOnline(client);
      double failures = MetricsIT.total(MAIL_FAILURES);
      SMTP.stop();
      try {
        conversation = conversationOf(say(client, null, "Sent while the mail server is down"));
        // Attempts at about 0, 1 and 3 s fail.
        Poll.await(
            "failures counted",
            Duration.ofSeconds(10),
            () -> MetricsIT.total(MAIL_FAILURES) >= failures + 1);
        assertEquals(List.of(), SMTP.about(conversation, SUPPORT_UNREAD));
      } finally {
        SMTP.start();
      }
    }
    List<MimeMessage> mails = SMTP.await(conversation, SUPPORT_UNREAD, 1, MARGIN);
    assertEquals(1, mails.size(), "delivered once the server is back");
    // Later attempts would come within this time.
    Poll.stays(
        "and only once",
        Duration.ofSeconds(10),
        () -> SMTP.about(conversation, SUPPORT_UNREAD).size(),
        1);
    assertTrue(loggedFailure(conversation), "the failed attempts are in an instance's log");
  }

  @Test
  void aMailThatKeepsFailingEndsInTheDeadLetterQueue() throws Exception {
    int before = deadLetters();
    var visitor = visitor(null, null);
    String conversation;
    try (var client = visitor.client()) {
      awaitNoAgentOnline(client);
      SMTP.stop();
      try {
        conversation = conversationOf(say(client, null, "Nobody will ever read this by mail"));
        // Attempts at about 0, 1, 3, 7 and 15 s, then the dead-letter queue.
        assertEquals(
            before + 1, Poll.until(Duration.ofSeconds(60), MailIT::deadLetters, n -> n != before));
        var metrics = Http.get(TestCluster.b(), "/metrics", null);
        assertEquals(200, metrics.status());
        double gauge =
            metrics
                .body()
                .lines()
                .filter(l -> l.startsWith("switchboard_mail_deadLetters"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(metrics.body()));
        assertEquals(before + 1, gauge, 0.0);
      } finally {
        SMTP.start();
      }
    }
    Poll.stays(
        "dead, not sent by itself",
        Duration.ofSeconds(3),
        () -> SMTP.about(conversation, SUPPORT_UNREAD).size(),
        0);
    assertTrue(loggedFailure(conversation));
  }

  private static boolean loggedFailure(String conversation) throws Exception {
    for (var instance : TestCluster.get().instances()) {
      if (Files.readString(instance.log())
          .lines()
          .anyMatch(l -> l.contains(conversation) && l.contains("failed (attempt"))) {
        return true;
      }
    }
    return false;
  }
}
