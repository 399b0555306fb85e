package dev.saffron.spice.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XwdImageTest {
    private static final byte[] NAME = "win\0".getBytes(StandardCharsets.US_ASCII);

    /** A dump as xwd writes it: the big-endian header, the name, {@code colors} table entries, then rows. */
    private static ByteBuffer dump(int width, int height, int bitsPerPixel, int bytesPerLine, int byteOrder,
                                   long redMask, long greenMask, long blueMask, int colors, int version) {
        int headerSize = XwdImage.HEADER_BYTES + NAME.length;
        ByteBuffer out = ByteBuffer.allocate(headerSize + colors * XwdImage.COLOR_BYTES + height * bytesPerLine);
        int[] fields = {headerSize, version, XwdImage.Z_PIXMAP, 24, width, height, 0, byteOrder, 32, byteOrder, 32,
                bitsPerPixel, bytesPerLine, XwdImage.TRUE_COLOR, (int) redMask, (int) greenMask, (int) blueMask,
                8, colors, colors, width, height, 0, 0, 0};
        for (int field : fields) {
            out.putInt(field);
        }
        out.put(NAME);
        for (int i = 0; i < colors; i++) {
            out.put(new byte[XwdImage.COLOR_BYTES]);
        }
        return out.order(byteOrder == XwdImage.LSB_FIRST ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    @Test
    void readsLittleEndianThirtyTwoBitRowsAndSkipsTheirPadding() throws IOException {
        ByteBuffer out = dump(2, 2, 32, 12, XwdImage.LSB_FIRST, 0xFF0000, 0xFF00, 0xFF, 3, 7);
        out.putInt(0x00123456).putInt(0xFFABCDEF).putInt(0xDEADBEEF);
        out.putInt(0x00000000).putInt(0x00FFFFFF).putInt(0x77777777);
        PpmImage image = XwdImage.parse(out.array());
        assertEquals(2, image.width());
        assertEquals(2, image.height());
        assertEquals(0xFF123456, image.argb(0, 0));
        assertEquals(0xFFABCDEF, image.argb(1, 0));
        assertEquals(0xFF000000, image.argb(0, 1));
        assertEquals(0xFFFFFFFF, image.argb(1, 1));
    }

    @Test
    void readsBigEndianPixelsWithOtherMasks() throws IOException {
        ByteBuffer out = dump(1, 1, 32, 4, 1, 0xFF, 0xFF00, 0xFF0000, 0, 7);
        out.putInt(0x00332211);
        assertEquals(0xFF112233, XwdImage.parse(out.array()).argb(0, 0));
    }

    @Test
    void widensSixteenBitChannelsToEightBits() throws IOException {
        ByteBuffer out = dump(2, 1, 16, 4, XwdImage.LSB_FIRST, 0xF800, 0x07E0, 0x001F, 0, 7);
        out.putShort((short) 0xFFFF).putShort((short) 0x8410);
        PpmImage image = XwdImage.parse(out.array());
        assertEquals(0xFFFFFFFF, image.argb(0, 0));
        // 0x8410: red 16 of 31, green 32 of 63, blue 16 of 31.
        assertEquals(0xFF848284, image.argb(1, 0));
    }

    @Test
    void refusesADumpCutShort() {
        ByteBuffer out = dump(4, 4, 32, 16, XwdImage.LSB_FIRST, 0xFF0000, 0xFF00, 0xFF, 0, 7);
        byte[] cut = java.util.Arrays.copyOf(out.array(), out.capacity() - 1);
        IOException e = assertThrows(IOException.class, () -> XwdImage.parse(cut));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void refusesOtherVersionsRowsTooNarrowAndScatteredMasks() {
        assertThrows(IOException.class, () -> XwdImage.parse(
                dump(1, 1, 32, 4, 0, 0xFF0000, 0xFF00, 0xFF, 0, 6).array()));
        assertThrows(IOException.class, () -> XwdImage.parse(
                dump(2, 1, 32, 4, 0, 0xFF0000, 0xFF00, 0xFF, 0, 7).array()));
        assertThrows(IOException.class, () -> XwdImage.parse(
                dump(1, 1, 32, 4, 0, 0xF0F000, 0xFF00, 0xFF, 0, 7).array()));
        assertThrows(IOException.class, () -> XwdImage.parse(new byte[40]));
    }
}
