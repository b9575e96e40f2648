/**
 * Webhooks: supervisors register HTTPS endpoints for {@code conversation.created}, {@code
 * conversation.assigned}, {@code conversation.resolved} and {@code message.created}; each event is
 * put on the {@code chat.webhooks} queue once per endpoint after its change committed, delivered by
 * one instance of the cluster with an HMAC-SHA256 signature, retried with a doubling delay, and
 * kept in a list of failures (the console shows it) when every attempt failed.
 */
package dev.switchboard.webhooks;
