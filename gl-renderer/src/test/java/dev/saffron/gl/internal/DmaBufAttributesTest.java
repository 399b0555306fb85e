package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dma-buf import attributes against the lists spice-gtk's EGL widget hands {@code eglCreateImageKHR}. */
class DmaBufAttributesTest {
    private static final int XRGB8888 = 0x34325258;
    /** AMD's or Intel's tiled layouts look like this: a vendor in the top byte, details below. */
    private static final long TILED = 0x0100_0000_0000_0004L;

    /** @return the list's key-value pairs, checking that it ends with EGL_NONE right after them */
    private static Map<Integer, Integer> pairs(int[] list) {
        assertEquals(1, list.length % 2, "pairs and EGL_NONE");
        assertEquals(Egl.EGL_NONE, list[list.length - 1]);
        Map<Integer, Integer> pairs = new LinkedHashMap<>();
        for (int i = 0; i + 1 < list.length; i += 2) {
            pairs.put(list[i], list[i + 1]);
        }
        return pairs;
    }

    @Test
    void withAModifierTheListIsSpiceGtksScanout2List() {
        // spice-gtk 0.42's widget: size, fourcc, then per plane fd, pitch, offset, modifier low and high words.
        int[] spiceGtk = {
            0x3057, 1920, 0x3056, 1080, 0x3271, XRGB8888,
            0x3272, 42, 0x3274, 7680, 0x3273, 0, 0x3443, 0x0000_0004, 0x3444, 0x0100_0000,
            0x3038,
        };
        assertArrayEquals(spiceGtk, DmaBufAttributes.of(1920, 1080, XRGB8888, 42, 0, 7680, TILED, true));
    }

    @Test
    void withoutAModifierItHasTheSamePairsAsSpiceGtksGlScanoutUnixList() {
        // spice-gtk's GL_SCANOUT_UNIX import: fd, pitch, offset 0, width, height, fourcc.
        int[] spiceGtk = {0x3272, 7, 0x3274, 2560, 0x3273, 0, 0x3057, 640, 0x3056, 480, 0x3271, XRGB8888, 0x3038};
        assertEquals(pairs(spiceGtk), pairs(DmaBufAttributes.of(640, 480, XRGB8888, 7, 0, 2560,
                DmaBufAttributes.MODIFIER_INVALID, true)));
        assertEquals(pairs(spiceGtk), pairs(DmaBufAttributes.of(640, 480, XRGB8888, 7, 0, 2560, TILED, false)),
                "a display without the modifiers extension gets none");
    }

    @Test
    void theModifiersWordsAreSplitUnsigned() {
        Map<Integer, Integer> pairs = pairs(DmaBufAttributes.of(1, 1, XRGB8888, 3, 64, 4, 0x8000_0001_FFFF_FFFEL, true));
        assertEquals(0xFFFF_FFFE, pairs.get(Egl.EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT));
        assertEquals(0x8000_0001, pairs.get(Egl.EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT));
        assertEquals(64, pairs.get(Egl.EGL_DMA_BUF_PLANE0_OFFSET_EXT));
    }
}
