package dev.saffron.nativebindings.fd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static dev.saffron.nativebindings.fd.Libc.C_INT;
import static dev.saffron.nativebindings.fd.Libc.C_POINTER;

/** Bindings for {@code <string.h>}: {@code strerror(3)}, for messages that say what errno meant. */
final class StringH {
    /** glibc's messages are short; this bounds the read of the returned C string. */
    private static final long MAX_MESSAGE = 256;

    /** {@code char *strerror(int errnum);} */
    private static final MethodHandle STRERROR = Libc.downcall("strerror", FunctionDescriptor.of(C_POINTER, C_INT));

    private StringH() {
    }

    /** @return the C library's text for {@code errnum}, such as "Bad file descriptor" */
    @SuppressWarnings("restricted")
    static String strerror(int errnum) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errnum);
            return text.equals(MemorySegment.NULL) ? "errno " + errnum
                    : text.reinterpret(MAX_MESSAGE).getString(0);
        } catch (Throwable t) {
            throw Libc.bindingFailure("strerror", t);
        }
    }
}
