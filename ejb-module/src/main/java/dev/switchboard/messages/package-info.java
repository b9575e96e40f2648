/** Messages: the send use case (gapless seq, idempotent on clientId), history and gap fills. */
package dev.switchboard.messages;
