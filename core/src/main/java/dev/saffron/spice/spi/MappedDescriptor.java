package dev.saffron.spice.spi;

import java.io.Closeable;
import java.lang.foreign.MemorySegment;

/**
 * A read-only mapping of a {@link PassedDescriptor}. Reads between {@link #beginRead()} and {@link #endRead()}
 * see what the producer finished writing: for a dma-buf these issue {@code DMA_BUF_IOCTL_SYNC}, for a memfd
 * they do nothing.
 */
public interface MappedDescriptor extends Closeable {
    /** @return the mapped bytes, valid until {@link #close()} */
    MemorySegment segment();

    /** Makes the producer's writes visible before a read (the start of a CPU access). */
    void beginRead();

    /** Ends the CPU access {@link #beginRead()} started. */
    void endRead();

    /** Unmaps; idempotent, never throws. */
    @Override
    void close();
}
