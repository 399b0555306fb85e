package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.nativebindings.library.NativeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The part of FFmpeg 5.1 (Debian bookworm's {@code libavcodec59}, {@code libavutil57} and {@code libswscale6})
 * that decodes video packets and converts pictures, bound through FFM. Functions follow
 * {@code <libavcodec/avcodec.h>}, {@code <libavcodec/packet.h>}, {@code <libavutil/frame.h>},
 * {@code <libavutil/opt.h>}, {@code <libavutil/error.h>} and {@code <libswscale/swscale.h>}; enums are C ints.
 * The struct fields read or written here have the offsets those headers give on LP64, which hold only for the
 * library majors named below: loading checks each library's version function against them, so a library of
 * another major is refused rather than misread.
 */
// Calling native code is what this module is for; launchers grant it native access.
@SuppressWarnings("restricted")
final class FFmpeg {
    static final String AVCODEC = "libavcodec.so.59";
    static final String AVUTIL = "libavutil.so.57";
    static final String SWSCALE = "libswscale.so.6";
    static final int AVCODEC_MAJOR = 59;
    static final int AVUTIL_MAJOR = 57;
    static final int SWSCALE_MAJOR = 6;
    private static final String LIBRARIES = "FFmpeg (" + AVCODEC + ", " + AVUTIL + ", " + SWSCALE + ")";

    /** {@code enum AVCodecID} values ({@code <libavcodec/codec_id.h>}). */
    static final int AV_CODEC_ID_H264 = 27;
    static final int AV_CODEC_ID_VP8 = 139;
    static final int AV_CODEC_ID_VP9 = 167;
    static final int AV_CODEC_ID_HEVC = 173;

    /** {@code AV_PIX_FMT_BGRA}: four bytes a pixel, blue first ({@code <libavutil/pixfmt.h>}). */
    static final int AV_PIX_FMT_BGRA = 28;
    /** {@code SWS_BILINEAR}. */
    static final int SWS_BILINEAR = 2;
    /** {@code AVERROR(EAGAIN)} on Linux: the decoder wants another packet before it has a picture. */
    static final int AVERROR_EAGAIN = -11;
    /** {@code AV_INPUT_BUFFER_PADDING_SIZE}: zero bytes a packet's data must be followed by. */
    static final int AV_INPUT_BUFFER_PADDING_SIZE = 64;

    /** {@code AVPacket.data} ({@code uint8_t *}) and {@code AVPacket.size} ({@code int}). */
    static final long AVPACKET_DATA = 24;
    static final long AVPACKET_SIZE = 32;
    /** {@code AVFrame.data} ({@code uint8_t *[8]}), {@code linesize} ({@code int[8]}), width, height, format. */
    static final long AVFRAME_DATA = 0;
    static final long AVFRAME_LINESIZE = 64;
    static final long AVFRAME_WIDTH = 104;
    static final long AVFRAME_HEIGHT = 108;
    static final long AVFRAME_FORMAT = 116;
    /** The bytes of an AVFrame this binding touches, all within the struct. */
    static final long AVFRAME_USED_BYTES = 120;
    /** The bytes of an AVPacket this binding touches. */
    static final long AVPACKET_USED_BYTES = 36;

    private FFmpeg() {
    }

    /**
     * The libraries and what a session asks before its display channel links: which decoders libavcodec has.
     * Loading this class opens the three libraries, checks their majors and that they have every function
     * {@link Functions} binds, and binds only the version functions and {@code avcodec_find_decoder}: making
     * the other downcall handles took 50 to 70 ms of a cold start (without the AOT cache), during which the
     * display channel waited to link (README, Performance), and a session needs them only at its first video
     * stream.
     */
    private static final class Libraries {
        static final NativeLibrary AVCODEC_LIBRARY;
        static final NativeLibrary AVUTIL_LIBRARY;
        static final NativeLibrary SWSCALE_LIBRARY;
        static final MethodHandle AVCODEC_FIND_DECODER;

        static {
            AVCODEC_LIBRARY = NativeLibrary.open(AVCODEC);
            AVUTIL_LIBRARY = NativeLibrary.open(AVUTIL);
            SWSCALE_LIBRARY = NativeLibrary.open(SWSCALE);
            AVCODEC_LIBRARY.requireSymbols("avcodec_alloc_context3", "avcodec_open2", "avcodec_free_context",
                    "avcodec_send_packet", "avcodec_receive_frame", "av_packet_alloc", "av_packet_free");
            AVUTIL_LIBRARY.requireSymbols("av_frame_alloc", "av_frame_free", "av_opt_set_int", "av_opt_set",
                    "av_strerror");
            SWSCALE_LIBRARY.requireSymbols("sws_getCachedContext", "sws_scale", "sws_freeContext");
            FunctionDescriptor version = FunctionDescriptor.of(JAVA_INT);
            requireMajor(AVCODEC, AVCODEC_LIBRARY.function("avcodec_version", version), AVCODEC_MAJOR);
            requireMajor(AVUTIL, AVUTIL_LIBRARY.function("avutil_version", version), AVUTIL_MAJOR);
            requireMajor(SWSCALE, SWSCALE_LIBRARY.function("swscale_version", version), SWSCALE_MAJOR);
            AVCODEC_FIND_DECODER = AVCODEC_LIBRARY.function("avcodec_find_decoder",
                    FunctionDescriptor.of(ADDRESS, JAVA_INT));
        }

        /** The version functions return {@code major << 16 | minor << 8 | micro}. */
        private static void requireMajor(String library, MethodHandle version, int major) {
            int found;
            try {
                found = (int) version.invokeExact();
            } catch (Throwable e) {
                throw NativeLibrary.rethrow(e);
            }
            if (found >>> 16 != major) {
                throw new IllegalStateException(library + " reports version " + (found >>> 16) + "."
                        + (found >>> 8 & 0xFF) + "." + (found & 0xFF) + ", not major " + major);
            }
        }
    }

    /** The functions that decode and convert, bound at a session's first video stream. */
    private static final class Functions {
        static final MethodHandle AVCODEC_ALLOC_CONTEXT3;
        static final MethodHandle AVCODEC_OPEN2;
        static final MethodHandle AVCODEC_FREE_CONTEXT;
        static final MethodHandle AVCODEC_SEND_PACKET;
        static final MethodHandle AVCODEC_RECEIVE_FRAME;
        static final MethodHandle AV_PACKET_ALLOC;
        static final MethodHandle AV_PACKET_FREE;
        static final MethodHandle AV_FRAME_ALLOC;
        static final MethodHandle AV_FRAME_FREE;
        static final MethodHandle AV_OPT_SET_INT;
        static final MethodHandle AV_OPT_SET;
        static final MethodHandle AV_STRERROR;
        static final MethodHandle SWS_GET_CACHED_CONTEXT;
        static final MethodHandle SWS_SCALE;
        static final MethodHandle SWS_FREE_CONTEXT;

        static {
            NativeLibrary avcodec = Libraries.AVCODEC_LIBRARY;
            NativeLibrary avutil = Libraries.AVUTIL_LIBRARY;
            NativeLibrary swscale = Libraries.SWSCALE_LIBRARY;
            AVCODEC_ALLOC_CONTEXT3 = avcodec.function("avcodec_alloc_context3",
                    FunctionDescriptor.of(ADDRESS, ADDRESS));
            AVCODEC_OPEN2 = avcodec.function("avcodec_open2",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
            AVCODEC_FREE_CONTEXT = avcodec.function("avcodec_free_context", FunctionDescriptor.ofVoid(ADDRESS));
            AVCODEC_SEND_PACKET = avcodec.function("avcodec_send_packet",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            AVCODEC_RECEIVE_FRAME = avcodec.function("avcodec_receive_frame",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            AV_PACKET_ALLOC = avcodec.function("av_packet_alloc", FunctionDescriptor.of(ADDRESS));
            AV_PACKET_FREE = avcodec.function("av_packet_free", FunctionDescriptor.ofVoid(ADDRESS));
            AV_FRAME_ALLOC = avutil.function("av_frame_alloc", FunctionDescriptor.of(ADDRESS));
            AV_FRAME_FREE = avutil.function("av_frame_free", FunctionDescriptor.ofVoid(ADDRESS));
            AV_OPT_SET_INT = avutil.function("av_opt_set_int",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
            AV_OPT_SET = avutil.function("av_opt_set",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
            AV_STRERROR = avutil.function("av_strerror",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
            SWS_GET_CACHED_CONTEXT = swscale.function("sws_getCachedContext",
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                            JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
            SWS_SCALE = swscale.function("sws_scale",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS,
                            ADDRESS));
            SWS_FREE_CONTEXT = swscale.function("sws_freeContext", FunctionDescriptor.ofVoid(ADDRESS));
        }
    }

    /**
     * @return why the libraries cannot be used here, or empty when all three load, are the majors whose
     *         struct layouts this binding knows, and have every function it calls
     */
    static Optional<String> unavailableReason() {
        return NativeLibrary.unavailableReason(Libraries.AVCODEC_FIND_DECODER::type, LIBRARIES);
    }

    /**
     * @return why the decoding functions could not be bound, or empty once they are (the first call binds
     *         them); {@link #unavailableReason()} must be empty first
     */
    static Optional<String> decodingUnavailableReason() {
        return NativeLibrary.unavailableReason(Functions.AV_PACKET_ALLOC::type, LIBRARIES);
    }

    /** {@code const AVCodec *avcodec_find_decoder(enum AVCodecID id)}: NULL when not built in. */
    static MemorySegment avcodecFindDecoder(int id) {
        try {
            return (MemorySegment) Libraries.AVCODEC_FIND_DECODER.invokeExact(id);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code AVCodecContext *avcodec_alloc_context3(const AVCodec *codec)}: NULL on failure. */
    static MemorySegment avcodecAllocContext3(MemorySegment codec) {
        try {
            return (MemorySegment) Functions.AVCODEC_ALLOC_CONTEXT3.invokeExact(codec);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int avcodec_open2(AVCodecContext *avctx, const AVCodec *codec, AVDictionary **options)}. */
    static int avcodecOpen2(MemorySegment context, MemorySegment codec, MemorySegment options) {
        try {
            return (int) Functions.AVCODEC_OPEN2.invokeExact(context, codec, options);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code void avcodec_free_context(AVCodecContext **avctx)}: frees it and sets the pointer to NULL. */
    static void avcodecFreeContext(MemorySegment contextPointer) {
        try {
            Functions.AVCODEC_FREE_CONTEXT.invokeExact(contextPointer);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int avcodec_send_packet(AVCodecContext *avctx, const AVPacket *avpkt)}: 0 or a negative AVERROR. */
    static int avcodecSendPacket(MemorySegment context, MemorySegment packet) {
        try {
            return (int) Functions.AVCODEC_SEND_PACKET.invokeExact(context, packet);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int avcodec_receive_frame(AVCodecContext *avctx, AVFrame *frame)}: 0 or a negative AVERROR. */
    static int avcodecReceiveFrame(MemorySegment context, MemorySegment frame) {
        try {
            return (int) Functions.AVCODEC_RECEIVE_FRAME.invokeExact(context, frame);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code AVPacket *av_packet_alloc(void)}: NULL on failure. */
    static MemorySegment avPacketAlloc() {
        try {
            return (MemorySegment) Functions.AV_PACKET_ALLOC.invokeExact();
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code void av_packet_free(AVPacket **pkt)}. */
    static void avPacketFree(MemorySegment packetPointer) {
        try {
            Functions.AV_PACKET_FREE.invokeExact(packetPointer);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code AVFrame *av_frame_alloc(void)}: NULL on failure. */
    static MemorySegment avFrameAlloc() {
        try {
            return (MemorySegment) Functions.AV_FRAME_ALLOC.invokeExact();
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code void av_frame_free(AVFrame **frame)}. */
    static void avFrameFree(MemorySegment framePointer) {
        try {
            Functions.AV_FRAME_FREE.invokeExact(framePointer);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int av_opt_set_int(void *obj, const char *name, int64_t val, int search_flags)}. */
    static int avOptSetInt(MemorySegment object, MemorySegment name, long value, int searchFlags) {
        try {
            return (int) Functions.AV_OPT_SET_INT.invokeExact(object, name, value, searchFlags);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int av_opt_set(void *obj, const char *name, const char *val, int search_flags)}. */
    static int avOptSet(MemorySegment object, MemorySegment name, MemorySegment value, int searchFlags) {
        try {
            return (int) Functions.AV_OPT_SET.invokeExact(object, name, value, searchFlags);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code int av_strerror(int errnum, char *errbuf, size_t errbuf_size)}. */
    static int avStrerror(int error, MemorySegment buffer, long size) {
        try {
            return (int) Functions.AV_STRERROR.invokeExact(error, buffer, size);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /**
     * {@code struct SwsContext *sws_getCachedContext(struct SwsContext *context, int srcW, int srcH,
     * enum AVPixelFormat srcFormat, int dstW, int dstH, enum AVPixelFormat dstFormat, int flags,
     * SwsFilter *srcFilter, SwsFilter *dstFilter, const double *param)}: the context, reused when its
     * parameters match, or NULL on failure (the old one is then freed).
     */
    static MemorySegment swsGetCachedContext(MemorySegment context, int srcWidth, int srcHeight, int srcFormat,
                                             int dstWidth, int dstHeight, int dstFormat, int flags) {
        try {
            return (MemorySegment) Functions.SWS_GET_CACHED_CONTEXT.invokeExact(context, srcWidth, srcHeight,
                    srcFormat, dstWidth, dstHeight, dstFormat, flags, MemorySegment.NULL, MemorySegment.NULL,
                    MemorySegment.NULL);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /**
     * {@code int sws_scale(struct SwsContext *c, const uint8_t *const srcSlice[], const int srcStride[],
     * int srcSliceY, int srcSliceH, uint8_t *const dst[], const int dstStride[])}: the output rows written.
     */
    static int swsScale(MemorySegment context, MemorySegment srcSlice, MemorySegment srcStride, int srcSliceY,
                        int srcSliceH, MemorySegment dst, MemorySegment dstStride) {
        try {
            return (int) Functions.SWS_SCALE.invokeExact(context, srcSlice, srcStride, srcSliceY, srcSliceH, dst,
                    dstStride);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** {@code void sws_freeContext(struct SwsContext *swsContext)}: NULL is ignored. */
    static void swsFreeContext(MemorySegment context) {
        try {
            Functions.SWS_FREE_CONTEXT.invokeExact(context);
        } catch (Throwable e) {
            throw NativeLibrary.rethrow(e);
        }
    }

    /** @return FFmpeg's message for a negative AVERROR code */
    static String errorString(int error) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(128);
            if (avStrerror(error, buffer, buffer.byteSize()) < 0) {
                return "error " + error;
            }
            return buffer.getString(0);
        }
    }

    /** A pointer-to-pointer cell, for the free functions that clear the caller's pointer. */
    static MemorySegment pointerCell(Arena arena, MemorySegment pointer) {
        MemorySegment cell = arena.allocate(ValueLayout.ADDRESS);
        cell.set(ValueLayout.ADDRESS, 0, pointer);
        return cell;
    }
}
