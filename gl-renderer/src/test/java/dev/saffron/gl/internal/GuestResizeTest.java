package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GuestResizeTest {
    private static final long SETTLE = 1_000;

    @Test
    void aSizeIsSentOnceItSettled() {
        GuestResize resize = new GuestResize(SETTLE);
        resize.windowSized(800, 600, 0);
        assertEquals(Optional.empty(), resize.due(SETTLE - 1));
        assertEquals(1, resize.nanosUntilDue(SETTLE - 1));
        assertEquals(Optional.of(new GuestResize.Size(800, 600)), resize.due(SETTLE));
        assertEquals(Optional.empty(), resize.due(SETTLE * 5), "sent once");
        assertEquals(-1, resize.nanosUntilDue(SETTLE * 5));
    }

    @Test
    void aDragSendsOnlyTheSizeItEndsAt() {
        GuestResize resize = new GuestResize(SETTLE);
        for (int i = 0; i < 10; i++) {
            resize.windowSized(800 + i, 600, i * 100L);
            assertEquals(Optional.empty(), resize.due(i * 100L));
        }
        assertEquals(Optional.of(new GuestResize.Size(809, 600)), resize.due(900 + SETTLE));
    }

    @Test
    void theSameSizeAgainIsNotSentAgainUnlessTheAgentIsNew() {
        GuestResize resize = new GuestResize(SETTLE);
        resize.windowSized(800, 600, 0);
        resize.due(SETTLE);
        resize.windowSized(800, 600, 2 * SETTLE);
        assertEquals(Optional.empty(), resize.due(4 * SETTLE));
        resize.resend();
        assertEquals(Optional.of(new GuestResize.Size(800, 600)), resize.due(4 * SETTLE));
    }

    @Test
    void aMinimisedWindowAsksForNothing() {
        GuestResize resize = new GuestResize(SETTLE);
        resize.windowSized(0, 0, 0);
        assertEquals(Optional.empty(), resize.due(10 * SETTLE));
        resize.windowSized(640, 480, 0);
        resize.windowSized(640, 0, 0);
        assertEquals(Optional.of(new GuestResize.Size(640, 480)), resize.due(SETTLE));
    }
}
