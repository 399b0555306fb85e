package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.MouseMode;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge without a session: listener calls made as the session's threads make them. */
class SessionBridgeTest {
    private final RecordingWindow window = new RecordingWindow();
    private final DirtyRegion dirty = new DirtyRegion();
    private final AtomicInteger wakes = new AtomicInteger();
    private final SessionBridge bridge = new SessionBridge(window, dirty, wakes::incrementAndGet);

    /** Notes each event with the thread it ran on. */
    private static final class RecordingWindow implements SessionBridge.Window {
        final List<String> events = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        SpiceException ended;

        private void note(String event) {
            events.add(event);
            threads.add(Thread.currentThread());
        }

        @Override
        public void sessionOpened() {
            note("opened");
        }

        @Override
        public void sessionEnded(SpiceException reason) {
            ended = reason;
            note("ended");
        }

        @Override
        public void mouseModeChanged(MouseMode mode) {
            note("mouse mode " + mode);
        }

        @Override
        public void agentChanged() {
            note("agent");
        }

        @Override
        public void guestClipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
            note("guest grabbed " + selection + " " + types);
        }

        @Override
        public void guestClipboardRequested(ClipboardSelection selection, ClipboardType type) {
            note("guest requested " + selection + " " + type);
        }

        @Override
        public void guestClipboardData(ClipboardSelection selection, ClipboardType type, byte[] data) {
            note("guest data " + selection + " " + type + " " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void guestClipboardReleased(ClipboardSelection selection) {
            note("guest released " + selection);
        }

        @Override
        public void transfersChanged() {
            note("transfers");
        }

        @Override
        public void primarySurfaceCreated(int displayId, DisplaySurface surface) {
            note("surface created");
        }

        @Override
        public void primarySurfaceDestroyed(DisplaySurface surface) {
            note("surface destroyed");
        }

        @Override
        public void cursorShapeSet(CursorShape shape) {
            note("cursor shape");
        }

        @Override
        public void cursorMoved(int x, int y, boolean visible) {
            note("cursor moved");
        }

        @Override
        public void cursorHidden() {
            note("cursor hidden");
        }

        @Override
        public void cursorReset() {
            note("cursor reset");
        }
    }

    @Test
    void eventsFromAnotherThreadRunInOrderOnTheThreadThatRunsThePendingTasks() throws InterruptedException {
        Thread session = Thread.ofPlatform().start(() -> {
            bridge.agentStateChanged(null, true, 10);
            bridge.fileTransferProgress(null, null, 100);
            bridge.cursorHide(null);
            bridge.cursorReset(null);
        });
        session.join();
        assertEquals(List.of(), window.events, "nothing runs before the window asks");
        assertEquals(4, wakes.get(), "each event wakes the window");
        bridge.runPending();
        assertEquals(List.of("agent", "transfers", "cursor hidden", "cursor reset"), window.events);
        assertTrue(window.threads.stream().allMatch(thread -> thread == Thread.currentThread()));
        bridge.runPending();
        assertEquals(4, window.events.size(), "each event runs once");
    }

    @Test
    void aSessionThatEndsWithoutAnErrorEndsForAReason() {
        bridge.sessionClosed(null);
        bridge.runPending();
        assertEquals(SpiceError.FAILED, window.ended.error());
        assertEquals("the server closed the session", window.ended.getMessage());
        SpiceException refused = new SpiceException(SpiceError.LINK_ERROR, "bad ticket");
        bridge.sessionClosed(refused);
        bridge.runPending();
        assertSame(refused, window.ended);
    }

    @Test
    void everySelectionsClipboardEventReachesTheWindowOnItsThread() {
        bridge.clipboardGrabbed(null, ClipboardSelection.PRIMARY, List.of(ClipboardType.UTF8_TEXT));
        bridge.clipboardRequested(null, ClipboardSelection.CLIPBOARD, ClipboardType.IMAGE_PNG);
        bridge.clipboardData(null, ClipboardSelection.SECONDARY, ClipboardType.UTF8_TEXT,
                "hé".getBytes(StandardCharsets.UTF_8));
        bridge.clipboardReleased(null, ClipboardSelection.PRIMARY);
        assertEquals(List.of(), window.events, "nothing runs before the window's loop takes it");
        bridge.runPending();
        assertEquals(List.of("guest grabbed PRIMARY [UTF8_TEXT]", "guest requested CLIPBOARD IMAGE_PNG",
                "guest data SECONDARY UTF8_TEXT hé", "guest released PRIMARY"), window.events);
    }

    @Test
    void rectanglesBeforeAnyPrimarySurfaceAreDropped() {
        bridge.invalidate(null, 0, 0, 10, 10);
        assertEquals(0, wakes.get());
        assertTrue(dirty.take().isEmpty());
    }

    @Test
    void theChannelsToSendThroughAreUnknownBeforeTheSessionOffersThem() {
        assertNull(bridge.inputs());
        assertNull(bridge.agent());
    }
}
