package dev.saffron.gl.internal;

import jdk.jfr.FlightRecorder;

/**
 * Measures key-to-present latency for Flight Recorder ({@link KeyToPresentEvent}): a key press begins a
 * measurement when it reaches the window's key callback; once the press has gone to the guest, the first frame
 * presented whose changes include one the display channel delivered after that moment ends it, at the end of
 * its buffer swap. One measurement at a time: the presses sent while one waits are counted in it, not measured
 * on their own, so that a burst of typing yields one event per answer rather than several for the same frame.
 * A press the window keeps (a hotkey, the menu's keys) measures nothing. A measurement whose answer never comes
 * (the key changed nothing on the screen, the session ended) stays open until some change does come.
 *
 * <p>With no recording, a press costs one check of Flight Recorder's state and a frame one field read; no event
 * class is touched until Flight Recorder runs, since initializing one starts JFR's metadata machinery. Window
 * thread only.
 */
public final class KeyToPresentTracker {
    /** Begun in the key callback, for the press being routed; dropped if the window keeps the key. */
    private KeyToPresentEvent arriving;
    /** The press sent to the guest and waiting for its frame, or null. */
    private KeyToPresentEvent waiting;
    /** When the waiting press went to the guest ({@link System#nanoTime}): changes after it can answer it. */
    private long sentNanos;
    private int keycode;
    private int keys;

    /** A key press or auto-repeat reached the window's key callback, before it is routed. */
    public void pressReceived() {
        arriving = waiting == null && FlightRecorder.isInitialized() ? KeyToPresentEvent.beginIfEnabled() : null;
    }

    /**
     * The press received last went to the guest.
     *
     * @param x11Keycode the key's X keycode (GLFW's scancode)
     */
    public void pressSent(int x11Keycode) {
        if (waiting != null) {
            keys++;
        } else if (arriving != null) {
            waiting = arriving;
            arriving = null;
            sentNanos = System.nanoTime();
            keycode = x11Keycode;
            keys = 1;
        }
    }

    /**
     * A frame showing display changes was presented, its buffer swap just returned.
     *
     * @param newestChangeNanos when the last of the changes it shows arrived ({@link System#nanoTime})
     * @param presentedNanos    when the swap returned ({@link System#nanoTime})
     */
    public void framePresented(long newestChangeNanos, long presentedNanos) {
        if (waiting == null || newestChangeNanos - sentNanos <= 0) {
            return;
        }
        waiting.finish(keycode, keys, presentedNanos - newestChangeNanos);
        waiting = null;
    }
}
