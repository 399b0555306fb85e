package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saffron.spice.SurfaceFormat;
import org.junit.jupiter.api.Test;

/** 16-bit colours widened as pixman widens them, and 32-bit pixels narrowed by truncation. */
class ColorDepthTest {
    @Test
    void eachSurfaceFormatHasItsDepth() {
        assertEquals(ColorDepth.RGB555, ColorDepth.of(SurfaceFormat.X1R5G5B5));
        assertEquals(ColorDepth.RGB565, ColorDepth.of(SurfaceFormat.R5G6B5));
        assertEquals(ColorDepth.RGB32, ColorDepth.of(SurfaceFormat.X8R8G8B8));
        assertEquals(ColorDepth.RGB32, ColorDepth.of(SurfaceFormat.A8R8G8B8));
    }

    @Test
    void wireColoursOf16BitSurfacesWidenWithTheirTopBitsRepeated() {
        assertEquals(0xFF0000, ColorDepth.RGB555.colorFromWire(0x7C00));
        assertEquals(0x00FF00, ColorDepth.RGB555.colorFromWire(0x03E0));
        assertEquals(0x0000FF, ColorDepth.RGB555.colorFromWire(0x001F));
        // 16 of 31 in each channel: 1000 0 -> 1000 0100.
        assertEquals(0x848484, ColorDepth.RGB555.colorFromWire(0x4210));
        // The unused top bit of x1r5g5b5 is ignored.
        assertEquals(0x848484, ColorDepth.RGB555.colorFromWire(0xC210));
        assertEquals(0xFF0000, ColorDepth.RGB565.colorFromWire(0xF800));
        assertEquals(0x00FF00, ColorDepth.RGB565.colorFromWire(0x07E0));
        // Green 32 of 63: 10 0000 -> 1000 0010.
        assertEquals(0x008200, ColorDepth.RGB565.colorFromWire(0x0400));
        assertEquals(0x12345678, ColorDepth.RGB32.colorFromWire(0x12345678));
    }

    @Test
    void quantizingKeepsTheTopBitsAndAlphaAndIsStable() {
        assertEquals(0xAB103152, ColorDepth.RGB555.quantize(0xAB123456));
        assertEquals(0xAB103452, ColorDepth.RGB565.quantize(0xAB123456));
        assertEquals(0xAB123456, ColorDepth.RGB32.quantize(0xAB123456));
        for (int pixel : new int[] {0, 0xFFFFFFFF, 0x00123456, 0x807F8081}) {
            for (ColorDepth depth : ColorDepth.values()) {
                int once = depth.quantize(pixel);
                assertEquals(once, depth.quantize(once), depth + " " + Integer.toHexString(pixel));
                assertEquals(pixel & depth.keptBits(), once & depth.keptBits());
            }
        }
    }

    @Test
    void quantizingAnAreaTouchesOnlyThatArea() {
        PixelBuffer pixels = PixelBuffer.allocateHeap(3, 2, false);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                pixels.set(x, y, 0x123456);
            }
        }
        ColorDepth.RGB555.quantize(pixels, new Rect(1, 1, 5, 5));
        int[] got = new int[6];
        for (int i = 0; i < 6; i++) {
            got[i] = pixels.get(i % 3, i / 3);
        }
        assertArrayEquals(new int[] {0x123456, 0x123456, 0x123456, 0x123456, 0x103152, 0x103152}, got);
    }
}
