package dev.switchboard.notifications.boundary;

import dev.switchboard.jms.Destinations;
import dev.switchboard.notifications.control.MailSender;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import java.util.Collections;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * What operators watch: mail jobs in the dead-letter queue (in health and metrics) and failed
 * attempts (metrics). A dead mail job stays there until an operator retries or deletes it.
 */
@ApplicationScoped
public class MailStatus {

  @Resource(lookup = Destinations.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Inject MailSender sender;

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry metrics;

  private Counter failures;

  @PostConstruct
  void register() {
    failures =
        metrics.counter(
            Metadata.builder()
                .withName("switchboard.mail.failures")
                .withDescription("Mail jobs' attempts that failed here (each is tried again)")
                .build());
    metrics.gauge(
        Metadata.builder()
            .withName("switchboard.mail.deadLetters")
            .withDescription("Mail jobs out of attempts, in the dead-letter queue (-1: no broker)")
            .build(),
        this,
        MailStatus::deadLettersOrMinusOne);
  }

  public void failed() {
    failures.inc();
  }

  /** Mail jobs that ran out of attempts, counted by browsing the dead-letter queue. */
  public int deadLetters() {
    try (JMSContext context = connectionFactory.createContext();
        QueueBrowser browser =
            context.createBrowser(context.createQueue(Destinations.CHAT_MAIL_DEAD))) {
      return Collections.list(browser.getEnumeration()).size();
    } catch (jakarta.jms.JMSException e) {
      throw new jakarta.jms.JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
    }
  }

  private int deadLettersOrMinusOne() {
    try {
      return deadLetters();
    } catch (RuntimeException e) {
      return -1; // broker unreachable: the broker health check says so
    }
  }

  /** Whether mails go to an SMTP server (without one they are not sent). */
  public boolean smtpConfigured() {
    return sender.smtpConfigured();
  }
}
