package dev.switchboard.attachments.control;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

/**
 * A small preview of an image. The image is decoded with subsampling, so a large photo (or a
 * decompression bomb) never becomes a full-size raster in memory.
 */
public final class Thumbnails {

  /** The longer side of a preview, in pixels. */
  public static final int SIZE = 320;

  public record Thumbnail(byte[] bytes, String type) {}

  private Thumbnails() {}

  /** A preview, or null when the JDK cannot decode the format (webp, svg). */
  public static Thumbnail of(InputStream image) throws IOException {
    try (var input = ImageIO.createImageInputStream(image)) {
      var readers = ImageIO.getImageReaders(input);
      if (input == null || !readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        int step = Math.max(1, Math.max(width, height) / (2 * SIZE));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage sampled = reader.read(0, param);
        return encode(scale(sampled));
      } finally {
        reader.dispose();
      }
    }
  }

  private static BufferedImage scale(BufferedImage source) {
    double factor = Math.min(1.0, (double) SIZE / Math.max(source.getWidth(), source.getHeight()));
    int w = Math.max(1, (int) Math.round(source.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(source.getHeight() * factor));
    boolean alpha = source.getColorModel().hasAlpha();
    var target =
        new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  /** PNG keeps transparency; everything else is a JPEG. */
  private static Thumbnail encode(BufferedImage image) throws IOException {
    String format = image.getColorModel().hasAlpha() ? "png" : "jpeg";
    var out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return new Thumbnail(out.toByteArray(), "image/" + format);
  }
}
