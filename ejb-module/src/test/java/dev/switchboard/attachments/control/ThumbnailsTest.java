package dev.switchboard.attachments.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {

  static final Duration BUDGET = Duration.ofSeconds(30);

  /**
   * A grey PNG of this size whose pixels are all zero: its deflated rows take a few kilobytes per
   * megapixel, as a decompression bomb's do.
   */
  static byte[] zeroPng(int width, int height) throws IOException {
    var raw = new Deflater(Deflater.BEST_COMPRESSION);
    var idat = new ByteArrayOutputStream();
    try (var deflating = new DeflaterOutputStream(idat, raw)) {
      byte[] row = new byte[1 + width]; // filter byte, then one byte per grey pixel
      for (int y = 0; y < height; y++) {
        deflating.write(row);
      }
    }
    var ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
    var png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(png, "IHDR", ihdr.array());
    chunk(png, "IDAT", idat.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data)
      throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    png.write(ByteBuffer.allocate(4).putInt(data.length).array());
    png.write(name);
    png.write(data);
    var crc = new CRC32();
    crc.update(name);
    crc.update(data);
    png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void anImageOverFortyMegapixelsIsNotDecoded() throws IOException {
    byte[] under = zeroPng(6000, 6000); // 36 megapixels: decoded
    assertNotNull(Thumbnails.of(new ByteArrayInputStream(under), BUDGET));
    byte[] over = zeroPng(8000, 6000); // 48 megapixels, about 50 KB
    assertNull(Thumbnails.of(new ByteArrayInputStream(over), BUDGET));
  }

  @Test
  void decodingStopsWhenItsTimeIsUp() throws IOException {
    byte[] large = zeroPng(6000, 6000);
    assertNull(Thumbnails.of(new ByteArrayInputStream(large), Duration.ofNanos(1)));
  }

  static byte[] image(int width, int height, int type, String format) throws IOException {
    var out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, type), format, out);
    return out.toByteArray();
  }

  static BufferedImage read(Thumbnails.Thumbnail t) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(t.bytes()));
  }

  @Test
  void theLongerSideBecomes320AndTheShapeStays() throws IOException {
    var thumb =
        Thumbnails.of(
            new ByteArrayInputStream(image(3000, 1000, BufferedImage.TYPE_INT_RGB, "png")), BUDGET);
    assertEquals("image/jpeg", thumb.type());
    BufferedImage read = read(thumb);
    assertEquals(320, read.getWidth());
    assertEquals(107, read.getHeight(), 1);
  }

  @Test
  void transparencyKeepsPngAndSmallImagesAreNotEnlarged() throws IOException {
    var thumb =
        Thumbnails.of(
            new ByteArrayInputStream(image(60, 40, BufferedImage.TYPE_INT_ARGB, "png")), BUDGET);
    assertEquals("image/png", thumb.type());
    assertEquals(60, read(thumb).getWidth());
  }

  @Test
  void whatTheJdkCannotDecodeHasNone() throws IOException {
    assertNull(Thumbnails.of(new ByteArrayInputStream("<svg/>".getBytes()), BUDGET));
  }
}
