package dev.saffron.nativebindings.turbojpeg;

import dev.saffron.nativebindings.library.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The part of libturbojpeg's TurboJPEG 2.x API ({@code <turbojpeg.h>}, libjpeg-turbo 2.1 as Debian bookworm's
 * {@code libturbojpeg0} ships it) that decompresses, bound through FFM. Names and types follow the header;
 * {@code unsigned long} is 64 bits (LP64). Every function is bound lazily, with the library, on first use.
 */
// Calling native code is what this module is for; launchers grant it native access.
@SuppressWarnings("restricted")
final class TurboJpeg {
    /** The library's soname; the unversioned name comes only with the -dev package. */
    static final String LIBRARY = "libturbojpeg.so.0";

    /** {@code TJPF_BGRX}: four bytes a pixel, blue first; the fourth is set to 0xFF. */
    static final int TJPF_BGRX = 3;
    /** {@code TJFLAG_FASTUPSAMPLE}: chroma upsampling by repetition ({@code do_fancy_upsampling = FALSE}). */
    static final int TJFLAG_FASTUPSAMPLE = 256;
    /** {@code TJFLAG_FASTDCT}: the fast integer inverse DCT ({@code JDCT_IFAST}). */
    static final int TJFLAG_FASTDCT = 2048;
    /** {@code TJFLAG_ACCURATEDCT}: the accurate integer inverse DCT ({@code JDCT_ISLOW}). */
    static final int TJFLAG_ACCURATEDCT = 4096;
    /** {@code TJFLAG_STOPONWARNING}: treat libjpeg's warnings (truncated or corrupt data) as errors. */
    static final int TJFLAG_STOPONWARNING = 8192;

    private TurboJpeg() {
    }

    /** The bound functions; loading this class loads the library, and fails if it is missing. */
    private static final class Functions {
        static final MethodHandle TJ_INIT_DECOMPRESS;
        static final MethodHandle TJ_DECOMPRESS_HEADER3;
        static final MethodHandle TJ_DECOMPRESS2;
        static final MethodHandle TJ_DESTROY;
        static final MethodHandle TJ_GET_ERROR_STR2;

        static {
            NativeLibrary library = NativeLibrary.open(LIBRARY);
            TJ_INIT_DECOMPRESS = library.function("tjInitDecompress", FunctionDescriptor.of(ADDRESS));
            TJ_DECOMPRESS_HEADER3 = library.function("tjDecompressHeader3",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            TJ_DECOMPRESS2 = library.function("tjDecompress2",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT,
                            JAVA_INT, JAVA_INT, JAVA_INT));
            TJ_DESTROY = library.function("tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            TJ_GET_ERROR_STR2 = library.function("tjGetErrorStr2", FunctionDescriptor.of(ADDRESS, ADDRESS));
        }
    }

    /**
     * @return why the library cannot be used here, or empty when it loads and has every function bound here
     */
    static Optional<String> unavailableReason() {
        return NativeLibrary.unavailableReason(Functions.TJ_DESTROY::type, LIBRARY);
    }

    /** {@code tjhandle tjInitDecompress(void)}: NULL on failure. */
    static MemorySegment tjInitDecompress() {
        try {
            return (MemorySegment) Functions.TJ_INIT_DECOMPRESS.invokeExact();
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /**
     * {@code int tjDecompressHeader3(tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize,
     * int *width, int *height, int *jpegSubsamp, int *jpegColorspace)}: 0, or -1 on error.
     */
    static int tjDecompressHeader3(MemorySegment handle, MemorySegment jpegBuf, long jpegSize, MemorySegment width,
                                   MemorySegment height, MemorySegment jpegSubsamp, MemorySegment jpegColorspace) {
        try {
            return (int) Functions.TJ_DECOMPRESS_HEADER3.invokeExact(handle, jpegBuf, jpegSize, width, height,
                    jpegSubsamp, jpegColorspace);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /**
     * {@code int tjDecompress2(tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize,
     * unsigned char *dstBuf, int width, int pitch, int height, int pixelFormat, int flags)}: 0, or -1 on error.
     */
    static int tjDecompress2(MemorySegment handle, MemorySegment jpegBuf, long jpegSize, MemorySegment dstBuf,
                             int width, int pitch, int height, int pixelFormat, int flags) {
        try {
            return (int) Functions.TJ_DECOMPRESS2.invokeExact(handle, jpegBuf, jpegSize, dstBuf, width, pitch,
                    height, pixelFormat, flags);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int tjDestroy(tjhandle handle)}: 0, or -1 on error. */
    static int tjDestroy(MemorySegment handle) {
        try {
            return (int) Functions.TJ_DESTROY.invokeExact(handle);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code char *tjGetErrorStr2(tjhandle handle)}: the last error on the handle, a NUL-ended string. */
    static MemorySegment tjGetErrorStr2(MemorySegment handle) {
        try {
            return (MemorySegment) Functions.TJ_GET_ERROR_STR2.invokeExact(handle);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }
}
