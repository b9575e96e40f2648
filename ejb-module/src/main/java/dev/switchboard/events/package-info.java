/**
 * Fan-out: events published to the {@code chat.events} topic once the sender's transaction has
 * committed, and the message-driven bean that hands them to this instance's sessions.
 */
package dev.switchboard.events;
