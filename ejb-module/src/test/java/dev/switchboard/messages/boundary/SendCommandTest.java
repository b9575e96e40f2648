package dev.switchboard.messages.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import org.junit.jupiter.api.Test;

class SendCommandTest {

  static ErrorCode refusal(String clientId, String text) {
    return assertThrows(ChatException.class, () -> new SendCommand(null, clientId, text)).code();
  }

  @Test
  void textIsCountedInCodePoints() {
    String emoji = "\uD83D\uDE00";
    new SendCommand(null, "c", emoji.repeat(SendCommand.MAX_TEXT));
    assertEquals(ErrorCode.TOO_LARGE, refusal("c", emoji.repeat(SendCommand.MAX_TEXT + 1)));
    assertEquals(ErrorCode.TOO_LARGE, refusal("c", "x".repeat(SendCommand.MAX_TEXT + 1)));
  }

  @Test
  void clientIdAndTextAreRequired() {
    assertEquals(ErrorCode.BAD_REQUEST, refusal(null, "hi"));
    assertEquals(ErrorCode.BAD_REQUEST, refusal(" ", "hi"));
    assertEquals(ErrorCode.BAD_REQUEST, refusal("x".repeat(101), "hi"));
    assertEquals(ErrorCode.BAD_REQUEST, refusal("c", null));
    assertEquals(ErrorCode.BAD_REQUEST, refusal("c", " \n "));
  }
}
