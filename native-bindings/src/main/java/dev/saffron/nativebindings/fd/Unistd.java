package dev.saffron.nativebindings.fd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.saffron.nativebindings.fd.Libc.C_INT;
import static dev.saffron.nativebindings.fd.Libc.C_LONG;
import static dev.saffron.nativebindings.fd.Libc.C_POINTER;

/**
 * Bindings for {@code <unistd.h>}: {@code read(2)}, {@code write(2)} and {@code close(2)}, each taking the
 * errno capture segment first.
 */
final class Unistd {
    /** {@code ssize_t read(int fd, void *buf, size_t count);} */
    private static final MethodHandle READ = Libc.downcallCapturingErrno("read",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG));
    /** {@code ssize_t write(int fd, const void *buf, size_t count);} */
    private static final MethodHandle WRITE = Libc.downcallCapturingErrno("write",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG));
    /** {@code int close(int fd);} */
    private static final MethodHandle CLOSE = Libc.downcallCapturingErrno("close",
            FunctionDescriptor.of(C_INT, C_INT));

    private Unistd() {
    }

    static long read(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw Libc.bindingFailure("read", t);
        }
    }

    static long write(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw Libc.bindingFailure("write", t);
        }
    }

    static int close(MemorySegment errno, int fd) {
        try {
            return (int) CLOSE.invokeExact(errno, fd);
        } catch (Throwable t) {
            throw Libc.bindingFailure("close", t);
        }
    }
}
