/**
 * Files, images and voice messages: uploaded by a participant of a conversation, stored in
 * PostgreSQL in chunks, typed from their content, then sent as a message's attachment.
 */
package dev.switchboard.attachments;
