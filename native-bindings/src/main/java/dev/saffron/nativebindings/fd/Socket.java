package dev.saffron.nativebindings.fd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static dev.saffron.nativebindings.fd.Libc.C_INT;
import static dev.saffron.nativebindings.fd.Libc.C_LONG;
import static dev.saffron.nativebindings.fd.Libc.C_POINTER;

/**
 * Bindings for {@code <sys/socket.h>} and {@code <sys/un.h>} as far as a unix stream client needs them:
 * {@code socket}, {@code connect}, {@code recvmsg}, {@code send} and {@code shutdown}, {@code struct msghdr},
 * {@code struct iovec} and {@code struct sockaddr_un}, with the Linux values of their constants (LP64 layouts).
 */
final class Socket {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final int SHUT_RDWR = 2;
    /** The size of {@code sun_path}, its terminating zero included. */
    static final int SUN_PATH_SIZE = 108;

    /** {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };} */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            Libc.C_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(SUN_PATH_SIZE, ValueLayout.JAVA_BYTE).withName("sun_path"));
    /** {@code struct iovec { void *iov_base; size_t iov_len; };} */
    static final StructLayout IOVEC = MemoryLayout.structLayout(C_POINTER.withName("iov_base"), C_LONG.withName("iov_len"));
    /**
     * {@code struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen;
     * void *msg_control; size_t msg_controllen; int msg_flags; };}
     */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            C_POINTER.withName("msg_name"), C_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
            C_POINTER.withName("msg_iov"), C_LONG.withName("msg_iovlen"),
            C_POINTER.withName("msg_control"), C_LONG.withName("msg_controllen"),
            C_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));

    static final VarHandle IOV_BASE = IOVEC.varHandle(MemoryLayout.PathElement.groupElement("iov_base"));
    static final VarHandle IOV_LEN = IOVEC.varHandle(MemoryLayout.PathElement.groupElement("iov_len"));
    static final VarHandle MSG_IOV = MSGHDR.varHandle(MemoryLayout.PathElement.groupElement("msg_iov"));
    static final VarHandle MSG_IOVLEN = MSGHDR.varHandle(MemoryLayout.PathElement.groupElement("msg_iovlen"));
    static final VarHandle MSG_CONTROL = MSGHDR.varHandle(MemoryLayout.PathElement.groupElement("msg_control"));
    static final VarHandle MSG_CONTROLLEN = MSGHDR.varHandle(MemoryLayout.PathElement.groupElement("msg_controllen"));
    static final VarHandle MSG_FLAGS = MSGHDR.varHandle(MemoryLayout.PathElement.groupElement("msg_flags"));

    /** {@code int socket(int domain, int type, int protocol);} */
    private static final MethodHandle SOCKET = Libc.downcallCapturingErrno("socket",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    /** {@code int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
    private static final MethodHandle CONNECT = Libc.downcallCapturingErrno("connect",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    /** {@code ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);} */
    private static final MethodHandle RECVMSG = Libc.downcallCapturingErrno("recvmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));
    /** {@code ssize_t send(int sockfd, const void *buf, size_t len, int flags);} */
    private static final MethodHandle SEND = Libc.downcallCapturingErrno("send",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT));
    /** {@code int shutdown(int sockfd, int how);} */
    private static final MethodHandle SHUTDOWN = Libc.downcallCapturingErrno("shutdown",
            FunctionDescriptor.of(C_INT, C_INT, C_INT));

    private Socket() {
    }

    static int socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(errno, domain, type, protocol);
        } catch (Throwable t) {
            throw Libc.bindingFailure("socket", t);
        }
    }

    static int connect(MemorySegment errno, int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(errno, fd, address, length);
        } catch (Throwable t) {
            throw Libc.bindingFailure("connect", t);
        }
    }

    static long recvmsg(MemorySegment errno, int fd, MemorySegment message, int flags) {
        try {
            return (long) RECVMSG.invokeExact(errno, fd, message, flags);
        } catch (Throwable t) {
            throw Libc.bindingFailure("recvmsg", t);
        }
    }

    static long send(MemorySegment errno, int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) SEND.invokeExact(errno, fd, buffer, length, flags);
        } catch (Throwable t) {
            throw Libc.bindingFailure("send", t);
        }
    }

    static int shutdown(MemorySegment errno, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(errno, fd, how);
        } catch (Throwable t) {
            throw Libc.bindingFailure("shutdown", t);
        }
    }
}
