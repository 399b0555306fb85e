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
        assertTrue(viewport.isWholeScale());
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
        assertFalse(viewport.isWholeScale());

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
        assertTrue(viewport.isWholeScale());
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
    void atTwiceTheSizeEachGuestPixelIsATwoByTwoSquareDrawnCrisp() {
        Viewport viewport = new Viewport(1440, 800, 1440, 800, 720, 400);
        assertEquals(2.0, viewport.scale(), 0);
        assertTrue(viewport.isWholeScale(), "nearest-neighbour");
        assertEquals(new Viewport.GuestPoint(250, 150, true), viewport.toGuest(501, 301));
        assertEquals(new Viewport.GuestPoint(250, 150, true), viewport.toGuest(500, 300));
        assertEquals(new Viewport.GuestPoint(251, 150, true), viewport.toGuest(502, 301));
        for (int x = 0; x < 1440; x++) {
            assertEquals(x / 2, viewport.toGuest(x + 0.5, 0).x());
            assertEquals(2 * (x / 2), viewport.toFramebufferX(x / 2), 0, "the column's square starts there");
        }
        assertEquals(new Viewport.GuestPoint(719, 399, true), viewport.toGuest(1439.9, 799.9));
    }

    @Test
    void aWaylandScaleOfTwoMapsLogicalCoordinatesOntoTheDoubledFramebuffer() {
        // The window is 720x400 logical units, its framebuffer 1440x800 pixels, the guest 1440x800 after resizing:
        // one to one, each logical unit two guest pixels.
        Viewport hiDpiGuest = new Viewport(720, 400, 1440, 800, 1440, 800);
        assertTrue(hiDpiGuest.isWholeScale());
        assertEquals(new Viewport.GuestPoint(201, 100, true), hiDpiGuest.toGuest(100.5, 50.25));
        // The same window showing a 720x400 guest: 2×, crisp.
        Viewport zoomed = new Viewport(720, 400, 1440, 800, 720, 400);
        assertEquals(2.0, zoomed.scale(), 0);
        assertTrue(zoomed.isWholeScale());
        assertEquals(new Viewport.GuestPoint(100, 50, true), zoomed.toGuest(100.5, 50.25));
    }

    @Test
    void atOneAndAHalfTheSizeThePictureIsSmoothedAndClicksFloorToTheirPixel() {
        Viewport viewport = new Viewport(1080, 600, 1080, 600, 720, 400);
        assertEquals(1.5, viewport.scale(), 1e-12);
        assertFalse(viewport.isWholeScale(), "linear filtering");
        assertEquals(new Viewport.GuestPoint(334, 200, true), viewport.toGuest(501, 300));
        assertEquals(new Viewport.GuestPoint(334, 200, true), viewport.toGuest(502, 301),
                "334.67 is in pixel 334, not rounded to 335");
        // Three window pixels for every two guest pixels, none lost or doubled across the width.
        int[] hits = new int[720];
        for (int x = 0; x < 1080; x++) {
            hits[viewport.toGuest(x + 0.5, 0).x()]++;
        }
        for (int count : hits) {
            assertTrue(count == 1 || count == 2, "every guest column is reachable");
        }
        assertEquals(2.0 / 3, viewport.toGuestDeltaX(1), 1e-12);
    }

    @Test
    void aWindowAPixelOffTwiceTheGuestStillShowsItAtTwoCrisp() {
        Viewport viewport = new Viewport(1441, 801, 1441, 801, 720, 400);
        assertEquals(2.0, viewport.scale(), 0);
        assertEquals(1440, viewport.pictureWidth());
        assertEquals(800, viewport.pictureHeight());
        assertTrue(viewport.isWholeScale());
        assertEquals(0, viewport.pictureX(), "the spare pixel is a bar on the right");
        assertEquals(new Viewport.GuestPoint(250, 150, true), viewport.toGuest(501, 301));
        Viewport clearlyFractional = new Viewport(1500, 833, 1500, 833, 720, 400);
        assertFalse(clearlyFractional.isWholeScale());
    }

    @Test
    void sizesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Viewport(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Viewport(1, 1, 1, 1, 1, -5));
    }
}
