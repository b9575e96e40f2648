/**
 * Messages: the send use case (gapless seq, idempotent on clientId), receipts, edits and removals,
 * the offline form, and the stored log (history pages, gap fills, system messages).
 */
package dev.switchboard.messages;
