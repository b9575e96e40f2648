package dev.switchboard.notifications.control;

import dev.switchboard.notifications.boundary.Mail;
import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Metric;

/**
 * The Jakarta Mail session of {@code SWITCHBOARD_SMTP_*}. Without a host (the local default) mails
 * are not sent and the log says which (kind and conversation, never addresses or text), so the
 * product runs without a mail server.
 */
@ApplicationScoped
public class MailSender {

  private static final Logger LOG = Logger.getLogger(MailSender.class.getName());
  private static final String TIMEOUT_MS = "15000";

  @Inject
  @ConfigProperty(name = Config.SMTP_HOST)
  Optional<String> host;

  @Inject
  @ConfigProperty(name = Config.SMTP_PORT, defaultValue = "25")
  int port;

  @Inject
  @ConfigProperty(name = Config.SMTP_STARTTLS, defaultValue = "false")
  boolean startTls;

  @Inject
  @ConfigProperty(name = Config.SMTP_USER)
  Optional<String> user;

  @Inject
  @ConfigProperty(name = Config.SMTP_PASSWORD)
  Optional<String> password;

  @Inject
  @ConfigProperty(name = Config.SMTP_FROM, defaultValue = "Switchboard <switchboard@localhost>")
  String from;

  @Inject
  @Metric(
      name = "switchboard.mail.sent",
      absolute = true,
      description = "Mails the SMTP server took from this instance")
  Counter sent;

  private Session session;

  @PostConstruct
  void configure() {
    if (host.isEmpty()) {
      LOG.info("no " + Config.SMTP_HOST + ": mails are not sent (the log says which)");
      return;
    }
    var properties = new Properties();
    properties.put("mail.smtp.host", host.get());
    properties.put("mail.smtp.port", Integer.toString(port));
    properties.put("mail.smtp.auth", Boolean.toString(user.isPresent()));
    // Required, not merely enabled: credentials never travel in clear.
    properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
    properties.put("mail.smtp.starttls.required", Boolean.toString(startTls));
    // A hung server must not hold a job (and its transaction) for ever.
    properties.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
    properties.put("mail.smtp.timeout", TIMEOUT_MS);
    properties.put("mail.smtp.writetimeout", TIMEOUT_MS);
    session = Session.getInstance(properties);
  }

  public boolean smtpConfigured() {
    return session != null;
  }

  /** Where mails go, for the log. */
  private String destination() {
    return "smtp://" + host.orElse("") + ":" + port;
  }

  /** Sends or logs the mail; {@link MailFailure} when the server does not take it. */
  public void send(Mail mail) {
    if (session == null) {
      // Not its addresses or text: what people wrote does not belong in a log.
      LOG.info(
          () ->
              "mail not sent (no "
                  + Config.SMTP_HOST
                  + "): "
                  + mail.kind().key()
                  + " of conversation "
                  + mail.conversationId());
      return;
    }
    try {
      var message =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              setHeader("Message-ID", "<" + mail.id() + ">");
            }
          };
      message.setFrom(new InternetAddress(from));
      message.setRecipients(
          RecipientType.TO, InternetAddress.parse(String.join(",", mail.to()), true));
      message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      message.setSentDate(new Date());
      message.setHeader("X-Switchboard-Mail", mail.kind().key());
      message.setHeader("X-Switchboard-Conversation", mail.conversationId());
      var plain = new MimeBodyPart();
      plain.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
      var html = new MimeBodyPart();
      html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
      message.setContent(new MimeMultipart("alternative", plain, html));
      if (user.isPresent()) {
        Transport.send(message, user.get(), password.orElse(""));
      } else {
        Transport.send(message);
      }
      sent.inc();
    } catch (MessagingException e) {
      throw new MailFailure(destination() + " did not take the mail: " + e, e);
    }
  }
}
