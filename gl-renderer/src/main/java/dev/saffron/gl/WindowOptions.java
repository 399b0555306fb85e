package dev.saffron.gl;

import java.util.Objects;
import java.util.Optional;

/**
 * How the viewer window looks and behaves, after remote-viewer's options. Immutable.
 *
 * @param title             the window title; empty for one made of the guest's name or the server address
 * @param fullScreen        start in full screen ({@code -f})
 * @param kiosk             full screen that cannot be left: no hotkeys, no closing ({@code -k})
 * @param quitOnDisconnect  end {@link ViewerWindow#run()} as soon as the server goes away, rather than keep the
 *                          window with a message in its title until the user closes it; in kiosk mode,
 *                          {@code --kiosk-quit on-disconnect}
 * @param hotkeys           the hotkeys, unused in kiosk mode
 * @param resizeGuest       spice-gtk's {@code resize-guest}: ask the guest (through its agent) to make its
 *                          display the window's size whenever that changes; when off, the window follows the
 *                          guest's size instead (remote-viewer's {@code --auto-resize=never})
 * @param autoClipboard     spice-gtk's {@code auto-clipboard}: share the clipboard (text and images; on X11
 *                          PRIMARY too) between the host and the guest
 * @param frameListener     hears each presented frame, for latency measurements; empty for none
 * @param zoom              remote-viewer's {@code --zoom}: how large a guest pixel is shown, in percent of the
 *                          window's logical pixel ({@link #MIN_ZOOM} to {@link #MAX_ZOOM}); the guest, when it
 *                          follows the window's size, gets the window's pixels divided by it
 */
public record WindowOptions(Optional<String> title, boolean fullScreen, boolean kiosk, boolean quitOnDisconnect,
                            Hotkeys hotkeys, boolean resizeGuest, boolean autoClipboard,
                            Optional<FrameListener> frameListener,
                            int zoom) {
    /** remote-viewer's bounds and step for the zoom, in percent. */
    public static final int MIN_ZOOM = 10;
    /** The largest zoom, in percent. */
    public static final int MAX_ZOOM = 400;
    /** The zoom at which a guest pixel is a logical pixel of the window. */
    public static final int NORMAL_ZOOM = 100;

    /** Hears frames as they reach the screen. Called on the window's thread; must return quickly. */
    @FunctionalInterface
    public interface FrameListener {
        /**
         * @param oldestChangeNanos when the oldest display change this frame shows was reported
         *                          ({@link System#nanoTime})
         * @param presentedNanos    when the frame was handed to the screen (after the buffer swap)
         */
        void framePresented(long oldestChangeNanos, long presentedNanos);
    }

    /**
     * @throws NullPointerException     if a field is null
     * @throws IllegalArgumentException if the zoom is out of bounds
     */
    public WindowOptions {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(hotkeys, "hotkeys");
        Objects.requireNonNull(frameListener, "frameListener");
        if (zoom < MIN_ZOOM || zoom > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom " + zoom + "% is not within " + MIN_ZOOM + "-" + MAX_ZOOM + "%");
        }
    }

    /**
     * @return a plain window: default title, not full screen, not kiosk, default hotkeys, the guest resized to
     *         the window, the clipboard shared and a zoom of 100 percent
     */
    public static WindowOptions defaults() {
        return new WindowOptions(Optional.empty(), false, false, false, Hotkeys.DEFAULTS, true, true,
                Optional.empty(), NORMAL_ZOOM);
    }
}
