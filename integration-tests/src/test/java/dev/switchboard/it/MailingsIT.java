package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.SendCommand;
import dev.switchboard.notifications.boundary.MailJob;
import dev.switchboard.notifications.boundary.Mailings;
import dev.switchboard.notifications.boundary.Notifications;
import dev.switchboard.notifications.control.MailSender;
import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.Database;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mail without an SMTP server (this container has none configured, like a first local run): a due
 * mail is written to the log, once, after travelling the mail queue to the message-driven bean.
 */
@ExtendWith(ArquillianExtension.class)
class MailingsIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.war("mailings-it", MailingsIT.class);
  }

  @EJB Mailings mailings;

  @EJB Messages messages;

  @EJB Visitors visitors;

  @EJB Credentials credentials;

  @EJB Agents agents;

  @EJB Conversations conversations;

  @EJB Notifications notifications;

  @Resource(lookup = Database.JNDI_NAME)
  DataSource dataSource;

  /** Collects what the mail sender logs. */
  static final class Captured extends Handler {
    final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void withoutAnSmtpServerATranscriptIsNotSentAndTheLogSaysSoOnceWithoutItsContent()
      throws Exception {
    String email = "log-" + UUID.randomUUID() + "@example.com";
    var registration = visitors.register("Lou", email);
    Participant visitor =
        credentials.authenticate(registration.token(), Participant.Kind.VISITOR).orElseThrow();
    String conversation =
        messages
            .post(visitor, new SendCommand(null, UUID.randomUUID().toString(), "hello"))
            .message()
            .conversationId();
    var login = agents.login(Infrastructure.AGENT, Infrastructure.AGENT_PASSWORD);
    Participant agent =
        credentials.authenticate(login.token(), Participant.Kind.AGENT).orElseThrow();
    messages.post(
        agent, new SendCommand(conversation, UUID.randomUUID().toString(), "Reply <for> Lou"));
    messages.post(
        agent,
        new SendCommand(
            conversation, UUID.randomUUID().toString(), "internal only", null, null, true, null));

    Logger logger = Logger.getLogger(MailSender.class.getName());
    var captured = new Captured();
    logger.addHandler(captured);
    try {
      conversations.requestTranscript(visitor, conversation, true, null);
      conversations.resolve(agent, conversation, null); // the job goes through the queue
      long end = System.nanoTime() + 20_000_000_000L;
      while (mailsOf(captured, "transcript", conversation).isEmpty() && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      long resolvedSeq = conversations.summary(agent, conversation).lastMessage().seq();
      mailings.deliver(new MailJob(MailJob.Kind.TRANSCRIPT, conversation, resolvedSeq));
      List<String> mails = mailsOf(captured, "transcript", conversation);
      assertEquals(1, mails.size(), "once: " + captured.messages);
      assertTrue(mails.get(0).contains("not sent"), mails.get(0));
      // What people wrote, and where they are, stays out of the log (MailIT reads the mail).
      for (String line : captured.messages) {
        for (String kept : List.of(email, "hello", "Reply <for> Lou", "internal only")) {
          assertFalse(line.contains(kept), kept + " in the log: " + line);
        }
      }
    } finally {
      logger.removeHandler(captured);
    }
  }

  /**
   * A job is queued after its send commits, so an instance that stops in between loses it; its mark
   * stays pending, and the sweep queues it again once no job of it can still be underway.
   */
  @Test
  void aJobLostAfterItsSendIsQueuedAgainByTheSweep() throws Exception {
    String email = "sweep-" + UUID.randomUUID() + "@example.com";
    Participant visitor =
        credentials
            .authenticate(visitors.register("Sam", email).token(), Participant.Kind.VISITOR)
            .orElseThrow();
    String conversation =
        messages
            .post(visitor, new SendCommand(null, UUID.randomUUID().toString(), "hello"))
            .message()
            .conversationId();
    Participant agent =
        credentials
            .authenticate(
                agents.login(Infrastructure.AGENT, Infrastructure.AGENT_PASSWORD).token(),
                Participant.Kind.AGENT)
            .orElseThrow();
    messages.post(
        agent, new SendCommand(conversation, UUID.randomUUID().toString(), "Are you still there?"));
    // Its job is two minutes away (the delay); as if it had been lost a day ago:
    try (var sql = dataSource.getConnection();
        var mark =
            sql.prepareStatement(
                "update mail_notice set pending_since = now() - interval '1 day'"
                    + " where conversation_id = ? and kind = 'visitor_unread'");
        var age =
            sql.prepareStatement(
                "update message set created_at = created_at - interval '1 day'"
                    + " where conversation_id = ?")) {
      mark.setString(1, conversation);
      assertEquals(1, mark.executeUpdate());
      age.setString(1, conversation);
      age.executeUpdate();
    }

    Logger logger = Logger.getLogger(MailSender.class.getName());
    var captured = new Captured();
    logger.addHandler(captured);
    try {
      notifications.requeueStale();
      long end = System.nanoTime() + 20_000_000_000L;
      while (mailsOf(captured, "visitor_unread", conversation).isEmpty()
          && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      List<String> mails = mailsOf(captured, "visitor_unread", conversation);
      assertEquals(1, mails.size(), "mailed by the requeued job: " + captured.messages);
      assertFalse(mails.get(0).contains("Are you still there?"), mails.get(0));
    } finally {
      logger.removeHandler(captured);
    }
  }

  /** The log's lines about mails of this kind for this conversation (no SMTP server here). */
  private static List<String> mailsOf(Captured captured, String kind, String conversation) {
    return captured.messages.stream()
        .filter(m -> m.contains(kind + " of conversation " + conversation))
        .toList();
  }
}
