package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowScalingTest {
    @Test
    void aGuestPixelIsZoomTimesTheContentScaleInScreenPixels() {
        assertArrayEquals(new double[]{720, 400}, WindowScaling.windowSize(720, 400, 100, 1, 1), 1e-9);
        // X11 with Xft.dpi 192: window coordinates are pixels, a logical pixel is two.
        assertArrayEquals(new double[]{1440, 800}, WindowScaling.windowSize(720, 400, 100, 2, 1), 1e-9);
        // Wayland at scale 2: the compositor doubles the framebuffer, the window is sized in logical units.
        assertArrayEquals(new double[]{720, 400}, WindowScaling.windowSize(720, 400, 100, 2, 2), 1e-9);
        // remote-viewer's --zoom=150 on a plain desktop, and on a 1.5 desktop at 200 percent.
        assertArrayEquals(new double[]{1080, 600}, WindowScaling.windowSize(720, 400, 150, 1, 1), 1e-9);
        assertArrayEquals(new double[]{2160, 1200}, WindowScaling.windowSize(720, 400, 200, 1.5, 1), 1e-9);
        assertArrayEquals(new double[]{720, 400}, WindowScaling.windowSize(720, 400, 100, 0, Double.NaN), 1e-9,
                "a platform that reports no scale counts as unscaled");
    }

    @Test
    void theGuestGetsTheWindowsPixelsDividedByTheZoom() {
        assertArrayEquals(new int[]{1920, 1080}, WindowScaling.guestSize(1920, 1080, 100));
        assertArrayEquals(new int[]{960, 540}, WindowScaling.guestSize(1920, 1080, 200));
        assertArrayEquals(new int[]{1280, 720}, WindowScaling.guestSize(1920, 1080, 150));
        assertArrayEquals(new int[]{1, 1}, WindowScaling.guestSize(1, 1, 400));
    }

    @Test
    void zoomStepsAreRemoteViewersTenPercentBetweenTenAndFourHundred() {
        assertEquals(110, WindowScaling.zoomIn(100));
        assertEquals(400, WindowScaling.zoomIn(395));
        assertEquals(400, WindowScaling.zoomIn(400));
        assertEquals(90, WindowScaling.zoomOut(100));
        assertEquals(10, WindowScaling.zoomOut(15));
        assertEquals(10, WindowScaling.zoomOut(10));
    }
}
