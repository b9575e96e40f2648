/**
 * The WebSocket edge: two thin endpoints, the frame reader, and this instance's session registry,
 * which delivers each conversation's messages to its local sessions in seq order.
 */
package dev.switchboard.realtime;
