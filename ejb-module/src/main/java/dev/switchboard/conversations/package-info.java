/**
 * A visitor's conversation with the support desk: who may see it and its lock ({@code
 * control.ConversationAccess}), the agents' work on it (claim, transfer, invite, resolve, reopen,
 * rating, labels), its summaries ({@code control.ConversationSummaries}) and retention.
 */
package dev.switchboard.conversations;
