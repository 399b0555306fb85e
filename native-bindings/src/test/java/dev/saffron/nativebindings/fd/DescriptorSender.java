package dev.saffron.nativebindings.fd;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static dev.saffron.nativebindings.fd.Libc.C_INT;
import static dev.saffron.nativebindings.fd.Libc.C_LONG;
import static dev.saffron.nativebindings.fd.Libc.C_POINTER;

/**
 * The sending side of descriptor passing, as spice-server does it, for tests: {@code sendmsg} of bytes with
 * {@code SCM_RIGHTS}, and {@code memfd_create} for a buffer to pass.
 */
final class DescriptorSender {
    private static final MethodHandle SENDMSG = Libc.downcallCapturingErrno("sendmsg",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT));
    private static final MethodHandle MEMFD_CREATE = Libc.downcallCapturingErrno("memfd_create",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT));

    private static final int MFD_ALLOW_SEALING = 2;
    private static final int F_ADD_SEALS = 1033;

    private DescriptorSender() {
    }

    /** Sends {@code bytes} on {@code socket} with {@code fds} attached (none for a plain send). */
    static void send(int socket, byte[] bytes, int... fds) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment iovec = arena.allocate(Socket.IOVEC);
            Socket.IOV_BASE.set(iovec, 0L, data);
            Socket.IOV_LEN.set(iovec, 0L, (long) bytes.length);
            MemorySegment message = arena.allocate(Socket.MSGHDR);
            Socket.MSG_IOV.set(message, 0L, iovec);
            Socket.MSG_IOVLEN.set(message, 0L, 1L);
            if (fds.length > 0) {
                long length = ControlMessages.HEADER_SIZE + 4L * fds.length;
                MemorySegment control = arena.allocate((length + 7) & ~7L, 8);
                control.set(ValueLayout.JAVA_LONG, 0, length);
                control.set(ValueLayout.JAVA_INT, 8, ControlMessages.SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, 12, ControlMessages.SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(ValueLayout.JAVA_INT, ControlMessages.HEADER_SIZE + 4L * i, fds[i]);
                }
                Socket.MSG_CONTROL.set(message, 0L, control);
                Socket.MSG_CONTROLLEN.set(message, 0L, control.byteSize());
            }
            long sent = (long) SENDMSG.invokeExact(errno, socket, message, 0);
            if (sent != bytes.length) {
                throw new IOException("sendmsg: " + StringH.strerror(Libc.errno(errno)));
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.bindingFailure("sendmsg", t);
        }
    }

    /** @return a new memfd holding {@code contents}, sealed against shrinking when {@code sealed} */
    static int memfd(byte[] contents, boolean sealed) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = (int) MEMFD_CREATE.invokeExact(errno, arena.allocateFrom("saffron-test"), MFD_ALLOW_SEALING);
            if (fd < 0) {
                throw new IOException("memfd_create: " + StringH.strerror(Libc.errno(errno)));
            }
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, contents);
            if (Unistd.write(errno, fd, data, contents.length) != contents.length) {
                throw new IOException("write to memfd: " + StringH.strerror(Libc.errno(errno)));
            }
            if (sealed && Fcntl.fcntl(errno, fd, F_ADD_SEALS, Fcntl.F_SEAL_SHRINK) < 0) {
                throw new IOException("F_ADD_SEALS: " + StringH.strerror(Libc.errno(errno)));
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.bindingFailure("memfd_create", t);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            Unistd.close(Libc.errnoSegment(arena), fd);
        }
    }
}
