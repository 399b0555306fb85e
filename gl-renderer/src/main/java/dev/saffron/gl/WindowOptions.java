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
 */
public record WindowOptions(Optional<String> title, boolean fullScreen, boolean kiosk, boolean quitOnDisconnect,
                            Hotkeys hotkeys, boolean resizeGuest, boolean autoClipboard,
                            Optional<FrameListener> frameListener) {
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

    /** @throws NullPointerException if a field is null */
    public WindowOptions {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(hotkeys, "hotkeys");
        Objects.requireNonNull(frameListener, "frameListener");
    }

    /**
     * @return a plain window: default title, not full screen, not kiosk, default hotkeys, the guest resized to
     *         the window and the clipboard shared
     */
    public static WindowOptions defaults() {
        return new WindowOptions(Optional.empty(), false, false, false, Hotkeys.DEFAULTS, true, true,
                Optional.empty());
    }
}
