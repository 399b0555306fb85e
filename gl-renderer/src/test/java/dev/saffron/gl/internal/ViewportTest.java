package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewportTest {
    @Test
    void atItsOwnSizeEveryWindowPixelIsItsGuestPixel() {
        Viewport viewport = new Viewport(720, 400, 720, 400, 720, 400);
        assertTrue(viewport.isOneToOne());
        assertEquals(0, viewport.pictureX());
        assertEquals(0, viewport.pictureY());
        for (int x = 0; x < 720; x += 37) {
            for (int y = 0; y < 400; y += 23) {
                // GLFW reports the pointer anywhere inside a pixel; all of it is that pixel.
                assertEquals(new Viewport.GuestPoint(x, y, true), viewport.toGuest(x, y));
                assertEquals(new Viewport.GuestPoint(x, y, true), viewport.toGuest(x + 0.99, y + 0.5));
            }
        }
    }

    @Test
    void aWiderWindowGetsBarsLeftAndRightAndKeepsTheAspect() {
        Viewport viewport = new Viewport(1000, 400, 1000, 400, 640, 480);
        assertEquals(400.0 / 480, viewport.scale(), 1e-12);
        assertEquals(533, viewport.pictureWidth());
        assertEquals(400, viewport.pictureHeight());
        assertEquals((1000 - 533) / 2, viewport.pictureX());
        assertEquals(0, viewport.pictureY());
        assertFalse(viewport.isOneToOne());

        assertEquals(new Viewport.GuestPoint(0, 0, false), viewport.toGuest(10, 0), "on the left bar");
        assertEquals(new Viewport.GuestPoint(639, 479, false), viewport.toGuest(999, 399.9), "on the right bar");
        assertEquals(new Viewport.GuestPoint(0, 0, true), viewport.toGuest(viewport.pictureX(), 0));
        assertEquals(new Viewport.GuestPoint(639, 479, true),
                viewport.toGuest(viewport.pictureX() + viewport.pictureWidth() - 0.01, 399.99));
        assertEquals(320, viewport.toGuest(500, 200).x());
        assertEquals(240, viewport.toGuest(500, 200).y());
    }

    @Test
    void aHiDpiFramebufferMapsWindowCoordinatesThroughItsScale() {
        // A window of 400x300 units whose framebuffer has twice the pixels, showing an 800x600 guest: one to one.
        Viewport viewport = new Viewport(400, 300, 800, 600, 800, 600);
        assertTrue(viewport.isOneToOne());
        assertEquals(new Viewport.GuestPoint(200, 100, true), viewport.toGuest(100, 50));
        assertEquals(new Viewport.GuestPoint(201, 101, true), viewport.toGuest(100.5, 50.5));
        assertEquals(2.0, viewport.toGuestDeltaX(1), 1e-12);
        assertEquals(2.0, viewport.toGuestDeltaY(1), 1e-12);
    }

    @Test
    void aShrunkPictureTurnsWindowMovesIntoLargerGuestMoves() {
        Viewport viewport = new Viewport(640, 400, 640, 400, 1280, 800);
        assertEquals(0.5, viewport.scale(), 1e-12);
        assertEquals(2.0, viewport.toGuestDeltaX(1), 1e-12);
        assertEquals(new Viewport.GuestPoint(1278, 798, true), viewport.toGuest(639.4, 399.4));
        assertEquals(100.0, viewport.toFramebufferX(200), 1e-12);
        assertEquals(50.0, viewport.toFramebufferY(100), 1e-12);
    }

    @Test
    void sizesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Viewport(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Viewport(1, 1, 1, 1, 1, -5));
    }
}
