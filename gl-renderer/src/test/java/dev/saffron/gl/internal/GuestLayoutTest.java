package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GuestLayoutTest {
    private static final long SETTLE = 1_000;

    private static GuestLayout.Display on(int id, int x, int y, int width, int height) {
        return new GuestLayout.Display(id, x, y, width, height, true);
    }

    @Test
    void aLayoutIsSentOnceItSettledAndOnlyOnce() {
        GuestLayout layout = new GuestLayout(SETTLE);
        assertEquals(-1, layout.nanosUntilDue(0), "nothing shown, nothing to send");
        layout.shown(0, 800, 600, 50, 50, false, 0);
        assertEquals(Optional.empty(), layout.due(SETTLE - 1));
        assertEquals(1, layout.nanosUntilDue(SETTLE - 1));
        assertEquals(Optional.of(List.of(on(0, 0, 0, 800, 600))), layout.due(SETTLE));
        assertEquals(Optional.empty(), layout.due(SETTLE * 5), "sent once");
        assertEquals(-1, layout.nanosUntilDue(SETTLE * 5));
        layout.resend();
        assertEquals(Optional.of(List.of(on(0, 0, 0, 800, 600))), layout.due(SETTLE * 6), "again for a new agent");
    }

    @Test
    void aDragSendsOnlyTheSizeItEndsAt() {
        GuestLayout layout = new GuestLayout(SETTLE);
        for (int i = 0; i < 10; i++) {
            layout.shown(0, 800 + i, 600, 0, 0, false, i * 100L);
            assertEquals(Optional.empty(), layout.due(i * 100L));
        }
        assertEquals(Optional.of(List.of(on(0, 0, 0, 809, 600))), layout.due(900 + SETTLE));
    }

    @Test
    void minimisedSizesAreIgnored() {
        GuestLayout layout = new GuestLayout(SETTLE);
        layout.shown(0, 0, 0, 0, 0, false, 0);
        assertEquals(-1, layout.nanosUntilDue(0));
        layout.shown(0, 640, 480, 0, 0, false, 0);
        layout.shown(0, 640, 0, 0, 0, false, 0);
        assertEquals(Optional.of(List.of(on(0, 0, 0, 640, 480))), layout.due(SETTLE));
    }

    @Test
    void windowsStandSideBySideInTheirHostOrderWithoutGaps() {
        GuestLayout layout = new GuestLayout(SETTLE);
        // Display 1's window stands left of display 0's, lower and with a gap between them.
        layout.shown(0, 800, 600, 900, 10, false, 0);
        layout.shown(1, 1024, 768, 20, 300, false, 0);
        layout.shown(2, 640, 480, 2000, 0, false, 0);
        assertEquals(Optional.of(List.of(on(0, 1024, 0, 800, 600), on(1, 0, 0, 1024, 768),
                on(2, 1824, 0, 640, 480))), layout.due(SETTLE));
        // Moving display 2's window to the far left puts it first.
        layout.shown(2, 640, 480, -500, 0, false, SETTLE);
        assertEquals(Optional.of(List.of(on(0, 1664, 0, 800, 600), on(1, 640, 0, 1024, 768),
                on(2, 0, 0, 640, 480))), layout.due(2 * SETTLE));
    }

    @Test
    void fullScreenWindowsKeepTheHostMonitorsArrangementFromTheOrigin() {
        GuestLayout layout = new GuestLayout(SETTLE);
        // Host monitors 1920x1080 at 1000,0 and 1280x1024 at 2920,56 (the host's first monitor is not used).
        layout.shown(0, 1280, 1024, 2920, 56, true, 0);
        layout.shown(1, 1920, 1080, 1000, 0, true, 0);
        assertEquals(Optional.of(List.of(on(0, 1920, 56, 1280, 1024), on(1, 0, 0, 1920, 1080))),
                layout.due(SETTLE));
        // One window leaving full screen puts them side by side again.
        layout.shown(1, 800, 600, 10, 10, false, SETTLE);
        assertEquals(Optional.of(List.of(on(0, 800, 0, 1280, 1024), on(1, 0, 0, 800, 600))),
                layout.due(2 * SETTLE));
    }

    @Test
    void aClosedWindowsDisplayIsTurnedOffAndOnAgainWhenItReopens() {
        GuestLayout layout = new GuestLayout(SETTLE);
        layout.shown(0, 800, 600, 0, 0, false, 0);
        layout.shown(1, 640, 480, 900, 0, false, 0);
        layout.due(SETTLE);
        layout.hidden(1, SETTLE);
        GuestLayout.Display off = new GuestLayout.Display(1, 0, 0, 0, 0, false);
        assertEquals(Optional.of(List.of(on(0, 0, 0, 800, 600), off)), layout.due(2 * SETTLE));
        layout.hidden(1, 3 * SETTLE);
        assertEquals(Optional.empty(), layout.due(5 * SETTLE), "closing twice changes nothing");
        layout.shown(1, 640, 480, 900, 0, false, 5 * SETTLE);
        assertEquals(Optional.of(List.of(on(0, 0, 0, 800, 600), on(1, 800, 0, 640, 480))), layout.due(6 * SETTLE));
    }
}
