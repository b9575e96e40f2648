package dev.switchboard.messages.boundary;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;

/**
 * A validated {@code send} (or, with {@code note}, an agent's {@code note}) request. {@code team}
 * (an id or a name) chooses where a visitor's first message opens the conversation.
 */
public record SendCommand(
    String conversationId,
    String clientId,
    String text,
    String attachmentId,
    String replyTo,
    boolean note,
    String team) {

  public static final int MAX_TEXT = 4000;
  public static final int MAX_CLIENT_ID = 100;

  public SendCommand {
    if (clientId == null || clientId.isBlank()) {
      throw ChatException.badRequest("clientId is required");
    }
    if (clientId.length() > MAX_CLIENT_ID) {
      throw ChatException.badRequest("clientId is longer than " + MAX_CLIENT_ID + " characters");
    }
    if (attachmentId != null && (attachmentId.isBlank() || attachmentId.length() > 36)) {
      throw ChatException.badRequest("attachmentId is the id of an upload");
    }
    if (attachmentId != null && note) {
      throw ChatException.badRequest("a note takes no attachment");
    }
    if (text != null && text.isBlank() && attachmentId != null) {
      text = null; // an attachment's caption is optional
    }
    if (text == null && attachmentId == null) {
      throw ChatException.badRequest("text is required");
    }
    if (text != null && text.isBlank()) {
      throw ChatException.badRequest("text is required");
    }
    if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT) {
      throw new ChatException(
          ErrorCode.TOO_LARGE, "text is longer than " + MAX_TEXT + " characters");
    }
    if (replyTo != null && (replyTo.isBlank() || replyTo.length() > 36)) {
      throw ChatException.badRequest("replyTo is the id of a message");
    }
    if (team != null && (team.isBlank() || team.length() > 100)) {
      throw ChatException.badRequest("team is a team's id or name");
    }
  }

  /** A plain message. */
  public SendCommand(String conversationId, String clientId, String text) {
    this(conversationId, clientId, text, null, null, false, null);
  }
}
