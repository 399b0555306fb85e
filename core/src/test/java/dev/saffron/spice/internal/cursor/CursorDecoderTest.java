package dev.saffron.spice.internal.cursor;

import dev.saffron.spice.CursorType;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.Bytes;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each cursor type from hand-made bytes in the layout the QXL guest drivers write. */
class CursorDecoderTest {
    private static final int T = 0;
    private static final int B = 0xFF00_0000;
    private static final int W = 0xFFFF_FFFF;

    private static int[] decode(CursorType type, int width, int height, Bytes data) throws SpiceException {
        return CursorDecoder.decode(type, width, height, MemorySegment.ofArray(data.bytes()), "test cursor");
    }

    /** '.' transparent, 'B' opaque black, 'W' opaque white, one string per row. */
    private static int[] grid(String... rows) {
        int width = rows[0].length();
        int[] pixels = new int[width * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = switch (rows[y].charAt(x)) {
                    case 'B' -> B;
                    case 'W' -> W;
                    default -> T;
                };
            }
        }
        return pixels;
    }

    @Test
    void alphaIsBgraBytes() throws Exception {
        int[] argb = decode(CursorType.ALPHA, 2, 1, new Bytes().u8(0x10).u8(0x20).u8(0x30).u8(0x80).u32(0));
        assertArrayEquals(new int[]{0x8030_2010, 0}, argb);
    }

    @Test
    void monoIsAnAndMaskThenAnXorMaskWithPaddedRows() throws Exception {
        // Ten pixels wide: two bytes per mask row, the last six bits padding (set, to show they are ignored).
        Bytes data = new Bytes()
                .u8(0xFF).u8(0xFF).u8(0x3F).u8(0xFF).u8(0xFF).u8(0xBF)   // AND rows 0, 1, 2
                .u8(0x00).u8(0x00).u8(0x44).u8(0x00).u8(0x00).u8(0x40);  // XOR rows 0, 1, 2
        int[] argb = decode(CursorType.MONO, 10, 3, data);
        // Row 1: black, white, then an inverting pixel at x 5, drawn white with a black ring; row 2 ends white.
        assertArrayEquals(grid(
                "....BBB...",
                "BW..BWB...",
                "....BBB..W"), argb);
    }

    @Test
    void color4HasPackedIndexesAPaletteAndAMask() throws Exception {
        Bytes data = new Bytes()
                .u8(0x12).u8(0x0F)      // row 0: indexes 1, 2, 0 (low nibble of the second byte is padding)
                .u8(0x33).u8(0x50);     // row 1: indexes 3, 3, 5
        int[] palette = new int[16];
        palette[1] = 0xFF0000;
        palette[2] = 0x00FF00;
        palette[3] = 0xFFFFFF;
        palette[5] = 0x123456;
        for (int entry : palette) {
            data.u32(entry);
        }
        data.u8(0x20).u8(0xA0);
        int[] argb = decode(CursorType.COLOR4, 3, 2, data);
        // Masked black is transparent, masked white inverts, masked other colours are dropped.
        assertArrayEquals(new int[]{0xFFFF_0000, 0xFF00_FF00, T, W, W, T}, argb);
    }

    @Test
    void color8HasByteIndexesAndA256ColourPalette() throws Exception {
        Bytes data = new Bytes().u8(0).u8(1).u8(2).u8(255);
        for (int i = 0; i < 256; i++) {
            data.u32(switch (i) {
                case 1 -> 0xAA11_2233;
                case 2 -> 0x0044_5566;
                case 255 -> 0x00FF_FFFF;
                default -> 0;
            });
        }
        data.u8(0x00).u8(0x40);
        int[] argb = decode(CursorType.COLOR8, 2, 2, data);
        assertArrayEquals(new int[]{0xFF00_0000, 0xFF11_2233, 0xFF44_5566, W}, argb);
    }

    @Test
    void color16IsX555WithFullIntensityKept() throws Exception {
        Bytes data = new Bytes().u16(0x7C00).u16(0x0421).u16(0x7FFF).u16(0x0000).u8(0x30);
        int[] argb = decode(CursorType.COLOR16, 4, 1, data);
        assertArrayEquals(new int[]{0xFFFF_0000, 0xFF08_0808, W, B}, argb,
                "an inverting white pixel, then the transparent black beside it outlined");
    }

    @Test
    void color24IsBgrTriples() throws Exception {
        int[] argb = decode(CursorType.COLOR24, 2, 1, new Bytes().u8(1).u8(2).u8(3).u8(0).u8(0).u8(0).u8(0x40));
        assertArrayEquals(new int[]{0xFF03_0201, T}, argb);
    }

    @Test
    void color32IgnoresTheTopByteAndHonoursTheMask() throws Exception {
        Bytes data = new Bytes().u32(0x7F10_2030).u32(0x00FF_FFFF).u32(0).u32(0x0080_8080).u8(0x40).u8(0xC0);
        int[] argb = decode(CursorType.COLOR32, 2, 2, data);
        assertArrayEquals(new int[]{0xFF10_2030, W, B, B}, argb);
    }

    @Test
    void bytesAfterTheShapeAreIgnored() throws Exception {
        assertArrayEquals(new int[]{0x0102_0304}, decode(CursorType.ALPHA, 1, 1, new Bytes().u32(0x0102_0304).u32(7)));
    }

    @Test
    void anEmptyCursorNeedsNoData() throws Exception {
        assertEquals(0, decode(CursorType.MONO, 0, 0, new Bytes()).length);
    }

    @Test
    void shortDataIsAProtocolError() {
        SpiceException e = assertThrows(SpiceException.class,
                () -> decode(CursorType.ALPHA, 2, 2, new Bytes().raw(new byte[15])));
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("needs 16 bytes"), e.getMessage());
        // COLOR4 1x1: one pixel byte and the palette, but the mask row is missing.
        assertEquals(SpiceError.PROTOCOL, assertThrows(SpiceException.class,
                () -> decode(CursorType.COLOR4, 1, 1, new Bytes().raw(new byte[1 + 64]))).error());
    }

    @Test
    void oversizedCursorIsRejectedBeforeItsDataIsRead() {
        SpiceException e = assertThrows(SpiceException.class,
                () -> decode(CursorType.MONO, CursorDecoder.MAX_SIDE + 1, 1, new Bytes().raw(new byte[200])));
        assertEquals(SpiceError.PROTOCOL, e.error());
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
        assertEquals(SpiceError.PROTOCOL, assertThrows(SpiceException.class,
                () -> decode(CursorType.ALPHA, 65535, 65535, new Bytes())).error());
    }

    @Test
    void dataSizesMatchTheDriversLayouts() {
        // 32x32: 4-byte mask rows of 32 rows = 128 bytes.
        assertEquals(4096, CursorDecoder.dataSize(CursorType.ALPHA, 32, 32));
        assertEquals(256, CursorDecoder.dataSize(CursorType.MONO, 32, 32));
        assertEquals(512 + 64 + 128, CursorDecoder.dataSize(CursorType.COLOR4, 32, 32));
        assertEquals(1024 + 1024 + 128, CursorDecoder.dataSize(CursorType.COLOR8, 32, 32));
        assertEquals(2048 + 128, CursorDecoder.dataSize(CursorType.COLOR16, 32, 32));
        assertEquals(3072 + 128, CursorDecoder.dataSize(CursorType.COLOR24, 32, 32));
        assertEquals(4096 + 128, CursorDecoder.dataSize(CursorType.COLOR32, 32, 32));
    }
}
