/**
 * Mail notifications: unread replies to a visitor who left, visitor messages nobody answers, and
 * the transcript on resolve. Jobs travel the {@code chat.mail} queue with a delivery delay; one
 * instance takes each, checks it is still due and sends it once.
 */
package dev.switchboard.notifications;
