package dev.saffron.spice.internal.display;

import dev.saffron.spice.spi.LazyMemoryProvider;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ServiceLoader;

/**
 * Where surface pixels come from. A new surface is all zero (black, fully transparent) and servers draw over
 * most of it before showing it, or never draw into it at all: memory the operating system maps lazily costs
 * nothing until drawn into, where {@link Arena#allocate} zero-fills, and so touches, every page at once.
 */
public abstract sealed class SurfaceMemory {
    /** Surface pixels' alignment: a cache line, for the row loops. */
    static final long ALIGNMENT = 64;

    /** @return a lazy provider when one is installed and works here, else zero-filled arena memory */
    public static SurfaceMemory best() {
        return Holder.BEST;
    }

    /**
     * @return {@code byteSize} zero bytes, freed when {@code owner} closes
     * @throws OutOfMemoryError if there is no memory for them
     */
    public abstract MemorySegment allocate(Arena owner, long byteSize);

    private static final class ZeroFilled extends SurfaceMemory {
        static final ZeroFilled INSTANCE = new ZeroFilled();

        @Override
        public MemorySegment allocate(Arena owner, long byteSize) {
            return owner.allocate(byteSize, ALIGNMENT);
        }
    }

    private static final class Lazy extends SurfaceMemory {
        private final LazyMemoryProvider provider;

        Lazy(LazyMemoryProvider provider) {
            this.provider = provider;
        }

        @Override
        public MemorySegment allocate(Arena owner, long byteSize) {
            MemorySegment segment = provider.allocate(owner, byteSize);
            if (segment.byteSize() != byteSize || segment.address() % ALIGNMENT != 0) {
                throw new IllegalStateException(provider.getClass().getName() + " gave " + segment.byteSize()
                        + " bytes at " + segment.address() + " for " + byteSize);
            }
            return segment;
        }
    }

    /** Looks for a provider when the first surface is made. */
    private static final class Holder {
        private static final System.Logger LOG = System.getLogger(SurfaceMemory.class.getName());
        static final SurfaceMemory BEST = find();

        private static SurfaceMemory find() {
            for (LazyMemoryProvider provider : ServiceLoader.load(LazyMemoryProvider.class)) {
                if (provider.isAvailable()) {
                    return new Lazy(provider);
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "no lazy memory provider; surfaces are zero-filled when made");
            return ZeroFilled.INSTANCE;
        }
    }
}
