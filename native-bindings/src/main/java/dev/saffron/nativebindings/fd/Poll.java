package dev.saffron.nativebindings.fd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static dev.saffron.nativebindings.fd.Libc.C_INT;
import static dev.saffron.nativebindings.fd.Libc.C_LONG;
import static dev.saffron.nativebindings.fd.Libc.C_POINTER;
import static dev.saffron.nativebindings.fd.Libc.C_SHORT;

/** Bindings for {@code <poll.h>}: {@code poll(2)}, {@code struct pollfd} and the event bits (Linux values). */
final class Poll {
    static final short POLLIN = 0x001;
    static final short POLLOUT = 0x004;
    static final short POLLERR = 0x008;
    static final short POLLHUP = 0x010;
    static final short POLLNVAL = 0x020;

    /** {@code struct pollfd { int fd; short events; short revents; };} */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            C_INT.withName("fd"), C_SHORT.withName("events"), C_SHORT.withName("revents"));
    private static final VarHandle FD = POLLFD.varHandle(MemoryLayout.PathElement.groupElement("fd"));
    private static final VarHandle EVENTS = POLLFD.varHandle(MemoryLayout.PathElement.groupElement("events"));
    private static final VarHandle REVENTS = POLLFD.varHandle(MemoryLayout.PathElement.groupElement("revents"));

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} */
    private static final MethodHandle POLL = Libc.downcallCapturingErrno("poll",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT));

    private Poll() {
    }

    static int poll(MemorySegment errno, MemorySegment fds, long nfds, int timeout) {
        try {
            return (int) POLL.invokeExact(errno, fds, nfds, timeout);
        } catch (Throwable t) {
            throw Libc.bindingFailure("poll", t);
        }
    }

    static void set(MemorySegment pollfd, int fd, short events) {
        FD.set(pollfd, 0L, fd);
        EVENTS.set(pollfd, 0L, events);
        REVENTS.set(pollfd, 0L, (short) 0);
    }

    static short revents(MemorySegment pollfd) {
        return (short) REVENTS.get(pollfd, 0L);
    }
}
