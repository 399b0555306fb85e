package dev.saffron.nativebindings.opus;

import dev.saffron.nativebindings.library.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The part of libopus's API ({@code <opus.h>}, libopus 1.3 as Debian bookworm's {@code libopus0} ships it) that
 * decodes and encodes single-stream packets, bound through FFM. Names and types follow the header;
 * {@code opus_int32} and {@code opus_int16} are Java's int and short. Every function is bound lazily, with the
 * library, on first use.
 */
// Calling native code is what this module is for; launchers grant it native access.
@SuppressWarnings("restricted")
final class Opus {
    /** The library's soname; the unversioned name comes only with the -dev package. */
    static final String LIBRARY = "libopus.so.0";

    /** {@code OPUS_OK}. */
    static final int OPUS_OK = 0;
    /** {@code OPUS_BUFFER_TOO_SMALL}: the packet holds more samples than the output takes. */
    static final int OPUS_BUFFER_TOO_SMALL = -2;
    /** {@code OPUS_INVALID_PACKET}: the packet is corrupt. */
    static final int OPUS_INVALID_PACKET = -4;
    /** {@code OPUS_APPLICATION_AUDIO}: tuned for music and general sound, not speech. */
    static final int OPUS_APPLICATION_AUDIO = 2049;
    /** {@code OPUS_SET_BITRATE_REQUEST}, the request behind {@code OPUS_SET_BITRATE(x)}. */
    static final int OPUS_SET_BITRATE_REQUEST = 4002;

    /** Longer than any of libopus's error strings, which are short literals. */
    private static final long ERROR_STRING_MAX = 64;

    private Opus() {
    }

    /** The bound functions; loading this class loads the library, and fails if it is missing. */
    private static final class Functions {
        static final MethodHandle OPUS_DECODER_CREATE;
        static final MethodHandle OPUS_DECODE;
        static final MethodHandle OPUS_DECODER_DESTROY;
        static final MethodHandle OPUS_ENCODER_CREATE;
        static final MethodHandle OPUS_ENCODE;
        static final MethodHandle OPUS_ENCODER_CTL_INT;
        static final MethodHandle OPUS_ENCODER_DESTROY;
        static final MethodHandle OPUS_STRERROR;

        static {
            NativeLibrary library = NativeLibrary.open(LIBRARY);
            // Decoding and encoding one packet is short and calls nothing back: critical calls that read and write
            // the caller's Java arrays in place, with no copy through native memory.
            Linker.Option inPlace = Linker.Option.critical(true);
            OPUS_DECODER_CREATE = library.function("opus_decoder_create",
                    FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
            OPUS_DECODE = library.function("opus_decode",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), inPlace);
            OPUS_DECODER_DESTROY = library.function("opus_decoder_destroy", FunctionDescriptor.ofVoid(ADDRESS));
            OPUS_ENCODER_CREATE = library.function("opus_encoder_create",
                    FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            OPUS_ENCODE = library.function("opus_encode",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), inPlace);
            // int opus_encoder_ctl(OpusEncoder *st, int request, ...), called with one int argument.
            OPUS_ENCODER_CTL_INT = library.function("opus_encoder_ctl",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
            OPUS_ENCODER_DESTROY = library.function("opus_encoder_destroy", FunctionDescriptor.ofVoid(ADDRESS));
            OPUS_STRERROR = library.function("opus_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        }
    }

    /**
     * @return why the library cannot be used here, or empty when it loads and has every function bound here
     */
    static Optional<String> unavailableReason() {
        return NativeLibrary.unavailableReason(Functions.OPUS_STRERROR::type, LIBRARY);
    }

    /**
     * {@code OpusDecoder *opus_decoder_create(opus_int32 Fs, int channels, int *error)}: NULL on failure, with
     * the reason in {@code *error}.
     */
    static MemorySegment opusDecoderCreate(int fs, int channels, MemorySegment error) {
        try {
            return (MemorySegment) Functions.OPUS_DECODER_CREATE.invokeExact(fs, channels, error);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /**
     * {@code int opus_decode(OpusDecoder *st, const unsigned char *data, opus_int32 len, opus_int16 *pcm,
     * int frame_size, int decode_fec)}: samples per channel decoded, or a negative error. {@code data} and
     * {@code pcm} may be heap segments.
     */
    static int opusDecode(MemorySegment st, MemorySegment data, int len, MemorySegment pcm, int frameSize,
                          int decodeFec) {
        try {
            return (int) Functions.OPUS_DECODE.invokeExact(st, data, len, pcm, frameSize, decodeFec);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code void opus_decoder_destroy(OpusDecoder *st)}. */
    static void opusDecoderDestroy(MemorySegment st) {
        try {
            Functions.OPUS_DECODER_DESTROY.invokeExact(st);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /**
     * {@code OpusEncoder *opus_encoder_create(opus_int32 Fs, int channels, int application, int *error)}: NULL
     * on failure, with the reason in {@code *error}.
     */
    static MemorySegment opusEncoderCreate(int fs, int channels, int application, MemorySegment error) {
        try {
            return (MemorySegment) Functions.OPUS_ENCODER_CREATE.invokeExact(fs, channels, application, error);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /**
     * {@code opus_int32 opus_encode(OpusEncoder *st, const opus_int16 *pcm, int frame_size, unsigned char *data,
     * opus_int32 max_data_bytes)}: the packet's length, or a negative error. {@code pcm} and {@code data} may be
     * heap segments.
     */
    static int opusEncode(MemorySegment st, MemorySegment pcm, int frameSize, MemorySegment data, int maxDataBytes) {
        try {
            return (int) Functions.OPUS_ENCODE.invokeExact(st, pcm, frameSize, data, maxDataBytes);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int opus_encoder_ctl(OpusEncoder *st, int request, ...)} with one int argument: 0 or an error. */
    static int opusEncoderCtl(MemorySegment st, int request, int value) {
        try {
            return (int) Functions.OPUS_ENCODER_CTL_INT.invokeExact(st, request, value);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code void opus_encoder_destroy(OpusEncoder *st)}. */
    static void opusEncoderDestroy(MemorySegment st) {
        try {
            Functions.OPUS_ENCODER_DESTROY.invokeExact(st);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** @return {@code const char *opus_strerror(int error)}, as a Java string */
    static String opusStrerror(int error) {
        try {
            MemorySegment text = (MemorySegment) Functions.OPUS_STRERROR.invokeExact(error);
            return text.reinterpret(ERROR_STRING_MAX).getString(0);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }
}
