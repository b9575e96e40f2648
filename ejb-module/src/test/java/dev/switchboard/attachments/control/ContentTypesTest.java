package dev.switchboard.attachments.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentTypesTest {

  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
  static final byte[] WEBM = {
    0x1a,
    0x45,
    (byte) 0xdf,
    (byte) 0xa3,
    (byte) 0x9f,
    0x42,
    (byte) 0x86,
    (byte) 0x81,
    1,
    0x42,
    (byte) 0x82,
    (byte) 0x84,
    'w',
    'e',
    'b',
    'm'
  };

  final ContentTypes types = new ContentTypes(ContentTypes.DEFAULT_ALLOWED);

  String detect(byte[] content, String name, String declared) throws IOException {
    var in = new BufferedInputStream(new ByteArrayInputStream(content));
    String type = types.detect(in, name, declared);
    assertEquals(content[0] & 0xff, in.read(), "the stream is left at its start");
    return type;
  }

  ErrorCode refusal(byte[] content, String name) {
    return assertThrows(ChatException.class, () -> detect(content, name, null)).code();
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theContentDecidesAndTheClientsTypeIsIgnored() throws IOException {
    assertEquals("image/png", detect(PNG, "shot.png", "application/pdf"));
    assertEquals("image/png", detect(PNG, "shot", null), "no extension: the content alone");
    assertEquals("text/plain", detect(text("hello\n"), "notes.txt", null));
    assertEquals(
        "text/csv", detect(text("a,b\n1,2\n"), "table.csv", null), "the name may be more specific");
  }

  @Test
  void aNameThatContradictsTheContentIsRefused() {
    assertEquals(ErrorCode.UNSUPPORTED_TYPE, refusal(PNG, "report.pdf"));
    assertEquals(ErrorCode.UNSUPPORTED_TYPE, refusal(text("just words"), "photo.jpg"));
  }

  @Test
  void typesNotAllowedAreRefused() {
    assertEquals(
        ErrorCode.UNSUPPORTED_TYPE, refusal(text("<html><script>x</script></html>"), "a.html"));
    assertEquals(
        ErrorCode.UNSUPPORTED_TYPE, refusal(text("<html><script>x</script></html>"), "a.txt"));
    assertEquals(ErrorCode.UNSUPPORTED_TYPE, refusal(new byte[] {'M', 'Z', 0, 0}, "setup.exe"));
  }

  @Test
  void aRecordingsContainerBecomesAudioWhenDeclaredSo() throws IOException {
    assertEquals("audio/webm", detect(WEBM, "voice-message", "audio/webm"));
    assertEquals(ErrorCode.UNSUPPORTED_TYPE, refusal(WEBM, "clip.webm"), "a video stays a video");
  }

  @Test
  void wildcardsAndKinds() {
    var narrow = new ContentTypes("image/png, audio/*");
    assertTrue(narrow.isAllowed("audio/ogg"));
    assertTrue(narrow.isAllowed("image/png"));
    assertFalse(narrow.isAllowed("image/jpeg"));
    assertEquals("image", ContentTypes.kindOf("image/png"));
    assertEquals("file", ContentTypes.kindOf("image/svg+xml"), "never shown as an image");
    assertEquals("audio", ContentTypes.kindOf("audio/webm"));
    assertEquals("file", ContentTypes.kindOf("application/pdf"));
    assertTrue(ContentTypes.isActive("image/svg+xml"));
    assertTrue(ContentTypes.isActive("text/html"));
  }
}
