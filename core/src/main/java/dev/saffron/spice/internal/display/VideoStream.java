package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.JpegTables;
import dev.saffron.spice.spi.VideoCodec;
import dev.saffron.spice.spi.VideoDecoder;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One video stream of a display channel (STREAM_CREATE): where its frames go, and the counters behind the
 * stream reports the server may ask for. Its frames are shown at their multimedia time; a frame already late
 * when it arrives is dropped, as spice-gtk does. MJPEG frames are decoded when shown; frames of other codecs are
 * decoded as they arrive, every one, since each is predicted from the ones before, by the stream's
 * {@link VideoDecoder}. Mutated only on the display channel's thread, except {@link #pending}, which the
 * presenter also changes.
 */
public final class VideoStream {
    /** The MJPEG codec number (SpiceVideoCodecType), which core decodes itself. */
    public static final int CODEC_MJPEG = 1;
    /** The other codec numbers, in {@link VideoCodec}'s order: VP8, H264, VP9, H265. */
    private static final int FIRST_OTHER_CODEC = 2;
    /** After this many drops in a row a report goes out early, whatever its window (spice-gtk's rule). */
    static final int REPORT_DROP_SEQUENCE_LIMIT = 3;

    /** A STREAM_REPORT body's values. */
    public record Report(long streamId, long uniqueId, long startFrameTime, long endFrameTime, long frames,
                         long drops, int lastFrameDelay) {
    }

    private final int id;
    private final int surfaceId;
    private final int codec;
    private final boolean topDown;
    private final int width;
    private final int height;
    private final VideoDecoder decoder;
    private volatile Rect destination;
    private volatile List<Rect> clip;
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * Decoded pictures no queued frame holds, for the next frames: native memory freed only by the garbage
     * collector would pile up while the heap stays quiet. At most one more than the frames that can wait.
     */
    private final Queue<PixelBuffer> freePictures = new ConcurrentLinkedQueue<>();
    /** MJPEG frame buffers no queued frame holds; like {@link #freePictures}, at most one more than can wait. */
    private final Queue<MjpegFrameBuffer> freeFrames = new ConcurrentLinkedQueue<>();
    private volatile boolean destroyed;
    private final JpegTables tables = new JpegTables();

    private boolean reporting;
    private long reportId;
    private long reportWindow;
    private long reportTimeoutNanos;
    private long reportFrames;
    private long reportDrops;
    private long reportDropRun;
    private long reportStartNanos;
    private long reportStartFrameTime;

    private long framesShown;
    private long framesDropped;

    /**
     * @param width   the frames' width (STREAM_CREATE's stream width)
     * @param height  the frames' height
     * @param decoder the decoder of a codec other than MJPEG, which the stream closes when destroyed; null for
     *                MJPEG
     * @param clip    the clip rectangles, or null for none
     */
    public VideoStream(int id, int surfaceId, int codec, boolean topDown, int width, int height,
                       VideoDecoder decoder, Rect destination, List<Rect> clip) {
        this.id = id;
        this.surfaceId = surfaceId;
        this.codec = codec;
        this.topDown = topDown;
        this.width = width;
        this.height = height;
        this.decoder = decoder;
        this.destination = destination;
        this.clip = clip;
    }

    /** @return the stream id */
    public int id() {
        return id;
    }

    /** @return the surface the frames are drawn on */
    public int surfaceId() {
        return surfaceId;
    }

    /** @return the codec of its frames */
    public int codec() {
        return codec;
    }

    /**
     * @param wireCodec a STREAM_CREATE codec number
     * @return the codec, when it is one a {@link VideoDecoder} may decode (not MJPEG)
     */
    public static Optional<VideoCodec> videoCodec(int wireCodec) {
        VideoCodec[] codecs = VideoCodec.values();
        int index = wireCodec - FIRST_OTHER_CODEC;
        return index >= 0 && index < codecs.length ? Optional.of(codecs[index]) : Optional.empty();
    }

    /** @return the frames' width, as the server announced it */
    public int width() {
        return width;
    }

    /** @return the frames' height, as the server announced it */
    public int height() {
        return height;
    }

    /** @return the STREAM_CREATE codec number of {@code codec} */
    public static int wireCodec(VideoCodec codec) {
        return FIRST_OTHER_CODEC + codec.ordinal();
    }

    /**
     * @return a picture of the stream's size for a decoder to fill, reused when one is free. Pictures are
     *         garbage-collected ({@link PixelBuffer#allocateNative}): one may wait on the presenter, or be
     *         drawn there, after the reader has destroyed the stream, so neither thread alone may free it
     */
    public PixelBuffer takePicture() {
        PixelBuffer picture = freePictures.poll();
        return picture != null ? picture : PixelBuffer.allocateNative(width, height, false);
    }

    /** Hands back a picture from {@link #takePicture()} that is shown or dropped; any thread. */
    public void releasePicture(PixelBuffer picture) {
        freePictures.add(picture);
    }

    /** @return the decoder of a codec other than MJPEG, or null for MJPEG */
    public VideoDecoder decoder() {
        return decoder;
    }

    /** @return whether decoded frames are top-down; otherwise the first row is the bottom one */
    public boolean topDown() {
        return topDown;
    }

    /** @return where frames go on the surface */
    public Rect destination() {
        return destination;
    }

    /** @return the clip rectangles, or null for none */
    public List<Rect> clip() {
        return clip;
    }

    /** STREAM_CLIP. */
    public void clip(List<Rect> rects) {
        clip = rects;
    }

    /** STREAM_DATA_SIZED moves the destination with each frame. */
    public void destination(Rect rect) {
        destination = rect;
    }

    /**
     * Copies an arriving MJPEG frame into a buffer of this stream's, with the tables an earlier frame carried
     * when it lacks its own; call for every frame, dropped ones included, in arrival order (the reader thread).
     *
     * @param frame the frame in the message it came in; not retained
     * @return the buffer, to {@link #releaseFrame} once the frame is shown or dropped
     */
    MjpegFrameBuffer takeFrame(MemorySegment frame) {
        MjpegFrameBuffer buffer = freeFrames.poll();
        if (buffer == null) {
            buffer = new MjpegFrameBuffer();
        }
        buffer.fill(frame, tables);
        return buffer;
    }

    /** Hands back a buffer from {@link #takeFrame} whose frame is shown or dropped; any thread. */
    void releaseFrame(MjpegFrameBuffer buffer) {
        freeFrames.add(buffer);
    }

    /** @return frames waiting to be shown, for bounding the queue */
    public AtomicInteger pending() {
        return pending;
    }

    /** @return whether STREAM_DESTROY came; frames still queued are then dropped */
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Marks the stream gone and frees its decoder. */
    public void destroy() {
        destroyed = true;
        if (decoder != null) {
            decoder.close();
        }
    }

    /** STREAM_ACTIVATE_REPORT. */
    public void activateReports(long uniqueId, long maxWindow, long timeoutMillis) {
        reporting = true;
        reportId = uniqueId;
        reportWindow = maxWindow;
        reportTimeoutNanos = timeoutMillis * 1_000_000L;
        reportFrames = 0;
        reportDrops = 0;
        reportDropRun = 0;
    }

    /**
     * Counts one arriving frame.
     *
     * @param frameTime the frame's multimedia time
     * @param margin    how early it is (negative: late, so dropped)
     * @return the report to send now, if the window is full, its time is up, or drops keep coming
     */
    public Optional<Report> frameArrived(long frameTime, int margin) {
        if (margin < 0) {
            dropped();
        }
        if (!reporting) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (reportFrames == 0) {
            reportStartFrameTime = frameTime;
            reportStartNanos = now;
        }
        reportFrames++;
        if (margin < 0) {
            reportDrops++;
            reportDropRun++;
        } else {
            reportDropRun = 0;
        }
        if (reportFrames >= reportWindow || now - reportStartNanos >= reportTimeoutNanos
                || reportDropRun >= REPORT_DROP_SEQUENCE_LIMIT) {
            Report report = new Report(id, reportId, reportStartFrameTime, frameTime, reportFrames, reportDrops, margin);
            reportFrames = 0;
            reportDrops = 0;
            reportDropRun = 0;
            return Optional.of(report);
        }
        return Optional.empty();
    }

    /** Counts a frame dropped after it arrived (queue full, stream gone, decode failure). */
    public synchronized void dropped() {
        framesDropped++;
    }

    /** Counts a frame drawn. */
    public synchronized void shown() {
        framesShown++;
    }

    /** @return frames drawn so far */
    public synchronized long framesShown() {
        return framesShown;
    }

    /** @return frames dropped so far, late ones included */
    public synchronized long framesDropped() {
        return framesDropped;
    }
}
