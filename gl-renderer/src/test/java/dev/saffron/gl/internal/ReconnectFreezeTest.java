package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectFreezeTest {
    @Test
    void aSessionThatNeverDropsIsNeverFrozen() {
        ReconnectFreeze freeze = new ReconnectFreeze();
        freeze.surfaceCreated();
        freeze.reconnected(true);
        assertFalse(freeze.frozen());
    }

    @Test
    void theDimmedPictureStaysUntilTheSessionIsBackAndHasANewSurface() {
        ReconnectFreeze freeze = new ReconnectFreeze();
        freeze.reconnecting();
        assertTrue(freeze.frozen());
        freeze.reconnected(false);
        assertTrue(freeze.frozen(), "connected again, but nothing to show yet");
        freeze.surfaceCreated();
        assertFalse(freeze.frozen());
    }

    @Test
    void aSurfaceThatArrivesBeforeTheReconnectedEventWaitsForIt() {
        ReconnectFreeze freeze = new ReconnectFreeze();
        freeze.reconnecting();
        freeze.surfaceCreated();
        assertTrue(freeze.frozen(), "the session's own event says when it is back");
        freeze.reconnected(true);
        assertFalse(freeze.frozen());
    }

    @Test
    void aSurfaceKeptAcrossTheDropThawsAtTheReconnect() {
        ReconnectFreeze freeze = new ReconnectFreeze();
        freeze.reconnecting();
        freeze.reconnected(true);
        assertFalse(freeze.frozen());
    }

    @Test
    void aSecondDropBeforeTheFirstPictureStartsOver() {
        ReconnectFreeze freeze = new ReconnectFreeze();
        freeze.reconnecting();
        freeze.surfaceCreated();
        freeze.reconnecting();
        freeze.reconnected(false);
        assertTrue(freeze.frozen(), "the surface came from before the second drop");
    }

    @Test
    void givingUpShowsWhatAnEndedSessionShows() {
        ReconnectFreeze freeze = new ReconnectFreeze();
        freeze.reconnecting();
        freeze.abandoned();
        assertFalse(freeze.frozen());
    }
}
