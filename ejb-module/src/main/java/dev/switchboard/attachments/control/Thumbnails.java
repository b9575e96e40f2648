package dev.switchboard.attachments.control;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;

/**
 * A small preview of an image. The image is decoded with subsampling, so a large photo never
 * becomes a full-size raster in memory; one that claims more than {@link #MAX_PIXELS} in its header
 * (a decompression bomb: a few kilobytes that inflate to gigabytes) is not decoded at all, and the
 * decoding stops when it takes longer than its budget.
 */
public final class Thumbnails {

  /** The longer side of a preview, in pixels. */
  public static final int SIZE = 320;

  /** 40 megapixels: larger than a phone's photos, far smaller than a bomb. */
  public static final long MAX_PIXELS = 40_000_000L;

  public record Thumbnail(byte[] bytes, String type) {}

  private Thumbnails() {}

  /**
   * A preview, or null when the JDK cannot decode the format (webp, svg), the header claims more
   * than {@link #MAX_PIXELS}, or decoding takes longer than {@code budget}.
   */
  public static Thumbnail of(InputStream image, Duration budget) throws IOException {
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
        if ((long) width * height > MAX_PIXELS) {
          return null;
        }
        int step = Math.max(1, Math.max(width, height) / (2 * SIZE));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        var deadline = new Deadline(System.nanoTime() + budget.toNanos());
        reader.addIIOReadProgressListener(deadline);
        BufferedImage sampled = reader.read(0, param);
        return deadline.passed ? null : encode(scale(sampled));
      } finally {
        reader.dispose();
      }
    }
  }

  /** Aborts a read (the readers look between rows) once its time is up. */
  private static final class Deadline implements IIOReadProgressListener {
    private final long at;
    private boolean passed;

    Deadline(long at) {
      this.at = at;
    }

    @Override
    public void imageProgress(ImageReader source, float percentageDone) {
      if (!passed && System.nanoTime() - at > 0) {
        passed = true;
        source.abort();
      }
    }

    @Override
    public void sequenceStarted(ImageReader source, int minIndex) {}

    @Override
    public void sequenceComplete(ImageReader source) {}

    @Override
    public void imageStarted(ImageReader source, int imageIndex) {}

    @Override
    public void imageComplete(ImageReader source) {}

    @Override
    public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {}

    @Override
    public void thumbnailProgress(ImageReader source, float percentageDone) {}

    @Override
    public void thumbnailComplete(ImageReader source) {}

    @Override
    public void readAborted(ImageReader source) {}
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
