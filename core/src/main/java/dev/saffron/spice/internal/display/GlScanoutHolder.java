package dev.saffron.spice.internal.display;

import dev.saffron.spice.spi.MappedDescriptor;
import dev.saffron.spice.spi.PassedDescriptor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The one owner of a display channel's current GL scanout: the descriptor the server passed and, where the CPU
 * path could map it, its mapping. A new scanout, a scanout turned off and the channel's end each close the
 * previous descriptor and unmap the previous mapping, exactly once. The channel thread replaces and copies;
 * the event thread may duplicate the descriptor for an embedder meanwhile, so every method holds the lock.
 */
final class GlScanoutHolder implements AutoCloseable {
    private static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GlScanoutFrame frame;
    private PassedDescriptor descriptor;
    private MappedDescriptor mapping;
    /** Counts scanouts, so that an embedder's late request for an old one's descriptor gets nothing. */
    private long generation;

    /**
     * Makes {@code next} the current scanout; this holder owns {@code nextDescriptor} and {@code nextMapping}
     * from now on.
     *
     * @param nextMapping the descriptor's mapping for the CPU copy, or null where it could not be mapped
     * @return the new scanout's generation
     */
    synchronized long replace(GlScanoutFrame next, PassedDescriptor nextDescriptor, MappedDescriptor nextMapping) {
        release();
        frame = next;
        descriptor = nextDescriptor;
        mapping = nextMapping;
        return ++generation;
    }

    /** Drops the current scanout, if any: the server turned it off or sent one that cannot be shown. */
    synchronized void clear() {
        release();
        generation++;
    }

    /** @return the current scanout's description, if there is one */
    synchronized Optional<GlScanoutFrame> frame() {
        return Optional.ofNullable(frame);
    }

    /**
     * @return a duplicate of the descriptor of scanout {@code wanted}, owned by the caller, or empty when a
     *         later scanout (or none) has replaced it
     */
    synchronized Optional<PassedDescriptor> duplicate(long wanted) throws IOException {
        if (wanted != generation || descriptor == null) {
            return Optional.empty();
        }
        return Optional.of(descriptor.duplicate());
    }

    /**
     * Copies the {@code damage} rectangle of the current picture (top-down coordinates, already within its
     * bounds) into {@code target}, reading rows from the buffer's end when its row 0 is the picture's bottom, with red and blue swapped where its format keeps them the
     * other way round.
     *
     * @return whether there was a mapped frame to copy from
     */
    synchronized boolean copy(Rect damage, PixelBuffer target) {
        if (mapping == null) {
            return false;
        }
        MemorySegment source = mapping.segment();
        int width = damage.width();
        mapping.beginRead();
        try {
            for (int y = damage.top(); y < damage.bottom(); y++) {
                int sourceY = frame.y0Top() ? y : frame.height() - 1 - y;
                long from = (long) sourceY * frame.stride() + 4L * damage.left();
                long to = target.offset() + (long) y * target.stride() + 4L * damage.left();
                if (frame.swapsRedAndBlue()) {
                    for (int x = 0; x < width; x++) {
                        int pixel = source.get(PIXEL, from + 4L * x);
                        target.segment().set(PIXEL, to + 4L * x, pixel & 0xFF00FF00 | (pixel & 0xFF) << 16
                                | (pixel >>> 16) & 0xFF);
                    }
                } else {
                    MemorySegment.copy(source, from, target.segment(), to, 4L * width);
                }
            }
        } finally {
            mapping.endRead();
        }
        return true;
    }

    private void release() {
        if (mapping != null) {
            mapping.close();
            mapping = null;
        }
        if (descriptor != null) {
            descriptor.close();
            descriptor = null;
        }
        frame = null;
    }

    /** Releases the current scanout; the channel has ended. */
    @Override
    public synchronized void close() {
        release();
        generation++;
    }
}
