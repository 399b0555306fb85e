package dev.saffron.nativebindings.memory;

import dev.saffron.nativebindings.library.NativeLibrary;
import dev.saffron.spice.spi.LazyMemoryProvider;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Surface memory from anonymous private {@code mmap(2)} on Linux: the kernel hands out zero pages on first
 * write, so a surface the server creates but never draws into costs address space, not memory. Closing the
 * owning arena unmaps it. Found by core's ServiceLoader.
 */
// Calling native code is what this module is for; launchers grant it native access.
@SuppressWarnings("restricted")
public final class MmapMemoryProvider implements LazyMemoryProvider {
    private static final System.Logger LOG = System.getLogger(MmapMemoryProvider.class.getName());
    /** Linux's values, the same on x86-64 and AArch64. */
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    /** mmap's failure value, {@code (void *) -1}. */
    private static final long MAP_FAILED = -1;

    /** Made by ServiceLoader. */
    public MmapMemoryProvider() {
    }

    @Override
    public boolean isAvailable() {
        Optional<String> unavailable = NativeLibrary.unavailableReason(() -> Functions.MMAP.type(),
                "anonymous mmap");
        unavailable.ifPresent(reason -> LOG.log(System.Logger.Level.DEBUG, reason));
        return unavailable.isEmpty();
    }

    @Override
    public MemorySegment allocate(Arena owner, long byteSize) {
        if (byteSize <= 0) {
            throw new IllegalArgumentException("mapping of " + byteSize + " bytes");
        }
        MemorySegment address;
        try {
            address = (MemorySegment) Functions.MMAP.invokeExact(MemorySegment.NULL, byteSize,
                    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
        if (address.address() == MAP_FAILED) {
            throw new OutOfMemoryError("mmap refused " + byteSize + " bytes");
        }
        return address.reinterpret(byteSize, owner, mapping -> unmap(mapping, byteSize));
    }

    private static void unmap(MemorySegment mapping, long byteSize) {
        int result;
        try {
            result = (int) Functions.MUNMAP.invokeExact(mapping, byteSize);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
        if (result != 0) {
            LOG.log(System.Logger.Level.ERROR, "munmap of {0} bytes at {1} failed", byteSize, mapping.address());
        }
    }

    /** Binds the functions on first use, on Linux only: the flag values above are Linux's. */
    private static final class Functions {
        static final MethodHandle MMAP;
        static final MethodHandle MUNMAP;

        static {
            if (!System.getProperty("os.name", "").equals("Linux")) {
                throw new UnsupportedOperationException("anonymous mmap flags are known for Linux only, not "
                        + System.getProperty("os.name"));
            }
            Linker linker = Linker.nativeLinker();
            MMAP = linker.downcallHandle(find(linker, "mmap"), FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MUNMAP = linker.downcallHandle(find(linker, "munmap"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        }

        private static MemorySegment find(Linker linker, String name) {
            return linker.defaultLookup().find(name)
                    .orElseThrow(() -> new UnsupportedOperationException("libc has no symbol " + name));
        }
    }
}
