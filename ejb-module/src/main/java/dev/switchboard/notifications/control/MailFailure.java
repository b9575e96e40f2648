package dev.switchboard.notifications.control;

import jakarta.ejb.ApplicationException;

/**
 * The SMTP server did not take a mail. Rolls the job's transaction back, so the broker delivers the
 * job again later and nothing it recorded as sent stays recorded.
 */
@ApplicationException(rollback = true)
public class MailFailure extends RuntimeException {
  public MailFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
