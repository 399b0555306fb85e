package dev.saffron.nativebindings.fd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.saffron.nativebindings.fd.Libc.C_INT;
import static dev.saffron.nativebindings.fd.Libc.C_LONG;
import static dev.saffron.nativebindings.fd.Libc.C_POINTER;

/**
 * Bindings for mapping a passed buffer: {@code mmap}, {@code munmap}, {@code lseek} (its size) and the
 * {@code ioctl} of {@code <linux/dma-buf.h>} that brackets CPU access to a dma-buf (Linux values, LP64).
 */
final class Mman {
    static final int PROT_READ = 1;
    static final int MAP_SHARED = 1;
    static final int SEEK_END = 2;
    static final int ENOTTY = 25;
    /** {@code _IOW('b', 0, struct dma_buf_sync)}: the struct is one {@code __u64 flags}. */
    static final long DMA_BUF_IOCTL_SYNC = 0x40086200L;
    static final long DMA_BUF_SYNC_READ = 1;
    static final long DMA_BUF_SYNC_START = 0;
    static final long DMA_BUF_SYNC_END = 4;

    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);} */
    private static final MethodHandle MMAP = Libc.downcallCapturingErrno("mmap",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_INT, C_INT, C_INT, C_LONG));
    /** {@code int munmap(void *addr, size_t length);} */
    private static final MethodHandle MUNMAP = Libc.downcallCapturingErrno("munmap",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG));
    /** {@code off_t lseek(int fd, off_t offset, int whence);} */
    private static final MethodHandle LSEEK = Libc.downcallCapturingErrno("lseek",
            FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_INT));
    /** {@code int ioctl(int fd, unsigned long request, void *argp);} (variadic after the request) */
    private static final MethodHandle IOCTL = Libc.downcallCapturingErrno("ioctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER), Linker.Option.firstVariadicArg(2));

    private Mman() {
    }

    /** @return the mapping's address, or {@code MAP_FAILED} (address -1) */
    static MemorySegment mmap(MemorySegment errno, long length, int prot, int flags, int fd, long offset) {
        try {
            return (MemorySegment) MMAP.invokeExact(errno, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw Libc.bindingFailure("mmap", t);
        }
    }

    static int munmap(MemorySegment errno, MemorySegment address, long length) {
        try {
            return (int) MUNMAP.invokeExact(errno, address, length);
        } catch (Throwable t) {
            throw Libc.bindingFailure("munmap", t);
        }
    }

    static long lseek(MemorySegment errno, int fd, long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(errno, fd, offset, whence);
        } catch (Throwable t) {
            throw Libc.bindingFailure("lseek", t);
        }
    }

    static int ioctl(MemorySegment errno, int fd, long request, MemorySegment argument) {
        try {
            return (int) IOCTL.invokeExact(errno, fd, request, argument);
        } catch (Throwable t) {
            throw Libc.bindingFailure("ioctl", t);
        }
    }
}
