package dev.switchboard.system;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * GreenMail on a fixed loopback port, which tests stop and start again (an SMTP outage); what it
 * received before a stop is kept.
 */
final class Smtp {

  static final String USER = "switchboard";
  static final String PASSWORD = "smtp-secret";

  private final int port;
  private final List<MimeMessage> earlier = new ArrayList<>();
  private GreenMail server;

  Smtp(int port) {
    this.port = port;
  }

  int port() {
    return port;
  }

  synchronized void start() {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    // The instances log in: a wrong password fails every send.
    server.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));
    server.start();
  }

  synchronized void stop() {
    earlier.addAll(List.of(server.getReceivedMessages()));
    server.stop();
    server = null;
  }

  synchronized List<MimeMessage> all() {
    var all = new ArrayList<>(earlier);
    if (server != null) {
      all.addAll(List.of(server.getReceivedMessages()));
    }
    return all;
  }

  /** Mails of one kind about one conversation ({@code X-Switchboard-*} headers). */
  List<MimeMessage> about(String conversationId, String kind) {
    var found = new ArrayList<MimeMessage>();
    for (MimeMessage m : all()) {
      if (conversationId.equals(header(m, "X-Switchboard-Conversation"))
          && kind.equals(header(m, "X-Switchboard-Mail"))) {
        found.add(m);
      }
    }
    return found;
  }

  /** Waits until at least {@code count} such mails arrived (or the timeout), and returns them. */
  List<MimeMessage> await(String conversationId, String kind, int count, Duration timeout)
      throws Exception {
    return Poll.until(timeout, () -> about(conversationId, kind), found -> found.size() >= count);
  }

  static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, null);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The body part of this type (text/plain or text/html) of a multipart/alternative mail. */
  static String part(MimeMessage m, String type) {
    try {
      if (!(m.getContent() instanceof Multipart multipart)) {
        throw new AssertionError("not multipart: " + m.getContentType());
      }
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart part = multipart.getBodyPart(i);
        if (part.isMimeType(type)) {
          return (String) part.getContent();
        }
      }
      throw new AssertionError("no " + type + " part");
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
