package dev.saffron.spice.spi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A service that gives core zeroed native memory whose pages the operating system supplies on first write,
 * such as an anonymous {@code mmap}: a display surface costs memory only where it is drawn into. Without a
 * provider, core allocates surfaces with {@link Arena#allocate}, which writes zeros over every page and so
 * makes the whole surface resident at once.
 */
public interface LazyMemoryProvider {
    /**
     * @return whether this provider works here; asked once, when core first looks for one
     */
    boolean isAvailable();

    /**
     * @param owner     the arena whose closing frees the memory
     * @param byteSize  how many bytes, positive
     * @return the memory, all zero, aligned to at least 64 bytes
     * @throws OutOfMemoryError if the operating system refuses the mapping
     */
    MemorySegment allocate(Arena owner, long byteSize);
}
