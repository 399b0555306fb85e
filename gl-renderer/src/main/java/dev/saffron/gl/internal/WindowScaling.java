package dev.saffron.gl.internal;

import dev.saffron.gl.WindowOptions;

/**
 * The sizes that make a guest show at the user's zoom on a HiDPI screen. Two ratios meet here: the platform's
 * content scale (how many pixels a logical pixel of the desktop is: {@code glfwGetWindowContentScale}, from
 * Wayland's output scale or X11's {@code Xft.dpi}) and the framebuffer's pixels per window coordinate (more than
 * one where the platform scales windows itself, as Wayland and macOS do; one on X11, where the window
 * coordinates are pixels). A guest pixel is shown as {@code zoom} percent of a logical pixel, so at 100 percent
 * on a 2× desktop it covers 2×2 screen pixels, as GTK's remote-viewer shows it.
 *
 * <p>When the guest follows the window's size, it gets the window's framebuffer pixels divided by the zoom:
 * all the screen's pixels at 100 percent, as spice-gtk hands a HiDPI window's device pixels to the guest.
 */
public final class WindowScaling {
    private static final int ZOOM_STEP = 10;

    private WindowScaling() {
    }

    /**
     * @param guestWidth               the guest display's width in pixels
     * @param guestHeight              the guest display's height in pixels
     * @param zoom                     the zoom in percent
     * @param contentScale             the platform's pixels per logical pixel (1 where it has no HiDPI setting)
     * @param framebufferPerWindowUnit framebuffer pixels per window coordinate
     * @return the window size, in window coordinates, that shows the guest at that zoom, {width, height}
     */
    public static double[] windowSize(int guestWidth, int guestHeight, int zoom, double contentScale,
                                      double framebufferPerWindowUnit) {
        double pixelsPerGuestPixel = zoom / (double) WindowOptions.NORMAL_ZOOM * positive(contentScale);
        double unitsPerGuestPixel = pixelsPerGuestPixel / positive(framebufferPerWindowUnit);
        return new double[]{guestWidth * unitsPerGuestPixel, guestHeight * unitsPerGuestPixel};
    }

    /**
     * @return the guest display size the window asks for, {width, height}: its framebuffer pixels divided by the
     *         zoom, at least one pixel each way
     */
    public static int[] guestSize(int framebufferWidth, int framebufferHeight, int zoom) {
        return new int[]{Math.max(1, framebufferWidth * WindowOptions.NORMAL_ZOOM / zoom),
                Math.max(1, framebufferHeight * WindowOptions.NORMAL_ZOOM / zoom)};
    }

    /** @return the zoom one step (10 percent) larger, as remote-viewer's zoom-in; at most {@link WindowOptions#MAX_ZOOM} */
    public static int zoomIn(int zoom) {
        return Math.min(WindowOptions.MAX_ZOOM, zoom + ZOOM_STEP);
    }

    /** @return the zoom one step smaller, at least {@link WindowOptions#MIN_ZOOM} */
    public static int zoomOut(int zoom) {
        return Math.max(WindowOptions.MIN_ZOOM, zoom - ZOOM_STEP);
    }

    /** A platform that reports no scale (0, NaN: a headless or odd server) counts as unscaled. */
    private static double positive(double ratio) {
        return ratio > 0 && Double.isFinite(ratio) ? ratio : 1;
    }
}
