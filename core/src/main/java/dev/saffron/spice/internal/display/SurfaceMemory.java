package dev.saffron.spice.internal.display;

import dev.saffron.spice.spi.LazyMemoryProvider;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ServiceLoader;

/**
 * Where surface pixels come from. A new surface is all zero (black, fully transparent) and servers draw over
 * most of it before showing it, or never draw into it at all: memory the operating system maps lazily costs
 * nothing until drawn into, where {@link Arena#allocate} zero-fills, and so touches, every page at once.
 *
 * <p>Only large surfaces are mapped lazily. A fresh mapping faults in every page it is drawn into and is
 * unmapped when the surface goes, so a server that creates and destroys small surfaces all the time (window
 * contents on Windows guests, or a replay that starts over) would pay for page faults again and again, where
 * the C allocator behind {@link Arena#allocate} hands back memory it already has; zero-filling a small
 * surface costs little, and the budget bounds the sum. Large surfaces are where laziness pays: glibc maps
 * them freshly anyway, and a flood of them is what must not become resident.
 */
public abstract sealed class SurfaceMemory {
    /** Surface pixels' alignment: a cache line, for the row loops. */
    static final long ALIGNMENT = 64;
    /** Surfaces of this many bytes or more are mapped lazily: 2048x2048 and up, a 4K surface among them. */
    static final long LAZY_FROM_BYTES = 16L * 1024 * 1024;

    /**
     * @return zero-filled arena memory for small surfaces and, for large ones, a lazy provider when one is
     *         installed and works here; the providers are looked for at the first large surface, so that a
     *         session without one (a screenshot of a 1080p screen) never binds a native library for them
     */
    public static SurfaceMemory best() {
        return BySize.INSTANCE;
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

    private static final class BySize extends SurfaceMemory {
        static final BySize INSTANCE = new BySize();

        @Override
        public MemorySegment allocate(Arena owner, long byteSize) {
            return byteSize < LAZY_FROM_BYTES ? ZeroFilled.INSTANCE.allocate(owner, byteSize)
                    : Holder.LARGE.allocate(owner, byteSize);
        }
    }

    /** Looks for a provider when the first large surface is made. */
    private static final class Holder {
        private static final System.Logger LOG = System.getLogger(SurfaceMemory.class.getName());
        static final SurfaceMemory LARGE = find();

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
