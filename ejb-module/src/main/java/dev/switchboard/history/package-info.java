/**
 * A conversation's history: its messages as stored ({@code entity/Message}), as clients get them
 * ({@code boundary/MessageView}, {@code HistoryPage}) and the log itself ({@code
 * control/MessageLog}: system messages written under a conversation's lock, history pages, gap
 * fills, what a mail covers). It sits below the contexts that write or read it (conversations,
 * routing, messages, notifications) and calls none of them.
 */
package dev.switchboard.history;
