package dev.saffron.spice;

import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.display.ImageReader;
import dev.saffron.spice.internal.display.PixelBuffer;
import dev.saffron.spice.internal.display.Rect;
import dev.saffron.spice.internal.display.SharedDisplayState;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A display channel: surfaces and the drawing commands that fill them (protocol reference §4). Draws run on
 * the channel's thread straight into the surfaces' off-heap pixels; listeners hear about the primary surface
 * and which rectangles changed. Mirrors spice-gtk's {@code SpiceDisplayChannel}.
 */
public final class DisplayChannel extends SpiceChannel {
    static final int MSG_MODE = 101;
    static final int MSG_MARK = 102;
    static final int MSG_RESET = 103;
    static final int MSG_COPY_BITS = 104;
    static final int MSG_INVAL_LIST = 105;
    static final int MSG_INVAL_ALL_PIXMAPS = 106;
    static final int MSG_INVAL_PALETTE = 107;
    static final int MSG_INVAL_ALL_PALETTES = 108;
    static final int MSG_DRAW_FILL = 302;
    static final int MSG_DRAW_COPY = 304;
    static final int MSG_SURFACE_CREATE = 314;
    static final int MSG_SURFACE_DESTROY = 315;
    static final int MSG_MONITORS_CONFIG = 317;

    static final int MSGC_INIT = 101;
    static final int MSGC_PREFERRED_COMPRESSION = 103;

    static final int CAP_SIZED_STREAM = 0;
    static final int CAP_MONITORS_CONFIG = 1;
    static final int CAP_LZ4_COMPRESSION = 5;
    static final int CAP_PREF_COMPRESSION = 6;

    static final int SURFACE_FLAG_PRIMARY = 1;
    static final int ROPD_OP_PUT = 1 << 3;

    /** Cache and dictionary ids: every display channel of a session shares one of each, as in spice-gtk. */
    private static final int CACHE_ID = 1;
    private static final int MAX_CLIP_RECTS = 65536;
    private static final int MAX_MONITORS = 256;
    private static final int MAX_INVAL_ENTRIES = 65536;
    private static final Duration GLZ_WAIT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(DisplayChannel.class.getName());

    private final Map<Integer, DisplaySurface> surfaces = new ConcurrentHashMap<>();
    private final ImageLimits limits;
    private volatile List<DisplayMonitor> monitors = List.of();
    private volatile DisplaySurface primary;
    private volatile boolean marked;
    private ImageReader images;
    private long decodeErrors;
    private final Object frameLock = new Object();
    private long primaryDraws;
    private long firstPrimaryDrawNanos;
    private long lastPrimaryDrawNanos;

    DisplayChannel(SpiceSession session, int id) {
        this(session, id, ImageLimits.DEFAULT);
    }

    /** @param limits the largest surface and image accepted; smaller than the default only in tests */
    DisplayChannel(SpiceSession session, int id, ImageLimits limits) {
        super(session, ChannelType.DISPLAY, id);
        this.limits = limits;
    }

    @Override
    Capabilities clientCapabilities() {
        return Capabilities.of(CAP_SIZED_STREAM, CAP_MONITORS_CONFIG, CAP_LZ4_COMPRESSION, CAP_PREF_COMPRESSION);
    }

    @Override
    void channelUp() {
        SharedDisplayState shared = session.sharedDisplayState();
        images = new ImageReader(shared, this::surfacePixels, limits, GLZ_WAIT);
        send(MSGC_INIT, new MessageBuilder(14).u8(CACHE_ID).u64(shared.cachePixels())
                .u8(CACHE_ID).u32(shared.glzWindowPixels()).build());
        session.config().preferredCompression().ifPresent(compression -> {
            if (testCapability(CAP_PREF_COMPRESSION)) {
                send(MSGC_PREFERRED_COMPRESSION, new MessageBuilder(1).u8(compression.wireValue()).build());
            } else {
                LOG.log(System.Logger.Level.INFO, "{0}: the server cannot take a preferred compression", name());
            }
        });
        markReady();
    }

    /** @return the primary surface, once the server created it */
    public Optional<DisplaySurface> primarySurface() {
        return Optional.ofNullable(primary);
    }

    /** @return the surface with the given id */
    public Optional<DisplaySurface> surface(int surfaceId) {
        return Optional.ofNullable(surfaces.get(surfaceId));
    }

    /** @return whether the primary surface holds a picture worth showing */
    public boolean isMarked() {
        return marked;
    }

    /** @return the monitor layout the server last sent */
    public List<DisplayMonitor> monitors() {
        return monitors;
    }

    /** @return how many images failed to decode (each one's draw was skipped) */
    public long decodeErrors() {
        return decodeErrors;
    }

    /**
     * Waits for a complete picture: the primary surface exists, has been drawn to, and no draw has touched it
     * for {@code quiet} (the server sends a frame as a burst of draws). A screen that never rests (a blinking
     * cursor) counts as complete four quiet periods after its first draw.
     *
     * @return the primary surface
     * @throws SpiceException with {@link SpiceError#TIMEOUT} if that does not happen within {@code timeout}, or
     *                        {@link SpiceError#FAILED} if the channel ends first
     */
    public DisplaySurface awaitFrame(Duration quiet, Duration timeout) throws SpiceException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frameLock) {
            while (true) {
                DisplaySurface surface = primary;
                long now = System.nanoTime();
                if (surface != null && primaryDraws > 0 && (now - lastPrimaryDrawNanos >= quiet.toNanos()
                        || now - firstPrimaryDrawNanos >= 4 * quiet.toNanos())) {
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
                        4 * quiet.toNanos() - (now - firstPrimaryDrawNanos))) : left;
                TimeUnit.NANOSECONDS.timedWait(frameLock, Math.max(wait, 1_000_000));
            }
        }
    }

    private PixelBuffer surfacePixels(int surfaceId) {
        DisplaySurface surface = surfaces.get(surfaceId);
        return surface == null ? null : surface.pixelsForDrawing();
    }

    @Override
    void handleMessage(int type, MemorySegment body) throws IOException {
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
                    session.sharedDisplayState().imageCache().remove(reader.u64());
                }
            }
            case MSG_INVAL_ALL_PIXMAPS -> {
                waitForChannels(body);
                session.sharedDisplayState().imageCache().clear();
            }
            case MSG_INVAL_PALETTE -> images.palettes().remove(new WireReader(body, "display INVAL_PALETTE").u64());
            case MSG_INVAL_ALL_PALETTES -> images.palettes().clear();
            case MSG_DRAW_COPY -> drawCopy(new WireReader(body, "display DRAW_COPY"));
            case MSG_DRAW_FILL -> drawFill(new WireReader(body, "display DRAW_FILL"));
            case MSG_MONITORS_CONFIG -> monitorsConfig(new WireReader(body, "display MONITORS_CONFIG"));
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring message {1}", name(), type);
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
        DisplaySurface surface = new DisplaySurface((int) surfaceId, (int) width, (int) height, format, isPrimary);
        surfaces.put((int) surfaceId, surface);
        if (isPrimary) {
            primary = surface;
            fireDisplay(listener -> listener.primarySurfaceCreated(this, surface));
        }
    }

    private void surfaceDestroy(long surfaceId) {
        DisplaySurface surface = surfaceId > Integer.MAX_VALUE ? null : surfaces.remove((int) surfaceId);
        if (surface == null) {
            return;
        }
        if (surface == primary) {
            primary = null;
            synchronized (frameLock) {
                primaryDraws = 0;
            }
            setMark(false);
            fireDisplay(listener -> listener.primarySurfaceDestroyed(this, surface));
        }
        // Listeners read under the surface lock; destroy waits for a read in progress, then frees.
        session.fire(surface::destroy);
    }

    private void setMark(boolean value) {
        if (marked != value) {
            marked = value;
            fireDisplay(listener -> listener.mark(this, value));
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
        fireDisplay(listener -> listener.monitorsChanged(this, layout));
    }

    // ---- drawing --------------------------------------------------------------------------------------

    /** The destination part every draw message starts with. */
    private record DrawBase(DisplaySurface surface, Rect box, List<Rect> clip) {
    }

    private DrawBase readBase(WireReader reader) throws IOException {
        long surfaceId = reader.u32();
        Rect box = readRect(reader);
        int clipType = reader.u8();
        List<Rect> clip = null;
        if (clipType == 1) {
            int count = reader.count32(16, MAX_CLIP_RECTS);
            clip = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                clip.add(readRect(reader));
            }
        } else if (clipType != 0) {
            throw reader.malformed("unknown clip type " + clipType);
        }
        DisplaySurface surface = surfaceId > Integer.MAX_VALUE ? null : surfaces.get((int) surfaceId);
        if (surface == null) {
            throw reader.malformed("draw to unknown surface " + surfaceId);
        }
        return new DrawBase(surface, box, clip);
    }

    private static Rect readRect(WireReader reader) throws IOException {
        int top = reader.i32();
        int left = reader.i32();
        int bottom = reader.i32();
        int right = reader.i32();
        return new Rect(left, top, right, bottom);
    }

    /** @return the parts of the box the clip lets through, within the surface */
    private static List<Rect> visibleParts(DrawBase base) {
        Rect bounded = base.box.intersect(new Rect(0, 0, base.surface.width(), base.surface.height()));
        if (base.clip == null) {
            return bounded.isEmpty() ? List.of() : List.of(bounded);
        }
        List<Rect> parts = new ArrayList<>(base.clip.size());
        for (Rect rect : base.clip) {
            Rect part = rect.intersect(bounded);
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    private void drawCopy(WireReader reader) throws IOException {
        DrawBase base = readBase(reader);
        long sourcePointer = reader.u32();
        Rect sourceArea = readRect(reader);
        int rop = reader.u16();
        reader.u8();
        ImageReader.Image image;
        try {
            image = images.read(reader, sourcePointer, ImageReader.Role.SOURCE);
        } catch (ImageDecodeException e) {
            decodeFailed(e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceError.IO, name() + ": closed while an image waited for another", e);
        }
        if (rop != ROPD_OP_PUT || sourceArea.width() != base.box.width()
                || sourceArea.height() != base.box.height()) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: copy with rop {1} or scaling is not drawn yet", name(), rop);
            return;
        }
        PixelBuffer source = image.pixels();
        List<Rect> parts = visibleParts(base);
        base.surface.draw(target -> {
            for (Rect part : parts) {
                int sx = sourceArea.left() + part.left() - base.box.left();
                int sy = sourceArea.top() + part.top() - base.box.top();
                Rect readable = new Rect(sx, sy, sx + part.width(), sy + part.height()).intersect(source.bounds());
                for (int row = readable.top(); row < readable.bottom(); row++) {
                    MemorySegment.copy(source.segment(), source.offset() + (long) row * source.stride()
                                    + 4L * readable.left(),
                            target.segment(), target.offset() + (long) (row - sy + part.top()) * target.stride()
                                    + 4L * (readable.left() - sx + part.left()),
                            4L * readable.width());
                }
            }
        });
        invalidate(base, parts);
    }

    private void drawFill(WireReader reader) throws IOException {
        DrawBase base = readBase(reader);
        int brushType = reader.u8();
        if (brushType != 1) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: fill with brush type {1} is not drawn yet", name(), brushType);
            return;
        }
        int color = (int) reader.u32();
        int rop = reader.u16();
        if (rop != ROPD_OP_PUT) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: fill with rop {1} is not drawn yet", name(), rop);
            return;
        }
        List<Rect> parts = visibleParts(base);
        base.surface.draw(target -> {
            for (Rect part : parts) {
                for (int y = part.top(); y < part.bottom(); y++) {
                    for (int x = part.left(); x < part.right(); x++) {
                        target.set(x, y, color);
                    }
                }
            }
        });
        invalidate(base, parts);
    }

    private void decodeFailed(ImageDecodeException e) {
        decodeErrors++;
        LOG.log(System.Logger.Level.WARNING, "{0}: skipping a draw whose image failed to decode: {1}",
                name(), e.getMessage());
    }

    private void invalidate(DrawBase base, List<Rect> parts) {
        if (base.surface != primary || parts.isEmpty()) {
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
        fireDisplay(listener -> listener.invalidate(this, changed.left(), changed.top(), changed.width(),
                changed.height()));
    }

    private void fireDisplay(Consumer<DisplayChannelListener> action) {
        session.fire(() -> {
            for (ChannelListener listener : listeners()) {
                if (listener instanceof DisplayChannelListener display) {
                    action.accept(display);
                }
            }
        });
    }

    @Override
    void channelEnded() {
        synchronized (frameLock) {
            frameLock.notifyAll();
        }
        surfaces.values().forEach(surface -> surfaceDestroy(surface.id()));
        if (images != null) {
            images.close();
        }
    }
}
