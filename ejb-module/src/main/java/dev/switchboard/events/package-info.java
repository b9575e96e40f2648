/**
 * Fan-out: the {@link dev.switchboard.events.boundary.ChatEvent} records, published to the {@code
 * chat.events} topic once the sender's transaction has committed (or at once, outside one), and the
 * message-driven bean that fires them as CDI events to this instance's sessions in the web module.
 */
package dev.switchboard.events;
