package dev.saffron.nativebindings.fd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ancillary data {@code recvmsg} filled in, as the {@code CMSG_*} macros of LP64 Linux walk it:
 * headers of {@code size_t cmsg_len; int cmsg_level; int cmsg_type;} (16 bytes), each message padded to 8 bytes.
 * Only {@code SCM_RIGHTS} matters here; the descriptors it carries are already installed in this process, so
 * the caller owns (and must close) every one returned.
 */
final class ControlMessages {
    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    static final long HEADER_SIZE = 16;
    /** Room for this many descriptors with one byte; a server passes one, a hostile one more, which are closed. */
    static final int MAX_DESCRIPTORS = 8;
    /** {@code CMSG_SPACE(MAX_DESCRIPTORS * sizeof(int))}. */
    static final long SPACE = HEADER_SIZE + align(4L * MAX_DESCRIPTORS);

    private ControlMessages() {
    }

    private static long align(long length) {
        return (length + 7) & ~7L;
    }

    /**
     * @param control the control buffer
     * @param length  {@code msg_controllen} after the call: how much of it the kernel filled
     * @return the descriptors of every {@code SCM_RIGHTS} message, in order
     */
    static List<Integer> descriptors(MemorySegment control, long length) {
        List<Integer> fds = new ArrayList<>();
        long end = Math.min(length, control.byteSize());
        long at = 0;
        while (at + HEADER_SIZE <= end) {
            long cmsgLength = control.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
            int level = control.get(ValueLayout.JAVA_INT_UNALIGNED, at + 8);
            int type = control.get(ValueLayout.JAVA_INT_UNALIGNED, at + 12);
            if (cmsgLength < HEADER_SIZE || cmsgLength > end - at) {
                break;
            }
            if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                for (long data = at + HEADER_SIZE; data + 4 <= at + cmsgLength; data += 4) {
                    fds.add(control.get(ValueLayout.JAVA_INT_UNALIGNED, data));
                }
            }
            at += align(cmsgLength);
        }
        return fds;
    }
}
