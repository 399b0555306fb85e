package dev.saffron.spice.internal.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The colour table of a palette image (SpicePalette): an id the palette cache keys it by, and xRGB entries
 * that BITMAP and LZ_PLT images index. Immutable.
 *
 * <p>Entries keep their top byte as sent, as spice-common copies them into x8r8g8b8 images (a BITMAP's
 * HIGH_BITS_SET flag later says whether it is meaningful); the LZ path reads them through
 * {@link #lookupTable}, which is opaque. Only 8-bit indices exist,
 * so at most 256 entries are kept, and an index at or past the entry count wraps around modulo the count,
 * as spice-common's LZ palette path does (its BITMAP path would read past the table instead).
 */
public final class Palette {
    /** Most entries a palette image can index: 8-bit indices. */
    public static final int MAX_INDEXED_ENTRIES = 256;

    /** Bytes before the entries: u64 unique id, u16 entry count. */
    private static final int HEADER_BYTES = 10;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final long id;
    private final int size;
    /** Entry {@code i % size} for every 8-bit index {@code i}, as sent. */
    private final int[] colorByIndex = new int[MAX_INDEXED_ENTRIES];
    /** The same with the top byte forced to 0xFF, for LZ_PLT images, which spice-common decodes as opaque. */
    private final int[] opaqueByIndex = new int[MAX_INDEXED_ENTRIES];

    /**
     * @param id      the palette's unique id
     * @param entries its colours as {@code 0xXXRRGGBB}, at least one; past the 256th are dropped; not retained
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
            opaqueByIndex[i] = colorByIndex[i] | Argb32Rows.OPAQUE;
        }
    }

    /** @return a palette of the given colours; see {@link #Palette(long, int[])} */
    public static Palette of(long id, int... colors) {
        return new Palette(id, colors);
    }

    /**
     * Reads a SpicePalette as it lies in a message: u64 unique, u16 num_ents, u32 ents[num_ents], all
     * little-endian.
     *
     * @param message the message body; not retained
     * @param offset  where the palette starts (a pointer field's value)
     * @throws ImageDecodeException if the palette lies outside the message, runs past its end, or is empty
     */
    public static Palette read(MemorySegment message, long offset) throws ImageDecodeException {
        long size = message.byteSize();
        if (offset < 0 || offset > size - HEADER_BYTES) {
            throw new ImageDecodeException("palette at " + offset + " lies outside a " + size + "-byte message");
        }
        long id = message.get(U64, offset);
        int count = Short.toUnsignedInt(message.get(U16, offset + 8));
        if (count == 0) {
            throw new ImageDecodeException("palette " + Long.toUnsignedString(id) + " has no entries");
        }
        long entries = offset + HEADER_BYTES;
        if (4L * count > size - entries) {
            throw new ImageDecodeException("palette of " + count + " entries runs past the end of the message");
        }
        int[] colors = new int[Math.min(count, MAX_INDEXED_ENTRIES)];
        MemorySegment.copy(message, U32, entries, colors, 0, colors.length);
        return new Palette(id, colors);
    }

    /** Reads a palette that starts at the beginning of {@code data}; see {@link #read}. */
    public static Palette parse(MemorySegment data) throws ImageDecodeException {
        return read(data, 0);
    }

    /** @return the id the server gave the palette, the key of the palette cache */
    public long id() {
        return id;
    }

    /** @return how many entries the palette keeps, 1 to 256 */
    public int size() {
        return size;
    }

    /**
     * @param index a palette index, 0 to 255
     * @return the colour for it as sent, wrapping indices past the last entry
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

    /**
     * @param slots 2, 16 or 256: one slot per index a palette type can store
     * @return the opaque colour of each index, wrapped; the caller must not change it
     */
    int[] lookupTable(int slots) {
        return slots == MAX_INDEXED_ENTRIES ? opaqueByIndex : Arrays.copyOf(opaqueByIndex, slots);
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
