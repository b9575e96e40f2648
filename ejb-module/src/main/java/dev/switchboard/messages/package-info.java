/**
 * Messages: the send use case (gapless seq, idempotent on clientId), receipts, edits and removals,
 * and the offline form. What they store is the conversation's {@link dev.switchboard.history
 * history}.
 */
package dev.switchboard.messages;
