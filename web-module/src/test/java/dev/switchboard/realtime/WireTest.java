package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 6455 text frames as a server sends them: final, unmasked, the shortest length encoding. */
class WireTest {

  /** The payload a client reads from the frame, after checking its header. */
  static String read(byte[] frame) {
    var in = ByteBuffer.wrap(frame);
    assertEquals((byte) 0x81, in.get(), "FIN and the text opcode");
    int length = in.get();
    assertEquals(0, length & 0x80, "a server's frames are not masked");
    long payload =
        switch (length) {
          case 126 -> Short.toUnsignedInt(in.getShort());
          case 127 -> in.getLong();
          default -> length;
        };
    assertEquals(in.remaining(), payload);
    return new String(frame, in.position(), in.remaining(), StandardCharsets.UTF_8);
  }

  @Test
  void eachLengthTakesItsEncodingAndTheTextComesBack() {
    for (int bytes : new int[] {0, 1, 125, 126, 65_535, 65_536, 200_000}) {
      String text = "a".repeat(bytes);
      byte[] frame = Wire.textFrame(text);
      int header = bytes < 126 ? 2 : bytes <= 65_535 ? 4 : 10;
      assertEquals(header + bytes, frame.length, bytes + " bytes");
      assertEquals(text, read(frame));
    }
  }

  @Test
  void theLengthCountsUtf8BytesNotCharacters() {
    String text = "Grüße \uD83D\uDE00 你好";
    byte[] frame = Wire.textFrame(text);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(utf8.length, frame[1]);
    assertArrayEquals(utf8, Arrays.copyOfRange(frame, 2, frame.length));
    assertEquals(text, read(frame));
  }
}
