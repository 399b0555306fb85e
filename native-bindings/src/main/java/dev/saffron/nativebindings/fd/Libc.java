package dev.saffron.nativebindings.fd;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * What the libc bindings share, in jextract's manner: the C type layouts of LP64 Linux, the lookup of
 * libc's symbols, and errno, which each binding captures right after its call (a later JVM call could
 * overwrite the thread's errno otherwise).
 */
final class Libc {
    static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    /** {@code long}, {@code ssize_t} and {@code size_t} on LP64. */
    static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    static final ValueLayout C_POINTER = ValueLayout.ADDRESS;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Libc() {
    }

    /** @return a handle for libc's {@code name} whose first argument is the errno capture segment */
    @SuppressWarnings("restricted")
    static MethodHandle downcallCapturingErrno(String name, FunctionDescriptor descriptor,
                                               Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    /** @return a handle for libc's {@code name}, for functions that do not set errno */
    @SuppressWarnings("restricted")
    static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** @return a segment for one call's captured errno */
    static MemorySegment errnoSegment(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** @return the errno a call captured into {@code state} */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Wraps a {@code Throwable} from {@code invokeExact}, which only a broken binding can throw. */
    static AssertionError bindingFailure(String function, Throwable cause) {
        return new AssertionError("the " + function + " binding failed", cause);
    }
}
