package dev.saffron.gl.internal;

import java.awt.AWTError;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * A line of text drawn into pixels for the window to lay over the picture: white, anti-aliased, on a rounded
 * translucent dark box that keeps it readable over any picture. Java2D draws it off screen; OpenGL has no text
 * of its own, and a font renderer of our own would be far more code than the JDK's, which the library already
 * loads for JPEG decoding. Immutable.
 *
 * <p>Java2D must run headless in a GLFW application (the viewer's launcher sets {@code java.awt.headless}): a
 * non-headless AWT would open a second X connection of its own, with its own Xlib error handlers.
 */
public final class OverlayText {
    private static final System.Logger LOG = System.getLogger(OverlayText.class.getName());
    /** The box's colour: black at about 70% opacity, so a dimmed picture shows faintly through. */
    private static final Color BOX = new Color(0, 0, 0, 180);

    private final int width;
    private final int height;
    private final int[] argb;

    private OverlayText(int width, int height, int[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    /**
     * Draws {@code text} with letters about {@code pixelHeight} tall.
     *
     * @return the pixels, or empty where the JDK cannot draw text here (no fonts installed, no Java2D
     *         libraries in a trimmed runtime): a notice the window can do without is no reason to fail
     */
    public static Optional<OverlayText> render(String text, int pixelHeight) {
        Objects.requireNonNull(text, "text");
        if (pixelHeight <= 0) {
            throw new IllegalArgumentException("pixelHeight must be positive, not " + pixelHeight);
        }
        try {
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, pixelHeight);
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
            Graphics2D measure = scratch.createGraphics();
            FontMetrics metrics = measure.getFontMetrics(font);
            measure.dispose();
            int padding = Math.max(4, pixelHeight / 2);
            int width = metrics.stringWidth(text) + 2 * padding;
            int height = metrics.getAscent() + metrics.getDescent() + 2 * padding;
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(BOX);
                g.fillRoundRect(0, 0, width, height, padding, padding);
                g.setColor(Color.WHITE);
                g.setFont(font);
                g.drawString(text, padding, padding + metrics.getAscent());
            } finally {
                g.dispose();
            }
            return Optional.of(new OverlayText(width, height, image.getRGB(0, 0, width, height, null, 0, width)));
        } catch (RuntimeException | AWTError | InternalError | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "cannot draw the text \"{0}\" over the picture: {1}", text,
                    String.valueOf(e));
            return Optional.empty();
        }
    }

    /** @return the width in pixels */
    public int width() {
        return width;
    }

    /** @return the height in pixels */
    public int height() {
        return height;
    }

    /** @return the pixel at a column and row, as non-premultiplied ARGB */
    public int argb(int x, int y) {
        return argb[y * width + x];
    }

    /** @return the pixels themselves, row by row from the top, for uploading; not to be changed */
    int[] pixelsForUpload() {
        return argb;
    }
}
