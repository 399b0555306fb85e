package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A SPICE palette: an id the palette cache keys it by, and xRGB colours ({@code 0xXXRRGGBB}) that palette
 * images index. Immutable.
 *
 * <p>Indices at or beyond the entry count wrap around modulo the count, as spice-common's LZ palette
 * decoder does (its BITMAP path reads past the end instead). Only the first 256 entries can ever be
 * indexed, so a palette keeps at most that many.
 */
public final class Palette {
    /** Most entries a palette image can index: 8-bit indices. */
    public static final int MAX_INDEXED_ENTRIES = 256;

    private static final int HEADER_BYTES = 10;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long id;
    private final int size;
    /** Entry {@code i % size} for every 8-bit index {@code i}. */
    private final int[] colorByIndex = new int[MAX_INDEXED_ENTRIES];

    /**
     * @param id      the palette's unique id
     * @param entries its colours, at least one; entries past the 256th are dropped; not retained
     * @throws IllegalArgumentException if there are no entries
     */
    public Palette(long id, int[] entries) {
        if (entries.length == 0) {
            throw new IllegalArgumentException("a palette needs at least one entry");
        }
        this.id = id;
        this.size = Math.min(entries.length, MAX_INDEXED_ENTRIES);
        for (int i = 0; i < MAX_INDEXED_ENTRIES; i++) {
            colorByIndex[i] = entries[i % size];
        }
    }

    /**
     * Reads a SpicePalette: u64 unique id, u16 entry count, then that many u32 colours.
     *
     * @param data the bytes from the palette's start to the end of the message; not retained
     * @return the palette
     * @throws ImageDecodeException if the data is shorter than the palette claims, or it has no entries
     */
    public static Palette parse(MemorySegment data) throws ImageDecodeException {
        if (data.byteSize() < HEADER_BYTES) {
            throw new ImageDecodeException("palette truncated: " + data.byteSize() + " bytes");
        }
        long id = data.get(U64, 0);
        int count = Short.toUnsignedInt(data.get(U16, 8));
        if (count == 0) {
            throw new ImageDecodeException("palette " + Long.toUnsignedString(id) + " has no entries");
        }
        if (data.byteSize() - HEADER_BYTES < 4L * count) {
            throw new ImageDecodeException("palette of " + count + " entries truncated at " + data.byteSize()
                    + " bytes");
        }
        int[] entries = new int[Math.min(count, MAX_INDEXED_ENTRIES)];
        MemorySegment.copy(data, U32, HEADER_BYTES, entries, 0, entries.length);
        return new Palette(id, entries);
    }

    /** @return the id the server gave the palette */
    public long id() {
        return id;
    }

    /** @return how many entries the palette keeps, 1 to 256 */
    public int size() {
        return size;
    }

    /**
     * @param index a palette index, 0 to 255
     * @return the colour for it, wrapping indices past the last entry
     * @throws IndexOutOfBoundsException if the index is not 0 to 255
     */
    public int color(int index) {
        return colorByIndex[index];
    }

    /** @return the entries, a copy */
    public int[] entries() {
        return Arrays.copyOf(colorByIndex, size);
    }

    /** The colour of every 8-bit index, shared with decoders in this package without a copy: never modify it. */
    int[] colorByIndex() {
        return colorByIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Palette other && other.id == id && other.size == size
                && Arrays.equals(other.colorByIndex, colorByIndex);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(colorByIndex);
    }

    @Override
    public String toString() {
        return "Palette[" + Long.toUnsignedString(id) + ", " + size + " entries]";
    }
}
