package dev.switchboard.notifications.boundary;

import java.util.List;

/**
 * A rendered mail. {@code id} is stable for the job that caused it, so a mail client shows a mail
 * the cluster had to send again (its commit failed after the SMTP server took it) only once.
 */
public record Mail(
    String id,
    List<String> to,
    String subject,
    String text,
    String html,
    MailJob.Kind kind,
    String conversationId) {}
