package dev.saffron.spice.testing;

import dev.saffron.spice.spi.MappedDescriptor;
import dev.saffron.spice.spi.PassedDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Passed descriptors without a kernel, for the display channel's unit tests: each is a buffer of heap-backed
 * memory standing in for a memfd, and this ledger counts how often every descriptor and mapping it handed out was
 * closed, so that a test can check each had exactly one owner who closed it once.
 */
public final class FakeDescriptors {
    private final List<Fake> descriptors = new ArrayList<>();
    private final List<Mapping> mappings = new ArrayList<>();
    private int nextFd = 1000;

    /** How a fake answers for its file. */
    public enum Kind {
        /** A memfd: has a size, maps. */
        MEMFD,
        /** A pipe: no size, no mapping. */
        PIPE,
        /** A tiled buffer: has a size, but cannot be mapped for the CPU. */
        UNMAPPABLE
    }

    /** @return a descriptor over {@code memory}, which the test fills before or after */
    public synchronized PassedDescriptor create(MemorySegment memory, Kind kind) {
        Fake fake = new Fake(nextFd++, memory, kind);
        descriptors.add(fake);
        return fake;
    }

    /** @return a memfd-like descriptor over zeroed memory of {@code size} bytes */
    public PassedDescriptor memfd(long size) {
        return create(Arena.ofAuto().allocate(Math.max(1, size)).asSlice(0, size), Kind.MEMFD);
    }

    /** @return how many descriptors (originals and duplicates) were handed out */
    public synchronized int handedOut() {
        return descriptors.size();
    }

    /** @return how many descriptors and mappings are still open */
    public synchronized long stillOpen() {
        return descriptors.stream().filter(d -> d.closes == 0).count() + mappings.stream().filter(m -> m.closes == 0).count();
    }

    /** @return how many close calls came beyond the first, on any descriptor or mapping */
    public synchronized long extraCloses() {
        return descriptors.stream().mapToLong(d -> Math.max(0, d.closes - 1)).sum()
                + mappings.stream().mapToLong(m -> Math.max(0, m.closes - 1)).sum();
    }

    /** @return how many reads of a mapping were bracketed by begin and end */
    public synchronized long bracketedReads() {
        return mappings.stream().mapToLong(m -> m.ends).sum();
    }

    private final class Fake implements PassedDescriptor {
        private final int fd;
        private final MemorySegment memory;
        private final Kind kind;
        private int closes;

        Fake(int fd, MemorySegment memory, Kind kind) {
            this.fd = fd;
            this.memory = memory;
            this.kind = kind;
        }

        @Override
        public int fd() {
            synchronized (FakeDescriptors.this) {
                if (closes > 0) {
                    throw new IllegalStateException("fake descriptor " + fd + " was closed");
                }
            }
            return fd;
        }

        @Override
        public PassedDescriptor duplicate() {
            fd();
            return create(memory, kind);
        }

        @Override
        public long size() throws IOException {
            fd();
            if (kind == Kind.PIPE) {
                throw new IOException("Illegal seek");
            }
            return memory.byteSize();
        }

        @Override
        public MappedDescriptor mapReadOnly(long length) throws IOException {
            fd();
            if (kind != Kind.MEMFD) {
                throw new IOException("No such device");
            }
            if (length > memory.byteSize()) {
                throw new IllegalArgumentException("mapping " + length + " bytes of a " + memory.byteSize() + "-byte file");
            }
            Mapping mapping = new Mapping(memory.asSlice(0, length).asReadOnly());
            synchronized (FakeDescriptors.this) {
                mappings.add(mapping);
            }
            return mapping;
        }

        @Override
        public void close() {
            synchronized (FakeDescriptors.this) {
                closes++;
            }
        }
    }

    private final class Mapping implements MappedDescriptor {
        private final MemorySegment segment;
        private int closes;
        private int begins;
        private int ends;

        Mapping(MemorySegment segment) {
            this.segment = segment;
        }

        @Override
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public void beginRead() {
            synchronized (FakeDescriptors.this) {
                begins++;
            }
        }

        @Override
        public void endRead() {
            synchronized (FakeDescriptors.this) {
                if (ends >= begins) {
                    throw new IllegalStateException("endRead without beginRead");
                }
                ends++;
            }
        }

        @Override
        public void close() {
            synchronized (FakeDescriptors.this) {
                closes++;
            }
        }
    }
}
