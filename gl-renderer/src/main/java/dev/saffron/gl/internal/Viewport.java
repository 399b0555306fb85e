package dev.saffron.gl.internal;

/**
 * Where the guest's picture goes in the window and where a window position lands on the guest. The picture
 * keeps its aspect ratio, scaled to fit the framebuffer and centred; the bars around it stay black.
 *
 * <p>GLFW reports pointer positions in window coordinates, which differ from framebuffer pixels where the
 * platform scales framebuffers (HiDPI on Wayland or macOS), so positions go through both ratios.
 *
 * <p>A scale that is a whole number of framebuffer pixels per guest pixel, give or take a pixel over the
 * picture, is taken exactly: such pictures are drawn crisp, each guest pixel a square of framebuffer pixels
 * (nearest-neighbour, as spice-gtk 0.43 draws them), where other scales are smoothed.
 *
 * @param windowWidth       the window's width in window coordinates
 * @param windowHeight      the window's height in window coordinates
 * @param framebufferWidth  the framebuffer's width in pixels
 * @param framebufferHeight the framebuffer's height in pixels
 * @param guestWidth        the guest surface's width in pixels
 * @param guestHeight       the guest surface's height in pixels
 */
public record Viewport(int windowWidth, int windowHeight, int framebufferWidth, int framebufferHeight,
                       int guestWidth, int guestHeight) {
    /** @throws IllegalArgumentException if a size is not positive */
    public Viewport {
        if (windowWidth <= 0 || windowHeight <= 0 || framebufferWidth <= 0 || framebufferHeight <= 0
                || guestWidth <= 0 || guestHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: window " + windowWidth + "x" + windowHeight
                    + ", framebuffer " + framebufferWidth + "x" + framebufferHeight + ", guest " + guestWidth + "x"
                    + guestHeight);
        }
    }

    /** A guest pixel, and whether the window position lay on the picture rather than on a bar around it. */
    public record GuestPoint(int x, int y, boolean inside) {
    }

    /** @return framebuffer pixels per guest pixel */
    public double scale() {
        double fit = Math.min((double) framebufferWidth / guestWidth, (double) framebufferHeight / guestHeight);
        long whole = Math.round(fit);
        // A window a pixel off a multiple of the guest (a border, a rounded HiDPI size) still shows it crisp.
        if (whole >= 1 && guestWidth * whole <= framebufferWidth && guestHeight * whole <= framebufferHeight
                && Math.abs(fit - whole) * Math.max(guestWidth, guestHeight) <= 1 + 1e-9) {
            return whole;
        }
        return fit;
    }

    /**
     * @return whether each guest pixel covers a whole square of framebuffer pixels (1×1, 2×2, ...), which is
     *         drawn nearest-neighbour; fractional scales are drawn with linear filtering
     */
    public boolean isWholeScale() {
        int factor = pictureWidth() / guestWidth;
        return factor >= 1 && pictureWidth() == guestWidth * factor && pictureHeight() == guestHeight * factor;
    }

    /** @return the picture's width in framebuffer pixels */
    public int pictureWidth() {
        return Math.max(1, Math.min(framebufferWidth, (int) Math.round(guestWidth * scale())));
    }

    /** @return the picture's height in framebuffer pixels */
    public int pictureHeight() {
        return Math.max(1, Math.min(framebufferHeight, (int) Math.round(guestHeight * scale())));
    }

    /** @return the picture's left edge in framebuffer pixels */
    public int pictureX() {
        return (framebufferWidth - pictureWidth()) / 2;
    }

    /** @return the picture's top edge in framebuffer pixels, counted from the top */
    public int pictureY() {
        return (framebufferHeight - pictureHeight()) / 2;
    }

    /**
     * @param windowX a pointer position in window coordinates, as GLFW reports it
     * @param windowY a pointer position in window coordinates
     * @return the guest pixel under it, clamped to the surface
     */
    public GuestPoint toGuest(double windowX, double windowY) {
        double framebufferX = windowX * framebufferWidth / windowWidth;
        double framebufferY = windowY * framebufferHeight / windowHeight;
        double guestX = (framebufferX - pictureX()) * guestWidth / pictureWidth();
        double guestY = (framebufferY - pictureY()) * guestHeight / pictureHeight();
        int x = (int) Math.floor(guestX);
        int y = (int) Math.floor(guestY);
        boolean inside = x >= 0 && y >= 0 && x < guestWidth && y < guestHeight;
        return new GuestPoint(Math.clamp(x, 0, guestWidth - 1), Math.clamp(y, 0, guestHeight - 1), inside);
    }

    /** @return a horizontal pointer movement in window coordinates, in guest pixels */
    public double toGuestDeltaX(double windowDx) {
        return windowDx * framebufferWidth / windowWidth * guestWidth / pictureWidth();
    }

    /** @return a vertical pointer movement in window coordinates, in guest pixels */
    public double toGuestDeltaY(double windowDy) {
        return windowDy * framebufferHeight / windowHeight * guestHeight / pictureHeight();
    }

    /** @return a guest column's left edge in framebuffer pixels */
    public double toFramebufferX(double guestX) {
        return pictureX() + guestX * pictureWidth() / guestWidth;
    }

    /** @return a guest row's top edge in framebuffer pixels, counted from the top */
    public double toFramebufferY(double guestY) {
        return pictureY() + guestY * pictureHeight() / guestHeight;
    }
}
