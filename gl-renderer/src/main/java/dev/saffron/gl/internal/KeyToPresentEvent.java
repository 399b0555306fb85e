package dev.saffron.gl.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A key press measured from the window's key callback to the end of the buffer swap of the first frame that
 * carries a display change received after the press went to the guest. {@link KeyToPresentTracker} decides
 * which frame that is.
 */
@Name("saffron.KeyToPresent")
@Label("Key to Present")
@Category({"Saffron", "Input"})
@Description("From a key press the viewer window received from the host and sent to the guest, to the end of the "
        + "buffer swap of the first frame in the main window that carries a display change received after the "
        + "key was sent: sending the key, the network both ways, the guest's reaction, the server's encoding, "
        + "Saffron's parsing, decoding and drawing into the surface, the window's wait, upload, draw and swap. "
        + "Not included: the host's time before the window's event loop saw the key, and the compositor and "
        + "screen after the swap. The change may not be the key's answer: a screen that changes by itself (a "
        + "blinking cursor) answers first")
@StackTrace(false)
final class KeyToPresentEvent extends Event {
    /** Asked whether the event is on, before one is made; never committed. */
    private static final KeyToPresentEvent PROBE = new KeyToPresentEvent();

    @Label("Keycode")
    @Description("The first key's X keycode, as the host's window system gave it (xev shows the same)")
    private int keycode;

    @Label("Keys")
    @Description("Presses and auto-repeats sent to the guest from the measured one to the frame, it included; "
            + "above 1, a later key's change may be what the frame shows")
    private int keys;

    @Label("Window Share")
    @Description("From the last display change the frame carries to the end of its swap: waiting for the "
            + "window's loop, upload, draw and swap. The window's share of the whole is at least this")
    @Timespan
    private long windowNanos;

    /**
     * @return a begun event when a recording wants it, otherwise null. Initializes this class, which registers it
     *         with Flight Recorder: call only once Flight Recorder runs
     */
    static KeyToPresentEvent beginIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        KeyToPresentEvent event = new KeyToPresentEvent();
        event.begin();
        return event;
    }

    /** Ends the event at the swap just done and commits it if the recording's threshold lets it. */
    void finish(int firstKeycode, int keysSent, long windowShareNanos) {
        end();
        if (shouldCommit()) {
            keycode = firstKeycode;
            keys = keysSent;
            windowNanos = windowShareNanos;
            commit();
        }
    }
}
