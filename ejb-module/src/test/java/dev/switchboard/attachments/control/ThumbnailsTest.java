package dev.switchboard.attachments.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {

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
            new ByteArrayInputStream(image(3000, 1000, BufferedImage.TYPE_INT_RGB, "png")));
    assertEquals("image/jpeg", thumb.type());
    BufferedImage read = read(thumb);
    assertEquals(320, read.getWidth());
    assertEquals(107, read.getHeight(), 1);
  }

  @Test
  void transparencyKeepsPngAndSmallImagesAreNotEnlarged() throws IOException {
    var thumb =
        Thumbnails.of(new ByteArrayInputStream(image(60, 40, BufferedImage.TYPE_INT_ARGB, "png")));
    assertEquals("image/png", thumb.type());
    assertEquals(60, read(thumb).getWidth());
  }

  @Test
  void whatTheJdkCannotDecodeHasNone() throws IOException {
    assertNull(Thumbnails.of(new ByteArrayInputStream("<svg/>".getBytes())));
  }
}
