package dev.saffron.nativebindings.fd;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.nio.ByteOrder;

import static dev.saffron.nativebindings.fd.Libc.C_INT;
import static dev.saffron.nativebindings.fd.Libc.C_POINTER;

/**
 * Test-only bindings for {@code <sys/socket.h>} ({@code socket}, {@code connect}, {@code socketpair}) and
 * {@code <netinet/in.h>}'s {@code struct sockaddr_in}: the tests make raw descriptors the way an application
 * that hands one to Saffron would, since the JDK never exposes a socket's descriptor.
 */
final class SysSocket {
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1;
    /** {@code struct sockaddr_in}: family, port and address in network order, 8 bytes of padding. */
    static final long SOCKADDR_IN_SIZE = 16;

    /** {@code int socket(int domain, int type, int protocol);} */
    private static final MethodHandle SOCKET = Libc.downcallCapturingErrno("socket",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT));
    /** {@code int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
    private static final MethodHandle CONNECT = Libc.downcallCapturingErrno("connect",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    /** {@code int socketpair(int domain, int type, int protocol, int sv[2]);} */
    private static final MethodHandle SOCKETPAIR = Libc.downcallCapturingErrno("socketpair",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER));

    private SysSocket() {
    }

    /** @return a blocking TCP socket's descriptor, connected to {@code address:port} */
    static int connectTcp(Inet4Address address, int port) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = (int) SOCKET.invokeExact(errno, AF_INET, SOCK_STREAM, 0);
            if (fd < 0) {
                throw new IOException("socket: " + StringH.strerror(Libc.errno(errno)));
            }
            MemorySegment sockaddr = arena.allocate(SOCKADDR_IN_SIZE);
            sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            sockaddr.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
            MemorySegment.copy(address.getAddress(), 0, sockaddr, ValueLayout.JAVA_BYTE, 4, 4);
            int result = (int) CONNECT.invokeExact(errno, fd, sockaddr, (int) SOCKADDR_IN_SIZE);
            if (result < 0) {
                int error = Libc.errno(errno);
                Unistd.close(errno, fd);
                throw new IOException("connect: " + StringH.strerror(error));
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.bindingFailure("socket", t);
        }
    }

    /** @return the two descriptors of a connected unix stream socket pair */
    static int[] pair() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment fds = arena.allocate(C_INT, 2);
            int result = (int) SOCKETPAIR.invokeExact(errno, AF_UNIX, SOCK_STREAM, 0, fds);
            if (result < 0) {
                throw new IOException("socketpair: " + StringH.strerror(Libc.errno(errno)));
            }
            return new int[] {fds.getAtIndex(C_INT, 0), fds.getAtIndex(C_INT, 1)};
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.bindingFailure("socketpair", t);
        }
    }
}
