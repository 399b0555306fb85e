package dev.saffron.spice.internal.display;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.DisplayMonitor;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.GlScanoutError;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SurfaceFormat;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.codec.NativeVideo;
import dev.saffron.spice.internal.jfr.DrawEvent;
import dev.saffron.spice.internal.jfr.SaffronEvents;
import dev.saffron.spice.internal.jfr.StreamFrameDroppedEvent;
import dev.saffron.spice.internal.link.EarlyMessage;
import dev.saffron.spice.internal.transport.Transport;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;
import dev.saffron.spice.spi.MappedDescriptor;
import dev.saffron.spice.spi.PassedDescriptor;
import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.spi.VideoDecoder;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static dev.saffron.spice.internal.protocol.DisplayProtocol.*;

/**
 * The engine of a display channel (protocol reference §4): reads each message's header and destination, has
 * {@link DrawParser} read the rest, and draws on the channel's thread straight into the surfaces' off-heap
 * pixels, which its {@link SurfaceTable} owns; with decode threads, its {@link DecodeStage} decodes the images
 * and draws, in message order. Video frames wait for their time on a presenter thread of the
 * channel's own. Tells its facade about the primary surface and which rectangles changed through
 * {@link Events}.
 */
public final class DisplayEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void primarySurfaceCreated(DisplaySurface surface);

        void primarySurfaceDestroyed(DisplaySurface surface);

        void invalidate(int x, int y, int width, int height);

        void mark(boolean marked);

        void monitorsChanged(List<DisplayMonitor> monitors);

        /** A GL scanout arrived; {@code generation} names it to {@link #duplicateGlDescriptor(long)}. */
        void glScanout(GlScanoutFrame frame, long generation);

        /** The server turned GL scanout off, or its last one cannot be shown. */
        void glScanoutOff();

        /** A GL_DRAW's damage on the current scanout; the surface (CPU path) is already updated. */
        void glDraw(int x, int y, int width, int height);
    }

    /** Makes the application's view of a surface, whose constructor is the API package's own. */
    @FunctionalInterface
    public interface SurfaceFacade {
        DisplaySurface of(SurfacePixels pixels, SurfaceFormat format, boolean primary);
    }

    /** Cache and dictionary ids: every display channel of a session shares one of each, as in spice-gtk. */
    private static final int CACHE_ID = 1;
    private static final int MAX_CLIP_RECTS = 65536;
    private static final int MAX_MONITORS = 256;
    private static final int MAX_INVAL_ENTRIES = 65536;
    private static final Duration GLZ_WAIT = Duration.ofSeconds(30);
    /** spice-server numbers streams below 64; a larger id is not a server we understand. */
    private static final int MAX_STREAMS = 64;
    /** Frames waiting for their time, per stream; more means the client cannot keep up, so they are dropped. */
    private static final int MAX_PENDING_FRAMES = 32;
    /** How long the channel's end waits for a frame being drawn, in milliseconds: one frame, and more. */
    private static final long PRESENTER_STOP = 5_000;

    private static final System.Logger LOG = System.getLogger(DisplayEngine.class.getName());

    private final SurfaceTable<DisplaySurface> surfaces;
    private final ImageLimits limits;
    private final SurfaceFacade facades;
    private final Events events;
    private volatile List<DisplayMonitor> monitors = List.of();
    private volatile DisplaySurface primary;
    private volatile boolean marked;
    private final Map<Integer, VideoStream> streams = new ConcurrentHashMap<>();
    private ScheduledExecutorService presenter;
    /** Only the presenter thread uses it; closed once the presenter has stopped. */
    private MjpegFrames mjpegFrames;
    private ImageReader images;
    private DrawParser parser;
    /** Decodes the images of draws on other threads, when the session has decode threads; else null. */
    private volatile DecodeStage stage;
    /** The canvas of the latest draw; used by whichever thread draws, one at a time (the decode stage's order). */
    private Canvas canvas;
    /** Counted by the reader and the video presenter. */
    private final AtomicLong decodeErrors = new AtomicLong();
    private final AtomicLong drawErrors = new AtomicLong();
    private final AtomicLong surfacesRefused = new AtomicLong();
    private final Object frameLock = new Object();
    /** Orders the invalidations held back for a burst of draws with everything else fired to the listeners. */
    private final Object invalidationLock = new Object();
    /** Guarded by {@link #invalidationLock}. */
    private final List<Rect> waitingInvalidations = new ArrayList<>();
    /** Whether {@link #waitingInvalidations} holds any; written under the lock, read by the reader without. */
    private volatile boolean invalidationsWaiting;
    /** The thread reading this channel's messages: only its invalidations are held back. */
    private volatile Thread reader;
    /** Why the first skipped draw was skipped; a picture after one may be incomplete. Guarded by frameLock. */
    private String firstSkippedDraw;
    private long skippedDraws;
    private long primaryDraws;
    private long firstPrimaryDrawNanos;
    private long lastPrimaryDrawNanos;
    /** Owns the current GL scanout's descriptor and mapping (protocol reference §4.9). */
    private final GlScanoutHolder glScanout = new GlScanoutHolder();
    private final Map<GlScanoutError, AtomicLong> glScanoutErrors = counterPerError();
    private final AtomicLong glDrawsAnswered = new AtomicLong();
    private final AtomicLong glDrawsWithoutFrame = new AtomicLong();
    private final GlDrawTimings glDrawTimings = new GlDrawTimings();

    /**
     * @param limits  the largest surface and image accepted; smaller than the default only in tests
     * @param facades makes the application's view of each surface
     */
    public DisplayEngine(ChannelHost host, int id, ImageLimits limits, SurfaceFacade facades, Events events) {
        super(host, ChannelType.DISPLAY, id);
        this.limits = limits;
        this.facades = facades;
        this.events = events;
        this.surfaces = new SurfaceTable<>(name(), host.surfaceBudget(), SurfaceMemory.best());
    }

    /** @return a PREFERRED_VIDEO_CODEC_TYPE body: a count, then the codec numbers, most wanted first */
    public static ByteBuffer preferredVideoCodecs(List<VideoCodec> codecs) {
        MessageBuilder body = new MessageBuilder(1 + codecs.size()).u8(codecs.size());
        codecs.forEach(codec -> body.u8(VideoStream.wireCodec(codec)));
        return body.build();
    }

    /**
     * Offers GL scanouts only where they can be taken: GL scanout is on for the session (spice-gtk's
     * {@code gl-scanout}, {@code SPICE_DISABLE_GL_SCANOUT}) and the transport can receive descriptors, which
     * also means the native module that maps them for the CPU copy, the consumer that is always there, is present.
     */
    @Override
    public Capabilities clientCapabilities() {
        Transport transport = transport();
        boolean gl = transport != null && transport.receivesDescriptors()
                && host.config().effectiveGlScanout(System.getenv());
        return clientCapabilities(decodableVideoCodecs(), gl);
    }

    /** The codecs besides MJPEG to offer; asking {@link NativeVideo} loads the decoders' native libraries. */
    private Set<VideoCodec> decodableVideoCodecs() {
        return host.config().videoCodecsEnabled() ? NativeVideo.codecs() : Set.of();
    }

    /** @param decodable the codecs besides MJPEG that a video decoder is installed for */
    public static Capabilities clientCapabilities(Set<VideoCodec> decodable) {
        return clientCapabilities(decodable, false);
    }

    /**
     * @param decodable the codecs besides MJPEG that a video decoder is installed for
     * @param glScanout whether to offer GL scanouts
     */
    public static Capabilities clientCapabilities(Set<VideoCodec> decodable, boolean glScanout) {
        List<Integer> capabilities = new ArrayList<>(List.of(CAP_SIZED_STREAM, CAP_MONITORS_CONFIG,
                CAP_COMPOSITE, CAP_A8_SURFACE,
                CAP_STREAM_REPORT, CAP_LZ4_COMPRESSION, CAP_PREF_COMPRESSION, CAP_MULTI_CODEC, CAP_CODEC_MJPEG));
        if (glScanout) {
            capabilities.add(CAP_GL_SCANOUT);
        }
        for (VideoCodec codec : decodable) {
            capabilities.add(switch (codec) {
                case VP8 -> CAP_CODEC_VP8;
                case H264 -> CAP_CODEC_H264;
                case VP9 -> CAP_CODEC_VP9;
                case H265 -> CAP_CODEC_H265;
            });
        }
        return Capabilities.of(capabilities.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The INIT goes behind the ticket: spice-server waits for it, in 10 ms sleeps (EarlyMessage). */
    @Override
    protected EarlyMessage earlyMessage() {
        return new EarlyMessage(MSGC_INIT, initBody());
    }

    /** INIT: the image cache's and the GLZ window's sizes, which the session shares between its displays. */
    private byte[] initBody() {
        SharedDisplayState shared = host.sharedDisplayState();
        ByteBuffer body = new MessageBuilder(14).u8(CACHE_ID).u64(shared.cachePixels()).u8(CACHE_ID)
                .u32(shared.glzWindowPixels()).build();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return bytes;
    }

    @Override
    public void channelUp() {
        SharedDisplayState shared = host.sharedDisplayState();
        ImageReader reader = new ImageReader(shared, this::surfacePixels, limits, GLZ_WAIT);
        images = reader;
        parser = new DrawParser(images);
        int decodeThreads = host.config().decodeThreads();
        stage = decodeThreads == 0 ? null : new DecodeStage(name(), decodeThreads, shared.imageCache(),
                () -> reader.newDecoders(shared));
        mjpegFrames = new MjpegFrames(limits.maxPixels());
        presenter = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("spice-" + name() + "-frames").factory());
        if (!earlyMessageSent()) {
            send(MSGC_INIT, ByteBuffer.wrap(initBody()));
        }
        host.config().preferredCompression().ifPresent(compression -> {
            if (testCapability(CAP_PREF_COMPRESSION)) {
                send(MSGC_PREFERRED_COMPRESSION, new MessageBuilder(1).u8(compression.wireValue()).build());
            } else {
                LOG.log(System.Logger.Level.INFO, "{0}: the server cannot take a preferred compression", name());
            }
        });
        List<VideoCodec> preferred = host.config().preferredVideoCodecs().stream()
                .filter(decodableVideoCodecs()::contains).toList();
        if (!preferred.isEmpty()) {
            if (testCapability(CAP_PREF_VIDEO_CODEC_TYPE)) {
                send(MSGC_PREFERRED_VIDEO_CODEC_TYPE, preferredVideoCodecs(preferred));
            } else {
                LOG.log(System.Logger.Level.INFO, "{0}: the server cannot take preferred video codecs", name());
            }
        }
        markReady();
    }

    /** @return the primary surface, once the server created it */
    public Optional<DisplaySurface> primarySurface() {
        return Optional.ofNullable(primary);
    }

    /** @return the surface with the given id */
    public Optional<DisplaySurface> surface(int surfaceId) {
        return Optional.ofNullable(surfaces.surface(surfaceId));
    }

    /** @return whether the primary surface holds a picture worth showing */
    public boolean isMarked() {
        return marked;
    }

    /** @return the monitor layout the server last sent */
    public List<DisplayMonitor> monitors() {
        return monitors;
    }

    /** @return how many images of a SpiceImage type this channel decoded, for tests that must know the path */
    public long imagesDecoded(int imageType) {
        return images == null ? 0 : images.decoded(imageType);
    }

    /** @return how many draws the canvas refused (each was skipped) */
    public long drawErrors() {
        return drawErrors.get();
    }

    /** @return how many images failed to decode (each one's draw was skipped) */
    public long decodeErrors() {
        return decodeErrors.get();
    }

    /**
     * @return how many surfaces were refused because the session's surface memory would have gone past
     *         {@link SessionConfig#surfaceMemoryBudget()} (each was logged; draws to it are skipped)
     */
    public long surfacesRefused() {
        return surfacesRefused.get();
    }

    /**
     * Waits for a complete picture: the primary surface exists, has been drawn to, and no draw has touched it
     * for {@code quiet} (the server sends a frame as a burst of draws). A screen that never rests (a blinking
     * cursor) counts as complete four quiet periods after its first draw, or after this call when the surface
     * was drawn to before it: a picture asked for after some event (a migration, a key) is one drawn since.
     *
     * <p>A draw skipped on the way (its image did not decode, or the canvas refused it) leaves a hole that no
     * later draw is known to fill, so such a picture is not returned as complete.
     *
     * @return the primary surface
     * @throws SpiceException with {@link SpiceError#TIMEOUT} if that does not happen within {@code timeout}, or
     *                        {@link SpiceError#FAILED} if the channel ends first or a draw was skipped
     */
    public DisplaySurface awaitFrame(Duration quiet, Duration timeout) throws SpiceException, InterruptedException {
        long called = System.nanoTime();
        long deadline = called + timeout.toNanos();
        synchronized (frameLock) {
            while (true) {
                DisplaySurface surface = primary;
                long now = System.nanoTime();
                long settlingSince = Math.max(firstPrimaryDrawNanos - called, 0) + called;
                if (surface != null && primaryDraws > 0 && (now - lastPrimaryDrawNanos >= quiet.toNanos()
                        || now - settlingSince >= 4 * quiet.toNanos())) {
                    if (firstSkippedDraw != null) {
                        throw new SpiceException(SpiceError.FAILED, name() + ": the picture is incomplete: "
                                + skippedDraws + (skippedDraws == 1 ? " draw was" : " draws were")
                                + " skipped, the first because " + firstSkippedDraw);
                    }
                    return surface;
                }
                if (!isOpen() && settled().isDone()) {
                    throw new SpiceException(SpiceError.FAILED, name() + " closed before a frame arrived");
                }
                long left = deadline - now;
                if (left <= 0) {
                    throw new SpiceException(SpiceError.TIMEOUT, name() + ": no complete frame within "
                            + timeout.toMillis() + " ms");
                }
                long wait = primaryDraws > 0 ? Math.min(left, Math.min(quiet.toNanos() - (now - lastPrimaryDrawNanos),
                        4 * quiet.toNanos() - (now - settlingSince))) : left;
                TimeUnit.NANOSECONDS.timedWait(frameLock, Math.max(wait, 1_000_000));
            }
        }
    }

    private PixelBuffer surfacePixels(int surfaceId) {
        SurfacePixels surface = surfaces.pixels(surfaceId);
        return surface == null ? null : surface.source();
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        reader = Thread.currentThread();
        try {
            handleDisplayMessage(type, body);
        } finally {
            if (invalidationsWaiting && !moreInputArrived()) {
                synchronized (invalidationLock) {
                    fireWaitingInvalidations();
                }
            }
        }
    }

    private void handleDisplayMessage(int type, MemorySegment body) throws IOException {
        if (stage != null && !DecodeStage.keepsOrderItself(type)) {
            awaitDraws();
        }
        switch (type) {
            case MSG_SURFACE_CREATE -> surfaceCreate(new WireReader(body, "display SURFACE_CREATE"));
            case MSG_SURFACE_DESTROY -> surfaceDestroy(new WireReader(body, "display SURFACE_DESTROY").u32());
            case MSG_MODE -> {
                WireReader reader = new WireReader(body, "display MODE");
                long width = reader.u32();
                long height = reader.u32();
                reader.u32();
                createSurface(0, width, height, SurfaceFormat.X8R8G8B8, true);
            }
            case MSG_MARK -> setMark(true);
            case MSG_RESET -> {
                images.palettes().clear();
                setMark(false);
            }
            case MSG_INVAL_LIST -> {
                WireReader reader = new WireReader(body, "display INVAL_LIST");
                int count = reader.count16(9, MAX_INVAL_ENTRIES);
                for (int i = 0; i < count; i++) {
                    reader.u8();
                    host.sharedDisplayState().imageCache().remove(reader.u64());
                }
            }
            case MSG_INVAL_ALL_PIXMAPS -> {
                waitForChannels(body);
                host.sharedDisplayState().imageCache().clear();
            }
            case MSG_INVAL_PALETTE -> images.palettes().remove(new WireReader(body, "display INVAL_PALETTE").u64());
            case MSG_INVAL_ALL_PALETTES -> images.palettes().clear();
            case MSG_COPY_BITS -> copyBits(new WireReader(body, "display COPY_BITS"));
            case MSG_DRAW_FILL -> draw(new WireReader(body, "display DRAW_FILL"), in -> {
                Fill fill = parser.fill(in);
                return (canvas, box, clip) -> canvas.fill(box, clip, fill);
            });
            case MSG_DRAW_OPAQUE -> draw(new WireReader(body, "display DRAW_OPAQUE"), in -> {
                Opaque opaque = parser.opaque(in);
                return (canvas, box, clip) -> canvas.opaque(box, clip, opaque);
            });
            case MSG_DRAW_COPY, MSG_DRAW_BLEND -> draw(new WireReader(body, "display DRAW_COPY"), in -> {
                Copy copy = parser.copy(in);
                return (canvas, box, clip) -> canvas.copy(box, clip, copy);
            });
            case MSG_DRAW_BLACKNESS -> draw(new WireReader(body, "display DRAW_BLACKNESS"), in -> {
                QMask mask = parser.mask(in);
                return (canvas, box, clip) -> canvas.blackness(box, clip, mask);
            });
            case MSG_DRAW_WHITENESS -> draw(new WireReader(body, "display DRAW_WHITENESS"), in -> {
                QMask mask = parser.mask(in);
                return (canvas, box, clip) -> canvas.whiteness(box, clip, mask);
            });
            case MSG_DRAW_INVERS -> draw(new WireReader(body, "display DRAW_INVERS"), in -> {
                QMask mask = parser.mask(in);
                return (canvas, box, clip) -> canvas.invers(box, clip, mask);
            });
            case MSG_DRAW_ROP3 -> draw(new WireReader(body, "display DRAW_ROP3"), in -> {
                Rop3 rop3 = parser.rop3(in);
                return (canvas, box, clip) -> canvas.rop3(box, clip, rop3);
            });
            case MSG_DRAW_STROKE -> draw(new WireReader(body, "display DRAW_STROKE"), in -> {
                Stroke stroke = parser.stroke(in);
                return (canvas, box, clip) -> canvas.stroke(box, clip, stroke);
            });
            case MSG_DRAW_TEXT -> draw(new WireReader(body, "display DRAW_TEXT"), in -> {
                Text text = parser.text(in);
                return (canvas, box, clip) -> canvas.text(box, clip, text);
            });
            case MSG_DRAW_TRANSPARENT -> draw(new WireReader(body, "display DRAW_TRANSPARENT"), in -> {
                Transparent transparent = parser.transparent(in);
                return (canvas, box, clip) -> canvas.transparent(box, clip, transparent);
            });
            case MSG_DRAW_ALPHA_BLEND -> draw(new WireReader(body, "display DRAW_ALPHA_BLEND"), in -> {
                AlphaBlend blend = parser.alphaBlend(in);
                return (canvas, box, clip) -> canvas.alphaBlend(box, clip, blend);
            });
            case MSG_DRAW_COMPOSITE -> {
                compositesReceived.incrementAndGet();
                draw(new WireReader(body, "display DRAW_COMPOSITE"), in -> {
                    Composite composite = parser.composite(in);
                    return (canvas, box, clip) -> canvas.composite(box, clip, composite);
                });
            }
            case MSG_MONITORS_CONFIG -> monitorsConfig(new WireReader(body, "display MONITORS_CONFIG"));
            case MSG_STREAM_CREATE -> streamCreate(new WireReader(body, "display STREAM_CREATE"));
            case MSG_STREAM_DATA -> streamData(new WireReader(body, "display STREAM_DATA"), false);
            case MSG_STREAM_DATA_SIZED -> streamData(new WireReader(body, "display STREAM_DATA_SIZED"), true);
            case MSG_STREAM_CLIP -> {
                WireReader reader = new WireReader(body, "display STREAM_CLIP");
                VideoStream stream = streams.get((int) Math.min(reader.u32(), Integer.MAX_VALUE));
                List<Rect> clip = readClip(reader);
                if (stream != null) {
                    stream.clip(clip);
                }
            }
            case MSG_STREAM_DESTROY -> {
                VideoStream stream = streams.remove((int) Math.min(
                        new WireReader(body, "display STREAM_DESTROY").u32(), Integer.MAX_VALUE));
                if (stream != null) {
                    stream.destroy();
                }
            }
            case MSG_STREAM_DESTROY_ALL -> {
                streams.values().forEach(VideoStream::destroy);
                streams.clear();
            }
            case MSG_STREAM_ACTIVATE_REPORT -> {
                WireReader reader = new WireReader(body, "display STREAM_ACTIVATE_REPORT");
                long streamId = reader.u32();
                long uniqueId = reader.u32();
                long window = reader.u32();
                long timeout = reader.u32();
                VideoStream stream = streams.get((int) Math.min(streamId, Integer.MAX_VALUE));
                if (stream == null) {
                    reportInvalidStream(streamId);
                } else {
                    stream.activateReports(uniqueId, window, timeout);
                }
            }
            case MSG_GL_SCANOUT_UNIX -> glScanoutUnix(new WireReader(body, "display GL_SCANOUT_UNIX"));
            case MSG_GL_DRAW -> glDraw(new WireReader(body, "display GL_DRAW"));
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring message {1}", name(), type);
        }
    }

    // ---- GL scanout (protocol reference §4.9) ----------------------------------------------------------

    /** @return how many GL scanouts could not be shown for {@code error} */
    public long glScanoutErrors(GlScanoutError error) {
        return glScanoutErrors.get(error).get();
    }

    /** @return how many GL_DRAWs were answered with GL_DRAW_DONE */
    public long glDrawsAnswered() {
        return glDrawsAnswered.get();
    }

    /** @return how many GL_DRAWs came while no scanout could be shown (answered all the same) */
    public long glDrawsWithoutFrame() {
        return glDrawsWithoutFrame.get();
    }

    /** @return the timings of the latest GL_DRAWs, for measurements */
    public GlDrawTimings glDrawTimings() {
        return glDrawTimings;
    }

    /**
     * @return a duplicate of the descriptor of GL scanout {@code generation}, owned by the caller, or empty when
     *         another scanout has replaced it
     */
    public Optional<PassedDescriptor> duplicateGlDescriptor(long generation) throws IOException {
        return glScanout.duplicate(generation);
    }

    private static Map<GlScanoutError, AtomicLong> counterPerError() {
        Map<GlScanoutError, AtomicLong> counters = new EnumMap<>(GlScanoutError.class);
        for (GlScanoutError error : GlScanoutError.values()) {
            counters.put(error, new AtomicLong());
        }
        return counters;
    }

    /**
     * Takes a scanout: its descriptor follows as a one-byte message with SCM_RIGHTS, unless the fourcc is 0
     * (scanout off), as spice-gtk reads it. Whatever is wrong with the scanout, the marker byte is consumed and a
     * descriptor that came is closed or kept by {@link #glScanout}, never leaked.
     */
    private void glScanoutUnix(WireReader reader) throws IOException {
        long width = reader.u32();
        long height = reader.u32();
        long stride = reader.u32();
        int fourcc = (int) reader.u32();
        long flags = reader.u32();
        if (fourcc == 0) {
            glScanoutOff();
            return;
        }
        Transport transport = transport();
        if (transport == null || !transport.receivesDescriptors()) {
            throw reader.malformed("GL scanout on a connection that cannot receive descriptors");
        }
        Optional<PassedDescriptor> received = transport.receiveDescriptor();
        if (received.isEmpty()) {
            glScanoutRefused(GlScanoutError.MISSING_DESCRIPTOR, "it came without a file descriptor");
            return;
        }
        // Closed in the finally block unless the holder took it over.
        PassedDescriptor descriptor = received.get();
        try {
            GlScanoutError error = null;
            String why = null;
            if (width == 0 || height == 0 || width > limits.maxWidth() || height > limits.maxHeight()
                    || width * height > limits.maxPixels()) {
                error = GlScanoutError.SIZE_OUT_OF_RANGE;
                why = "its size " + width + "x" + height + " is empty or over the limit";
            } else if (stride < 4 * width) {
                error = GlScanoutError.STRIDE_TOO_SMALL;
                why = "its stride " + stride + " is smaller than " + width + " pixels of 4 bytes";
            } else if (!GlScanoutFrame.isKnown(fourcc)) {
                error = GlScanoutError.UNKNOWN_FOURCC;
                why = String.format("its DRM format 0x%08x is not a 32-bit RGB one", fourcc);
            }
            if (error != null) {
                glScanoutRefused(error, why);
                return;
            }
            GlScanoutFrame frame = new GlScanoutFrame((int) width, (int) height, (int) stride, fourcc,
                    GlScanoutFrame.MODIFIER_INVALID, (flags & GL_SCANOUT_FLAG_Y0TOP) != 0);
            long size;
            try {
                size = descriptor.size();
            } catch (IOException e) {
                glScanoutRefused(GlScanoutError.UNUSABLE_DESCRIPTOR, "its descriptor has no size: " + e.getMessage());
                return;
            }
            if (size < frame.byteSize()) {
                glScanoutRefused(GlScanoutError.UNUSABLE_DESCRIPTOR, "its buffer holds " + size + " bytes, less than "
                        + frame.byteSize());
                return;
            }
            MappedDescriptor mapping = null;
            try {
                mapping = descriptor.mapReadOnly(frame.byteSize());
            } catch (IOException e) {
                // An embedder may still import what the CPU cannot map (a tiled dma-buf): count, keep it.
                countGlError(GlScanoutError.NOT_MAPPABLE, "the CPU copy cannot map it: " + e.getMessage());
            }
            long generation = glScanout.replace(frame, descriptor, mapping);
            descriptor = null;
            showGlFrame(frame);
            fireDisplay(listener -> listener.glScanout(frame, generation));
        } finally {
            if (descriptor != null) {
                descriptor.close();
            }
        }
    }

    /** Gives the CPU copy a primary surface of the frame's size, keeping the one there if it fits. */
    private void showGlFrame(GlScanoutFrame frame) throws SpiceException {
        DisplaySurface current = primary;
        SurfaceFormat format = frame.hasAlpha() ? SurfaceFormat.A8R8G8B8 : SurfaceFormat.X8R8G8B8;
        if (current == null || current.width() != frame.width() || current.height() != frame.height()
                || current.format() != format) {
            createSurface(0, frame.width(), frame.height(), format, true);
        }
    }

    private void glScanoutOff() {
        glScanout.clear();
        fireDisplay(Events::glScanoutOff);
    }

    private void glScanoutRefused(GlScanoutError error, String why) {
        countGlError(error, "skipping a GL scanout: " + why);
        glScanoutOff();
    }

    private void countGlError(GlScanoutError error, String message) {
        long count = glScanoutErrors.get(error).incrementAndGet();
        LOG.log(count == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "{0}: {1}", name(), message);
    }

    /**
     * Copies the damage from the scanout into the primary surface where the CPU path has it mapped, then
     * answers with GL_DRAW_DONE: always, whatever happened, since QEMU holds the guest's console until then.
     */
    private void glDraw(WireReader reader) throws IOException {
        long received = System.nanoTime();
        try {
            long x = reader.u32();
            long y = reader.u32();
            long width = reader.u32();
            long height = reader.u32();
            Optional<GlScanoutFrame> current = glScanout.frame();
            if (current.isEmpty()) {
                glDrawsWithoutFrame.incrementAndGet();
                return;
            }
            GlScanoutFrame frame = current.get();
            Rect damage = new Rect((int) Math.min(x, frame.width()), (int) Math.min(y, frame.height()),
                    (int) Math.min(x + width, frame.width()), (int) Math.min(y + height, frame.height()));
            DisplaySurface surface = primary;
            SurfacePixels pixels = surfaces.pixels(0);
            // The surface is the frame's unless the budget refused it and an older surface 0 is still there.
            if (!damage.isEmpty() && surface != null && pixels != null && surface.width() == frame.width()
                    && surface.height() == frame.height()) {
                boolean[] copied = new boolean[1];
                pixels.draw(target -> copied[0] = glScanout.copy(damage, target));
                if (copied[0]) {
                    invalidate(surface, List.of(damage));
                }
            }
            fireDisplay(listener -> listener.glDraw(damage.left(), damage.top(), damage.width(), damage.height()));
        } finally {
            long ready = System.nanoTime();
            send(MSGC_GL_DRAW_DONE, ByteBuffer.allocate(0));
            glDrawsAnswered.incrementAndGet();
            glDrawTimings.record(received, ready, System.nanoTime());
        }
    }

    // ---- surfaces -------------------------------------------------------------------------------------

    private void surfaceCreate(WireReader reader) throws IOException {
        long surfaceId = reader.u32();
        long width = reader.u32();
        long height = reader.u32();
        long format = reader.u32();
        long flags = reader.u32();
        SurfaceFormat surfaceFormat = SurfaceFormat.fromWire(format)
                .orElseThrow(() -> reader.malformed("unknown surface format " + format));
        createSurface(surfaceId, width, height, surfaceFormat, (flags & SURFACE_FLAG_PRIMARY) != 0);
    }

    private void createSurface(long surfaceId, long width, long height, SurfaceFormat format, boolean isPrimary)
            throws SpiceException {
        if (surfaceId > Integer.MAX_VALUE || width <= 0 || height <= 0 || width > limits.maxWidth()
                || height > limits.maxHeight() || width * height > limits.maxPixels()) {
            throw new SpiceException(SpiceError.PROTOCOL, name() + ": surface " + surfaceId + " of "
                    + width + "x" + height + " is empty or over the limit");
        }
        surfaceDestroy(surfaceId);
        DisplaySurface surface;
        try {
            surface = surfaces.create((int) surfaceId, (int) width, (int) height, format.hasAlpha(),
                    pixels -> facades.of(pixels, format, isPrimary));
        } catch (SurfaceRefusedException e) {
            // The first refusal is worth a warning; a flood of them would flood the log.
            long refused = surfacesRefused.incrementAndGet();
            LOG.log(refused == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "{0}; its draws are skipped ({1} refused so far)", e.getMessage(), refused);
            return;
        }
        if (isPrimary) {
            primary = surface;
            fireDisplay(listener -> listener.primarySurfaceCreated(surface));
        }
    }

    private void surfaceDestroy(long surfaceId) {
        DisplaySurface surface = surfaceId > Integer.MAX_VALUE ? null : surfaces.remove((int) surfaceId);
        if (surface == null) {
            return;
        }
        parser.surfaceGone((int) surfaceId);
        if (surface == primary) {
            primary = null;
            synchronized (frameLock) {
                primaryDraws = 0;
            }
            setMark(false);
            fireDisplay(listener -> listener.primarySurfaceDestroyed(surface));
        }
    }

    private void setMark(boolean value) {
        if (marked != value) {
            marked = value;
            fireDisplay(listener -> listener.mark(value));
        }
    }

    private void monitorsConfig(WireReader reader) throws IOException {
        int count = reader.count16(28, MAX_MONITORS);
        reader.u16();
        List<DisplayMonitor> heads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int monitorId = reader.i32();
            int surfaceId = reader.i32();
            int width = reader.i32();
            int height = reader.i32();
            int x = reader.i32();
            int y = reader.i32();
            reader.u32();
            heads.add(new DisplayMonitor(monitorId, surfaceId, x, y, width, height));
        }
        List<DisplayMonitor> layout = List.copyOf(heads);
        monitors = layout;
        fireDisplay(listener -> listener.monitorsChanged(layout));
    }

    // ---- drawing --------------------------------------------------------------------------------------

    /** The destination part every draw message starts with, and the pixels the draw goes into. */
    private record DrawBase(DisplaySurface surface, SurfacePixels pixels, Rect box, List<Rect> clip) {
    }

    /** @return the draw's base, or null when it draws to a surface that was refused */
    private DrawBase readBase(WireReader reader) throws IOException {
        long surfaceId = reader.u32();
        Rect box = readRect(reader);
        List<Rect> clip = readClip(reader);
        DisplaySurface surface = surfaceId > Integer.MAX_VALUE ? null : surfaces.surface((int) surfaceId);
        if (surface == null) {
            if (surfaces.isRefused((int) surfaceId)) {
                return null;
            }
            throw reader.malformed("draw to unknown surface " + surfaceId);
        }
        return new DrawBase(surface, surfaces.pixels((int) surfaceId), box, clip);
    }

    /** @return the clip's rectangles, or null when the clip type is NONE */
    private static List<Rect> readClip(WireReader reader) throws IOException {
        int clipType = reader.u8();
        if (clipType == 0) {
            return null;
        }
        if (clipType != 1) {
            throw reader.malformed("unknown clip type " + clipType);
        }
        int count = reader.count32(16, MAX_CLIP_RECTS);
        List<Rect> clip = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clip.add(readRect(reader));
        }
        return clip;
    }

    private static Rect readRect(WireReader reader) throws IOException {
        return DrawParser.rect(reader);
    }

    /** @return the parts of the box the clip lets through, within the surface */
    private static List<Rect> visibleParts(DrawBase base) {
        return visibleParts(base.surface, base.box, base.clip);
    }

    private static List<Rect> visibleParts(DisplaySurface surface, Rect box, List<Rect> clip) {
        Rect bounded = box.intersect(new Rect(0, 0, surface.width(), surface.height()));
        if (clip == null) {
            return bounded.isEmpty() ? List.of() : List.of(bounded);
        }
        List<Rect> parts = new ArrayList<>(clip.size());
        for (Rect rect : clip) {
            Rect part = rect.intersect(bounded);
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** One draw, parsed: what to do with the canvas of its surface. */
    @FunctionalInterface
    private interface CanvasDraw {
        void draw(Canvas canvas, Rect box, Clip clip) throws CanvasException;
    }

    /** Parses the part of a draw message after its base. */
    @FunctionalInterface
    private interface DrawReading {
        CanvasDraw read(WireReader reader) throws IOException, ImageDecodeException, InterruptedException;
    }

    private void draw(WireReader reader, DrawReading reading) throws IOException {
        DrawEvent event = SaffronEvents.drawStarted();
        if (stage != null) {
            drawStaged(reader, reading, event);
            return;
        }
        DrawBase base = readBase(reader);
        if (base == null) {
            return;
        }
        ColorDepth depth = ColorDepth.of(base.surface.format());
        parser.target(depth, base.box);
        try {
            CanvasDraw operation = parse(reader, reading);
            if (operation != null) {
                apply(base, depth, operation);
            }
        } finally {
            images.endDraw();
            if (event != null) {
                event.finish(reader.what(), base.surface.id(), (long) base.box.width() * base.box.height());
            }
        }
    }

    /**
     * Parses a draw on the reader and leaves its images and the draw itself to the decode stage, which draws
     * once they are decoded and every earlier draw is done.
     */
    private void drawStaged(WireReader message, DrawReading reading, DrawEvent event) throws IOException {
        DecodeStage.Batch batch = stage.batch();
        // The draw is drawn after later messages have been read into the connection's reused buffer, and its
        // masks and glyphs are views of its body: it reads a copy of its own, which its batch keeps.
        WireReader reader = new WireReader(batch.keep(message.rest()), message.what());
        images.deferTo(batch);
        DrawBase read;
        CanvasDraw parsed;
        try {
            read = readBase(reader);
            if (read == null) {
                stage.abandon(batch);
                return;
            }
            parser.target(ColorDepth.of(read.surface.format()), read.box);
            parsed = parse(reader, reading);
        } catch (IOException | RuntimeException e) {
            stage.abandon(batch);
            throw e;
        } finally {
            images.deferTo(null);
        }
        DrawBase base = read;
        ColorDepth depth = ColorDepth.of(base.surface.format());
        CanvasDraw operation = parsed;
        String what = reader.what();
        try {
            stage.submit(batch, failure -> {
                // A draw whose parsing already failed was counted then; its batch only finishes its images.
                if (operation != null && failure != null) {
                    decodeFailed(failure);
                } else if (operation != null) {
                    apply(base, depth, operation);
                }
                if (event != null) {
                    event.finish(what, base.surface.id(), (long) base.box.width() * base.box.height());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceError.IO, name() + ": closed while a draw waited for room", e);
        }
    }

    /** @return the parsed draw, or null when one of its images failed to decode (counted; the draw is skipped) */
    private CanvasDraw parse(WireReader reader, DrawReading reading) throws IOException {
        try {
            return reading.read(reader);
        } catch (ImageDecodeException e) {
            decodeFailed(e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceError.IO, name() + ": closed while an image waited for another", e);
        }
    }

    /** Draws a parsed draw on its surface, whose images are decoded. */
    private void apply(DrawBase base, ColorDepth depth, CanvasDraw operation) {
        Clip clip = base.clip == null ? Clip.NONE : Clip.rects(base.clip);
        List<Rect> parts = visibleParts(base);
        try {
            base.pixels.draw(target -> {
                operation.draw(canvas(target, depth), base.box, clip);
                parts.forEach(part -> depth.quantize(target, part));
            });
        } catch (CanvasException e) {
            drawErrors.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "{0}: skipping a draw the canvas refused: {1}", name(),
                    e.getMessage());
            drawSkipped("the canvas refused it: " + e.getMessage());
            return;
        }
        invalidate(base, parts);
    }

    /**
     * Waits until every draw read so far is on its surface: with decode threads, a draw is drawn once its
     * images are decoded, on whichever thread finishes them.
     *
     * @throws SpiceException with {@link SpiceError#IO} if the thread is interrupted meanwhile
     */
    public void awaitDraws() throws SpiceException {
        DecodeStage current = stage;
        if (current == null) {
            return;
        }
        try {
            current.awaitApplied();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceError.IO, name() + ": interrupted while its draws were decoded", e);
        }
    }

    /**
     * @return a canvas on {@code target}: the previous draw's when it drew there at the same depth, as most
     *         draws do, since a canvas is immutable and one per draw was the draw path's largest allocation
     */
    private Canvas canvas(PixelBuffer target, ColorDepth depth) {
        Canvas current = canvas;
        if (current == null || current.target() != target || current.depth() != depth) {
            current = new Canvas(target, depth);
            canvas = current;
        }
        return current;
    }

    private void copyBits(WireReader reader) throws IOException {
        draw(reader, in -> {
            int x = in.i32();
            int y = in.i32();
            return (canvas, box, clip) -> canvas.copyBits(box, clip, x, y);
        });
    }

    private void decodeFailed(ImageDecodeException e) {
        decodeErrors.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "{0}: skipping a draw whose image failed to decode: {1}",
                name(), e.getMessage());
        drawSkipped("its image failed to decode: " + e.getMessage());
    }

    private void drawSkipped(String reason) {
        synchronized (frameLock) {
            skippedDraws++;
            if (firstSkippedDraw == null) {
                firstSkippedDraw = reason;
            }
        }
    }

    private void invalidate(DrawBase base, List<Rect> parts) {
        invalidate(base.surface, parts);
    }

    private void invalidate(DisplaySurface surface, List<Rect> parts) {
        if (surface != primary || parts.isEmpty()) {
            return;
        }
        int left = Integer.MAX_VALUE;
        int top = Integer.MAX_VALUE;
        int right = Integer.MIN_VALUE;
        int bottom = Integer.MIN_VALUE;
        for (Rect part : parts) {
            left = Math.min(left, part.left());
            top = Math.min(top, part.top());
            right = Math.max(right, part.right());
            bottom = Math.max(bottom, part.bottom());
        }
        Rect changed = new Rect(left, top, right, bottom);
        synchronized (frameLock) {
            lastPrimaryDrawNanos = System.nanoTime();
            if (primaryDraws++ == 0) {
                firstPrimaryDrawNanos = lastPrimaryDrawNanos;
            }
            frameLock.notifyAll();
        }
        synchronized (invalidationLock) {
            if (Thread.currentThread() == reader && moreInputArrived()) {
                waitingInvalidations.add(changed);
                invalidationsWaiting = true;
                return;
            }
            fireWaitingInvalidations();
            host.fire(() -> events.invalidate(changed.left(), changed.top(), changed.width(), changed.height()));
        }
    }

    /** @return whether more of the server's messages have arrived for the reader to handle without waiting */
    private boolean moreInputArrived() {
        Transport transport = transport();
        return transport != null && transport.hasArrivedInput();
    }

    /**
     * Hands the invalidations held back while the reader had more messages to the listeners, as one task on
     * the event executor, before anything fired after them. Holding them back while a burst of draws is read
     * wakes the event thread once per burst rather than once per draw.
     */
    private void fireWaitingInvalidations() {
        if (!invalidationsWaiting) {
            return;
        }
        Rect[] batch = waitingInvalidations.toArray(Rect[]::new);
        waitingInvalidations.clear();
        invalidationsWaiting = false;
        host.fire(() -> {
            for (Rect rect : batch) {
                events.invalidate(rect.left(), rect.top(), rect.width(), rect.height());
            }
        });
    }

    private void fireDisplay(Consumer<Events> action) {
        synchronized (invalidationLock) {
            fireWaitingInvalidations();
            host.fire(() -> action.accept(events));
        }
    }

    // ---- video streams ---------------------------------------------------------------------------------

    /** @return frames of video streams drawn so far */
    public long streamFramesShown() {
        return streamFramesShown.get();
    }

    /** @return frames of video streams dropped so far (late, undecodable, or the client fell behind) */
    public long streamFramesDropped() {
        return streamFramesDropped.get();
    }

    /** @return how many streams the server has created on this channel, for tests of stream detection */
    public long streamsCreated() {
        return streamsCreated.get();
    }

    /**
     * @param codec a codec besides MJPEG
     * @return how many streams the server has created on this channel in that codec, those Saffron refused
     *         for want of a decoder included
     */
    public long streamsCreated(VideoCodec codec) {
        return streamsCreatedByCodec.get(codec).get();
    }

    /** @return how many DRAW_COMPOSITE messages arrived, for tests that must know the server sent them */
    public long compositesReceived() {
        return compositesReceived.get();
    }

    /** @return video frames decoded or waiting, not yet drawn or dropped */
    public long pendingStreamFrames() {
        return pendingFrames.get();
    }

    /** Frames scheduled on the presenter and not yet drawn or dropped, streams destroyed since included. */
    private final AtomicLong pendingFrames = new AtomicLong();

    private final AtomicLong streamFramesShown = new AtomicLong();
    private final AtomicLong streamsCreated = new AtomicLong();
    private final Map<VideoCodec, AtomicLong> streamsCreatedByCodec = counterPerCodec();
    private final AtomicLong compositesReceived = new AtomicLong();
    private final AtomicLong streamFramesDropped = new AtomicLong();

    private static Map<VideoCodec, AtomicLong> counterPerCodec() {
        Map<VideoCodec, AtomicLong> counters = new EnumMap<>(VideoCodec.class);
        for (VideoCodec codec : VideoCodec.values()) {
            counters.put(codec, new AtomicLong());
        }
        return counters;
    }

    private void streamCreate(WireReader reader) throws IOException {
        long surfaceId = reader.u32();
        long streamId = reader.u32();
        int flags = reader.u8();
        int codec = reader.u8();
        reader.u64();
        long width = reader.u32();
        long height = reader.u32();
        reader.u32();
        reader.u32();
        Rect destination = readRect(reader);
        List<Rect> clip = readClip(reader);
        if (streamId >= MAX_STREAMS) {
            throw reader.malformed("stream id " + streamId);
        }
        if (surfaceId <= Integer.MAX_VALUE && surfaces.isRefused((int) surfaceId)) {
            reportInvalidStream(streamId);
            return;
        }
        if (surfaceId > Integer.MAX_VALUE || surfaces.surface((int) surfaceId) == null) {
            throw reader.malformed("stream on unknown surface " + surfaceId);
        }
        streamsCreated.incrementAndGet();
        VideoStream.videoCodec(codec).ifPresent(known -> streamsCreatedByCodec.get(known).incrementAndGet());
        VideoStream replaced = streams.remove((int) streamId);
        if (replaced != null) {
            replaced.destroy();
        }
        VideoDecoder decoder = null;
        if (codec != VideoStream.CODEC_MJPEG) {
            Optional<VideoDecoder> opened = openDecoder(streamId, codec, width, height);
            if (opened.isEmpty()) {
                // As spice-gtk: a stream the client cannot decode is reported invalid, and its frames with it.
                reportInvalidStream(streamId);
                return;
            }
            decoder = opened.get();
        }
        streams.put((int) streamId, new VideoStream((int) streamId, (int) surfaceId, codec, (flags & 1) != 0,
                (int) Math.min(width, Integer.MAX_VALUE), (int) Math.min(height, Integer.MAX_VALUE), decoder,
                destination, clip));
    }

    /** @return a decoder for a stream of a codec other than MJPEG, or empty when it cannot be decoded here */
    private Optional<VideoDecoder> openDecoder(long streamId, int wireCodec, long width, long height) {
        Optional<VideoCodec> codec = VideoStream.videoCodec(wireCodec);
        if (codec.isEmpty() || !decodableVideoCodecs().contains(codec.get())) {
            LOG.log(System.Logger.Level.WARNING, "{0}: stream {1} uses codec {2}, which Saffron cannot decode here",
                    name(), streamId, codec.map(String::valueOf).orElse("number " + wireCodec));
            return Optional.empty();
        }
        if (width == 0 || height == 0 || width * height > limits.maxPixels()) {
            LOG.log(System.Logger.Level.WARNING, "{0}: stream {1} is {2}x{3}, outside the limits", name(), streamId,
                    width, height);
            return Optional.empty();
        }
        try {
            return Optional.of(NativeVideo.open(codec.get(), (int) width, (int) height));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: no {1} decoder for stream {2}: {3}", name(), codec.get(),
                    streamId, e.getMessage());
            return Optional.empty();
        }
    }

    private void streamData(WireReader reader, boolean sized) throws IOException {
        long streamId = reader.u32();
        long frameTime = reader.u32();
        Rect sizedDestination = null;
        if (sized) {
            reader.u32();
            reader.u32();
            sizedDestination = readRect(reader);
        }
        int size = reader.count32(1, Integer.MAX_VALUE);
        MemorySegment data = reader.slice(size);
        VideoStream stream = streamId >= MAX_STREAMS ? null : streams.get((int) streamId);
        if (stream == null) {
            reportInvalidStream(streamId);
            return;
        }
        if (sizedDestination != null) {
            stream.destination(sizedDestination);
        }
        Frame frame;
        if (stream.decoder() != null) {
            Optional<PixelBuffer> picture = decodeVideo(stream, data);
            if (picture.isEmpty()) {
                return;
            }
            frame = new Frame(null, picture.get());
        } else {
            frame = new Frame(stream.takeFrame(data), null);
        }
        int margin = (int) (frameTime - host.mmTime());
        stream.frameArrived(frameTime, margin).ifPresent(this::sendReport);
        if (margin < 0) {
            frame.release(stream);
            streamFramesDropped.incrementAndGet();
            SaffronEvents.streamFrameDropped(streamId, StreamFrameDroppedEvent.Reason.LATE, margin);
            return;
        }
        if (stream.pending().incrementAndGet() > MAX_PENDING_FRAMES) {
            stream.pending().decrementAndGet();
            frame.release(stream);
            stream.dropped();
            streamFramesDropped.incrementAndGet();
            SaffronEvents.streamFrameDropped(streamId, StreamFrameDroppedEvent.Reason.BACKLOG, margin);
            return;
        }
        Rect destination = stream.destination();
        pendingFrames.incrementAndGet();
        presenter.schedule(() -> present(stream, frame, destination), margin, TimeUnit.MILLISECONDS);
    }

    /**
     * A frame to show: MJPEG bytes, decoded when shown, or the picture a video decoder already made.
     *
     * @param jpeg    the MJPEG frame, or null
     * @param picture the decoded picture, or null
     */
    private record Frame(MjpegFrameBuffer jpeg, PixelBuffer picture) {
        /** Gives the MJPEG frame's buffer or the decoded picture back to its stream once shown or dropped. */
        void release(VideoStream stream) {
            if (picture != null) {
                stream.releasePicture(picture);
            }
            if (jpeg != null) {
                stream.releaseFrame(jpeg);
            }
        }
    }

    /**
     * Decodes a frame of a codec other than MJPEG as it arrives, in order, into a picture of its own: frames
     * waiting for their time each keep theirs. A frame that fails is dropped and counted; the stream goes on.
     *
     * @return the picture, or empty when the frame failed or the decoder held its picture back
     */
    private Optional<PixelBuffer> decodeVideo(VideoStream stream, MemorySegment data) {
        VideoDecoder decoder = stream.decoder();
        PixelBuffer picture = stream.takePicture();
        try {
            if (decoder.decode(data, picture.segment(), picture.stride())) {
                return Optional.of(picture);
            }
        } catch (IOException e) {
            decodeFailed(new ImageDecodeException("stream " + stream.id() + ": " + e.getMessage()));
        }
        stream.releasePicture(picture);
        stream.dropped();
        streamFramesDropped.incrementAndGet();
        SaffronEvents.streamFrameDropped(stream.id(), StreamFrameDroppedEvent.Reason.UNDECODABLE, 0);
        return Optional.empty();
    }

    /** Decodes and draws one frame; runs on the presenter thread, at the frame's time. */
    private void present(VideoStream stream, Frame frame, Rect destination) {
        try {
            presentFrame(stream, frame, destination);
        } finally {
            frame.release(stream);
            stream.pending().decrementAndGet();
            pendingFrames.decrementAndGet();
        }
    }

    private void presentFrame(VideoStream stream, Frame frame, Rect destination) {
        // The reader may destroy the surface meanwhile: a draw into freed pixels fails, and is dropped below.
        DisplaySurface surface = surfaces.surface(stream.surfaceId());
        SurfacePixels pixels = surfaces.pixels(stream.surfaceId());
        if (stream.isDestroyed() || surface == null || pixels == null) {
            stream.dropped();
            streamFramesDropped.incrementAndGet();
            SaffronEvents.streamFrameDropped(stream.id(), StreamFrameDroppedEvent.Reason.GONE, 0);
            return;
        }
        try {
            PixelBuffer decoded = frame.picture() != null ? frame.picture() : mjpegFrames.decode(frame.jpeg().frame());
            List<Rect> parts = visibleParts(surface, destination, stream.clip());
            ColorDepth depth = ColorDepth.of(surface.format());
            pixels.draw(target -> {
                scaleInto(decoded, stream.topDown(), destination, parts, target);
                parts.forEach(part -> depth.quantize(target, part));
            });
            stream.shown();
            streamFramesShown.incrementAndGet();
            invalidate(surface, parts);
        } catch (ImageDecodeException e) {
            stream.dropped();
            streamFramesDropped.incrementAndGet();
            SaffronEvents.streamFrameDropped(stream.id(), StreamFrameDroppedEvent.Reason.UNDECODABLE, 0);
            decodeFailed(e);
        } catch (IllegalStateException e) {
            stream.dropped();
            streamFramesDropped.incrementAndGet();
            SaffronEvents.streamFrameDropped(stream.id(), StreamFrameDroppedEvent.Reason.GONE, 0);
        }
    }

    /** Nearest-neighbour scaling of a frame into its destination, within the visible parts. */
    private static void scaleInto(PixelBuffer frame, boolean topDown, Rect destination, List<Rect> parts,
                                  PixelBuffer target) {
        int width = destination.width();
        int height = destination.height();
        if (width == 0 || height == 0) {
            return;
        }
        for (Rect part : parts) {
            for (int y = part.top(); y < part.bottom(); y++) {
                int sy = (int) ((long) (y - destination.top()) * frame.height() / height);
                int row = topDown ? sy : frame.height() - 1 - sy;
                for (int x = part.left(); x < part.right(); x++) {
                    int sx = (int) ((long) (x - destination.left()) * frame.width() / width);
                    target.set(x, y, frame.get(sx, row));
                }
            }
        }
    }

    private void reportInvalidStream(long streamId) {
        LOG.log(System.Logger.Level.WARNING, "{0}: telling the server that stream {1} does not exist", name(),
                streamId);
        sendReport(new VideoStream.Report(streamId, 0, 0, 0, 0, 0xFFFF_FFFFL, 0));
    }

    private void sendReport(VideoStream.Report report) {
        send(MSGC_STREAM_REPORT, new MessageBuilder(32).u32(report.streamId()).u32(report.uniqueId())
                .u32(report.startFrameTime()).u32(report.endFrameTime()).u32(report.frames())
                .u32(report.drops()).u32(report.lastFrameDelay()).u32(0xFFFF_FFFFL).build());
    }

    @Override
    public void channelEnded() {
        dropServerState();
        surfaces.close();
    }

    /**
     * A new server (reconnect, semi-seamless migration) creates its own surfaces: the old ones go only now, so
     * the last picture stays while the session waits for it, as spice-gtk's display reset does.
     */
    @Override
    protected void connectionReset() {
        dropServerState();
    }

    /** Drops what the server set up: streams, the video presenter, the GL scanout, the surfaces, the decoders. */
    private void dropServerState() {
        if (stage != null) {
            stage.close();
            stage = null;
        }
        streams.values().forEach(VideoStream::destroy);
        streams.clear();
        stopPresenter();
        synchronized (frameLock) {
            frameLock.notifyAll();
        }
        glScanout.close();
        surfaces.ids().forEach(this::surfaceDestroy);
        if (images != null) {
            images.close();
        }
    }

    /** Stops the video presenter, drops the frames it holds, and frees what it decodes with once it is idle. */
    private void stopPresenter() {
        if (presenter == null) {
            return;
        }
        presenter.shutdownNow();
        // The reader that ends the channel may have been interrupted by disconnect(); the wait must still happen.
        boolean interrupted = Thread.interrupted();
        try {
            if (presenter.awaitTermination(PRESENTER_STOP, TimeUnit.MILLISECONDS)) {
                mjpegFrames.close();
            } else {
                LOG.log(System.Logger.Level.WARNING, "{0}: the video presenter did not stop within {1} ms; its "
                        + "JPEG decoder is freed when it does", name(), PRESENTER_STOP);
                ScheduledExecutorService stopping = presenter;
                MjpegFrames frames = mjpegFrames;
                Thread.ofVirtual().name("spice-" + name() + "-frames-close").start(() -> {
                    while (!stopping.isTerminated()) {
                        try {
                            stopping.awaitTermination(1, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    frames.close();
                });
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
