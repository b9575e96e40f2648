/**
 * Fan-out: events published to the {@code chat.events} topic inside the sender's transaction, and
 * the message-driven bean that hands them to this instance's sessions.
 */
package dev.switchboard.events;
