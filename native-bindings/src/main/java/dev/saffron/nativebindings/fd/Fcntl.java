package dev.saffron.nativebindings.fd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.saffron.nativebindings.fd.Libc.C_INT;

/**
 * Bindings for {@code <fcntl.h>}: {@code fcntl(2)} with no argument and with an {@code int} argument
 * (the function is variadic, so each arity is its own handle), and the constants used here (Linux values).
 */
final class Fcntl {
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int O_NONBLOCK = 0x800;
    static final int F_GET_SEALS = 1034;
    static final int F_SEAL_SHRINK = 0x0002;

    /** {@code int fcntl(int fd, int cmd);} */
    private static final MethodHandle FCNTL = Libc.downcallCapturingErrno("fcntl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), Linker.Option.firstVariadicArg(2));
    /** {@code int fcntl(int fd, int cmd, int arg);} */
    private static final MethodHandle FCNTL_INT = Libc.downcallCapturingErrno("fcntl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), Linker.Option.firstVariadicArg(2));

    private Fcntl() {
    }

    static int fcntl(MemorySegment errno, int fd, int cmd) {
        try {
            return (int) FCNTL.invokeExact(errno, fd, cmd);
        } catch (Throwable t) {
            throw Libc.bindingFailure("fcntl", t);
        }
    }

    static int fcntl(MemorySegment errno, int fd, int cmd, int arg) {
        try {
            return (int) FCNTL_INT.invokeExact(errno, fd, cmd, arg);
        } catch (Throwable t) {
            throw Libc.bindingFailure("fcntl", t);
        }
    }
}
