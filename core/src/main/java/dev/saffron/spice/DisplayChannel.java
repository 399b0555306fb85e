package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.display.DisplayEngine;
import dev.saffron.spice.internal.display.GlScanoutFrame;
import dev.saffron.spice.spi.VideoCodec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A display channel: surfaces and the drawing commands that fill them (protocol reference §4). Draws run on
 * the channel's thread straight into the surfaces' off-heap pixels; listeners hear about the primary surface
 * and which rectangles changed. Mirrors spice-gtk's {@code SpiceDisplayChannel}.
 */
public final class DisplayChannel extends SpiceChannel {
    private final List<DisplayChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final DisplayEngine engine;

    DisplayChannel(ChannelHost host, int id) {
        this(host, id, ImageLimits.DEFAULT);
    }

    /** @param limits the largest surface and image accepted; smaller than the default only in tests */
    DisplayChannel(ChannelHost host, int id, ImageLimits limits) {
        super(host.session());
        engine = new DisplayEngine(host, id, limits, DisplaySurface::new, new Events());
    }

    @Override
    DisplayEngine engine() {
        return engine;
    }

    @Override
    List<DisplayChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(DisplayChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(DisplayChannelListener listener) {
        listeners.remove(listener);
    }

    /** @return the primary surface, once the server created it */
    public Optional<DisplaySurface> primarySurface() {
        return engine.primarySurface();
    }

    /** @return the surface with the given id */
    public Optional<DisplaySurface> surface(int surfaceId) {
        return engine.surface(surfaceId);
    }

    /** @return whether the primary surface holds a picture worth showing */
    public boolean isMarked() {
        return engine.isMarked();
    }

    /** @return the monitor layout the server last sent */
    public List<DisplayMonitor> monitors() {
        return engine.monitors();
    }

    /** @return how many draws the canvas refused (each was skipped) */
    public long drawErrors() {
        return engine.drawErrors();
    }

    /** @return how many images failed to decode (each one's draw was skipped) */
    public long decodeErrors() {
        return engine.decodeErrors();
    }

    /**
     * @return how many surfaces were refused because the session's surface memory would have gone past
     *         {@link SessionConfig#surfaceMemoryBudget()} (each was logged; draws to it are skipped)
     */
    public long surfacesRefused() {
        return engine.surfacesRefused();
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
        return engine.awaitFrame(quiet, timeout);
    }

    /** @return frames of video streams drawn so far */
    public long streamFramesShown() {
        return engine.streamFramesShown();
    }

    /** @return frames of video streams dropped so far (late, undecodable, or the client fell behind) */
    public long streamFramesDropped() {
        return engine.streamFramesDropped();
    }

    /**
     * @param codec a codec besides MJPEG
     * @return how many streams the server has created on this channel in that codec, those Saffron refused
     *         for want of a decoder included
     */
    public long streamsCreated(VideoCodec codec) {
        return engine.streamsCreated(codec);
    }

    /** @return how many GL scanouts could not be shown (or not copied, for {@link GlScanoutError#NOT_MAPPABLE}) */
    public long glScanoutErrors(GlScanoutError error) {
        return engine.glScanoutErrors(error);
    }

    /** @return how many GL_DRAWs were answered with GL_DRAW_DONE; every one is, whatever became of it */
    public long glDrawsAnswered() {
        return engine.glDrawsAnswered();
    }

    /** @return how many GL_DRAWs came while no scanout could be shown */
    public long glDrawsWithoutScanout() {
        return engine.glDrawsWithoutFrame();
    }

    /**
     * @return for each of the latest GL_DRAWs (up to 4096, oldest first), nanoseconds from its arrival to its
     *         picture being in the primary surface
     */
    public long[] glDrawReadyNanos() {
        return engine.glDrawTimings().readyNanos();
    }

    /** @return as {@link #glDrawReadyNanos()}, to its GL_DRAW_DONE being queued for the server */
    public long[] glDrawDoneNanos() {
        return engine.glDrawTimings().doneNanos();
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements DisplayEngine.Events {
        @Override
        public void primarySurfaceCreated(DisplaySurface surface) {
            listeners.forEach(listener -> listener.primarySurfaceCreated(DisplayChannel.this, surface));
        }

        @Override
        public void primarySurfaceDestroyed(DisplaySurface surface) {
            listeners.forEach(listener -> listener.primarySurfaceDestroyed(DisplayChannel.this, surface));
        }

        @Override
        public void invalidate(int x, int y, int width, int height) {
            listeners.forEach(listener -> listener.invalidate(DisplayChannel.this, x, y, width, height));
        }

        @Override
        public void mark(boolean marked) {
            listeners.forEach(listener -> listener.mark(DisplayChannel.this, marked));
        }

        @Override
        public void monitorsChanged(List<DisplayMonitor> monitors) {
            listeners.forEach(listener -> listener.monitorsChanged(DisplayChannel.this, monitors));
        }

        @Override
        public void glScanout(GlScanoutFrame frame, long generation) {
            GlScanout scanout = new GlScanout(frame, engine, generation);
            listeners.forEach(listener -> listener.glScanout(DisplayChannel.this, scanout));
        }

        @Override
        public void glScanoutOff() {
            listeners.forEach(listener -> listener.glScanoutOff(DisplayChannel.this));
        }

        @Override
        public void glDraw(int x, int y, int width, int height) {
            listeners.forEach(listener -> listener.glDraw(DisplayChannel.this, x, y, width, height));
        }
    }
}
