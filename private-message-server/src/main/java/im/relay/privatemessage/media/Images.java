package im.relay.privatemessage.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Width, height and a PNG thumbnail of an uploaded image, with the JDK's ImageIO (PNG, JPEG, GIF, BMP). */
final class Images {

    /** What the server learnt of an image; {@code thumbnail} is null when it could not (or should not) decode it. */
    record Info(int width, int height, byte[] thumbnail) {}

    private Images() {}

    /**
     * Reads the size from the image's header, then decodes it (subsampled, so a large photo costs little memory) into
     * a thumbnail at most {@code box} pixels wide and high. Images over {@code maxPixels} get no thumbnail: a small
     * file may declare a huge canvas. Null when ImageIO cannot read the file.
     */
    static Info read(Path file, int box, long maxPixels) {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                    return new Info(width, height, null);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (box * 2));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                return new Info(width, height, thumbnail(image, box));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null; // not an image ImageIO can read (or a broken one): stored without size or thumbnail
        }
    }

    private static byte[] thumbnail(BufferedImage image, int box) throws IOException {
        double scale = Math.min(1.0, (double) box / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = small.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(small, "png", png);
        return png.toByteArray();
    }
}
