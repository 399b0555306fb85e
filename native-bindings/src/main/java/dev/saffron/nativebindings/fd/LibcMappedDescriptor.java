package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.MappedDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A read-only shared mapping of a passed buffer: a dma-buf, or a memfd sealed against shrinking (nothing else
 * is mapped, since a file cut short under a mapping kills the reader). Where the buffer is a dma-buf, reads are
 * bracketed with
 * {@code DMA_BUF_IOCTL_SYNC}, through a duplicate of the descriptor this mapping owns (the mapping may outlive
 * the descriptor it was made from); a memfd answers the ioctl with ENOTTY and needs no bracketing.
 */
final class LibcMappedDescriptor implements MappedDescriptor {
    private static final System.Logger LOG = System.getLogger(LibcMappedDescriptor.class.getName());

    private final MemorySegment segment;
    /** The dma-buf to sync through, or null for a memfd. */
    private final LibcPassedDescriptor syncThrough;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment sync;
    private final MemorySegment errno;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LibcMappedDescriptor(MemorySegment segment, LibcPassedDescriptor syncThrough) {
        this.segment = segment;
        this.syncThrough = syncThrough;
        this.sync = arena.allocate(ValueLayout.JAVA_LONG);
        this.errno = Libc.errnoSegment(arena);
    }

    @SuppressWarnings("restricted")
    static LibcMappedDescriptor map(LibcPassedDescriptor descriptor, long length) throws IOException {
        if (length <= 0) {
            throw new IOException("nothing to map: " + length + " bytes");
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(call);
            MemorySegment flags = call.allocate(ValueLayout.JAVA_LONG);
            flags.set(ValueLayout.JAVA_LONG, 0, Mman.DMA_BUF_SYNC_START | Mman.DMA_BUF_SYNC_READ);
            boolean dmaBuf = Mman.ioctl(errno, descriptor.fd(), Mman.DMA_BUF_IOCTL_SYNC, flags) == 0;
            if (dmaBuf) {
                flags.set(ValueLayout.JAVA_LONG, 0, Mman.DMA_BUF_SYNC_END | Mman.DMA_BUF_SYNC_READ);
                Mman.ioctl(errno, descriptor.fd(), Mman.DMA_BUF_IOCTL_SYNC, flags);
            } else {
                // A dma-buf keeps its size; any other file may be cut short by its producer after the size
                // check, and a read of the mapping past its end would kill this process with SIGBUS.
                int seals = Fcntl.fcntl(errno, descriptor.fd(), Fcntl.F_GET_SEALS);
                if (seals < 0 || (seals & Fcntl.F_SEAL_SHRINK) == 0) {
                    throw new IOException(descriptor + " is neither a dma-buf nor a memfd sealed against "
                            + "shrinking (F_SEAL_SHRINK), so mapping it is not safe");
                }
            }
            MemorySegment address = Mman.mmap(errno, length, Mman.PROT_READ, Mman.MAP_SHARED, descriptor.fd(), 0);
            if (address.address() == -1L) {
                throw new IOException("cannot map " + descriptor + ": " + StringH.strerror(Libc.errno(errno)));
            }
            MemorySegment segment = address.reinterpret(length);
            try {
                return new LibcMappedDescriptor(segment, dmaBuf ? (LibcPassedDescriptor) descriptor.duplicate() : null);
            } catch (IOException e) {
                Mman.munmap(errno, segment, length);
                throw e;
            }
        }
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void beginRead() {
        syncRead(Mman.DMA_BUF_SYNC_START);
    }

    @Override
    public void endRead() {
        syncRead(Mman.DMA_BUF_SYNC_END);
    }

    /** A failed sync only risks a torn picture, which the next draw repairs: logged, not thrown. */
    private void syncRead(long when) {
        if (syncThrough == null) {
            return;
        }
        sync.set(ValueLayout.JAVA_LONG, 0, when | Mman.DMA_BUF_SYNC_READ);
        if (Mman.ioctl(errno, syncThrough.fd(), Mman.DMA_BUF_IOCTL_SYNC, sync) < 0) {
            LOG.log(System.Logger.Level.DEBUG, "DMA_BUF_IOCTL_SYNC on {0}: {1}", syncThrough,
                    StringH.strerror(Libc.errno(errno)));
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Arena call = Arena.ofConfined()) {
            Mman.munmap(Libc.errnoSegment(call), segment, segment.byteSize());
        }
        if (syncThrough != null) {
            syncThrough.close();
        }
        arena.close();
    }
}
