package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The colour table of a palette image (SpicePalette): an id the server may cache it under and up to 65535
 * xRGB entries. Immutable. A display channel keeps these in its palette cache and hands one to the decoder,
 * whether it came with the image or from the cache.
 */
public final class Palette {
    /** Bytes before the entries: u64 unique id, u16 entry count. */
    private static final int HEADER_BYTES = 10;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long id;
    /** Entries with alpha forced to 0xFF: palette images are opaque. */
    private final int[] colors;

    private Palette(long id, int[] colors) {
        this.id = id;
        this.colors = colors;
    }

    /**
     * @param id     the server's unique id for this palette
     * @param colors entries as 0x??RRGGBB; the top byte is ignored
     * @return a palette with a copy of the entries
     * @throws IllegalArgumentException if there are more than 65535 entries
     */
    public static Palette of(long id, int... colors) {
        if (colors.length > 0xFFFF) {
            throw new IllegalArgumentException("a palette has at most 65535 entries, not " + colors.length);
        }
        int[] opaque = new int[colors.length];
        for (int i = 0; i < colors.length; i++) {
            opaque[i] = colors[i] | Argb32Rows.OPAQUE;
        }
        return new Palette(id, opaque);
    }

    /**
     * Reads a SpicePalette as it lies in a message: u64 unique, u16 num_ents, u32 ents[num_ents], all
     * little-endian.
     *
     * @param message the message body
     * @param offset  where the palette starts (a pointer field's value)
     * @throws ImageDecodeException if the palette runs past the end of the message
     */
    public static Palette read(MemorySegment message, long offset) throws ImageDecodeException {
        long size = message.byteSize();
        if (offset < 0 || offset > size - HEADER_BYTES) {
            throw new ImageDecodeException("palette at " + offset + " lies outside a " + size + "-byte message");
        }
        long id = message.get(U64, offset);
        int count = Short.toUnsignedInt(message.get(U16, offset + 8));
        long entries = offset + HEADER_BYTES;
        if (4L * count > size - entries) {
            throw new ImageDecodeException("palette of " + count + " entries runs past the end of the message");
        }
        int[] colors = new int[count];
        for (int i = 0; i < count; i++) {
            colors[i] = message.get(U32, entries + 4L * i) | Argb32Rows.OPAQUE;
        }
        return new Palette(id, colors);
    }

    /** @return the server's unique id, the key of the palette cache */
    public long id() {
        return id;
    }

    /** @return the number of entries */
    public int size() {
        return colors.length;
    }

    /**
     * @param index an entry number below {@link #size()}
     * @return the entry as opaque 0xFFRRGGBB
     */
    public int color(int index) {
        return colors[index];
    }

    /**
     * A lookup table with one slot per index a palette type can store. Indices past the end wrap around, as
     * spice-common does for 4-bit images; the decoder rejects out-of-range 1- and 8-bit indices itself.
     *
     * @param slots 2, 16 or 256
     * @return the table; the caller must not change it
     */
    int[] lookupTable(int slots) {
        if (colors.length == 0) {
            return new int[slots];
        }
        if (colors.length >= slots) {
            return colors.length == slots ? colors : Arrays.copyOf(colors, slots);
        }
        int[] table = new int[slots];
        for (int i = 0; i < slots; i++) {
            table[i] = colors[i % colors.length];
        }
        return table;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Palette p && p.id == id && Arrays.equals(p.colors, colors);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(colors);
    }

    @Override
    public String toString() {
        return "Palette[id=" + id + ", " + colors.length + " entries]";
    }
}
