package dev.switchboard.webhooks.boundary;

/**
 * One delivery of an event to one endpoint, as the {@code chat.webhooks} queue carries it: the
 * delivery's id (the receiver's key against duplicates), the body as it is signed and sent, and
 * which attempt this is.
 */
public record WebhookJob(
    String deliveryId, String webhookId, String event, String payload, int attempt) {

  public WebhookJob next() {
    return new WebhookJob(deliveryId, webhookId, event, payload, attempt + 1);
  }
}
