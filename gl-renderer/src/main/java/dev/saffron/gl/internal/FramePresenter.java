package dev.saffron.gl.internal;

import dev.saffron.gl.WindowOptions;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplayMonitor;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.GlScanout;
import dev.saffron.spice.MouseMode;
import org.lwjgl.system.MemoryStack;

import java.nio.IntBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.lwjgl.glfw.GLFW.glfwGetFramebufferSize;
import static org.lwjgl.glfw.GLFW.glfwGetWindowSize;
import static org.lwjgl.glfw.GLFW.glfwSwapBuffers;

/**
 * Puts the guest's primary surface, or the part of it one monitor shows, on the screen: uploads what changed since the last frame (all of it after a
 * new surface), draws the picture scaled into the window with the cursor and the progress bar over it, swaps
 * buffers and tells the frame listener. Draws only when something changed or a redraw was asked for. While the
 * session reconnects it keeps drawing the last picture it uploaded, dimmed under a {@link ReconnectOverlay},
 * until a picture of the new connection arrives. Owns the {@link Renderer}, the overlay and their OpenGL objects.
 * Window thread only, with the window's context current.
 */
public final class FramePresenter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FramePresenter.class.getName());
    private static final int NO_CURSOR = Integer.MIN_VALUE;

    private final long window;
    private final Renderer renderer;
    private final DirtyRegion dirty;
    private final Optional<WindowOptions.FrameListener> frameListener;
    private final Optional<KeyToPresentTracker> keyToPresent;
    private Overlay overlay;
    private DisplaySurface surface;
    private DisplayMonitor region;
    private boolean fullUpload;
    private boolean redraw = true;
    /** Made at the first reconnect. */
    private ReconnectOverlay reconnectOverlay;
    private final ReconnectFreeze freeze = new ReconnectFreeze();

    /**
     * @param window        the GLFW window, whose context is current
     * @param renderer      draws the frames; closed with this
     * @param dirty         the rectangles the session changed since the last frame
     * @param frameListener hears each frame that showed a change
     * @param keyToPresent  hears each frame that showed a change, to end a key's latency measurement: the main
     *                      window's presenter
     */
    public FramePresenter(long window, Renderer renderer, DirtyRegion dirty,
                          Optional<WindowOptions.FrameListener> frameListener,
                          Optional<KeyToPresentTracker> keyToPresent) {
        this.window = window;
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.dirty = Objects.requireNonNull(dirty, "dirty");
        this.frameListener = Objects.requireNonNull(frameListener, "frameListener");
        this.keyToPresent = Objects.requireNonNull(keyToPresent, "keyToPresent");
    }

    /** Something drawn over each frame, last: the window's menu. */
    @FunctionalInterface
    public interface Overlay {
        /** Draws over the frame, if it has something to show; window thread, context current. */
        void draw(Renderer renderer, int framebufferWidth, int framebufferHeight);
    }

    /** Sets what is drawn over each frame. */
    public void setOverlay(Overlay drawnLast) {
        overlay = Objects.requireNonNull(drawnLast, "overlay");
    }

    /** @return the primary surface shown, or null while there is none */
    public DisplaySurface surface() {
        return surface;
    }

    /**
     * Shows only this part of the surface, one monitor of several that share it; null for the whole surface.
     */
    public void setRegion(DisplayMonitor monitor) {
        if (!Objects.equals(monitor, region)) {
            region = monitor;
            redraw = true;
        }
    }

    /** Shows a new primary surface, uploaded whole at the next frame. */
    public void surfaceCreated(DisplaySurface created) {
        surface = created;
        freeze.surfaceCreated();
        fullUpload = true;
        redraw = true;
    }

    /** A primary surface went; if it is the one shown, the window turns black. */
    public void surfaceDestroyed(DisplaySurface destroyed) {
        if (surface == destroyed) {
            surface = null;
            redraw = true;
        }
    }

    /** A GL scanout arrived: imported where possible, else its CPU copy in the surface is what shows. */
    public void scanoutArrived(GlScanout scanout) {
        renderer.scanout().show(scanout);
        redraw = true;
    }

    /** The GL scanout is off or cannot be shown: the surface is drawn. */
    public void scanoutOff() {
        renderer.scanout().clear();
        redraw = true;
    }

    /**
     * The connection dropped and the session is reconnecting: the last picture stays, dimmed, with a notice over
     * it, until {@link #reconnected()} and a new surface.
     */
    public void reconnecting() {
        freeze.reconnecting();
        redraw = true;
    }

    /** The session is connected again: the live picture replaces the dimmed one as soon as there is one. */
    public void reconnected() {
        boolean surfaceLive = surface != null && !surface.isDestroyed();
        freeze.reconnected(surfaceLive);
        // A surface kept across the drop changed while the texture showed the old picture: all of it again.
        fullUpload |= surfaceLive && !freeze.frozen();
        redraw = true;
    }

    /** The session will not reconnect: what shows is what a session that ended shows. */
    public void reconnectAbandoned() {
        freeze.abandoned();
        redraw = true;
    }

    /** Draws the next frame even if the picture did not change: the window, cursor or progress did. */
    public void requestRedraw() {
        redraw = true;
    }

    /** The guest's cursor took a new shape, for drawing in server mouse mode. */
    public void cursorShapeSet(CursorShape shape) {
        renderer.setCursor(shape);
    }

    /**
     * Draws a frame if one is due.
     *
     * @param cursor    the guest's cursor, drawn into the picture where the mouse mode wants it
     * @param mouseMode the server's mouse mode
     * @param progress  the file transfers' progress bar, if one is shown
     */
    public void present(GuestCursor cursor, MouseMode mouseMode, OptionalDouble progress) {
        DirtyRegion.Batch batch = dirty.take();
        DisplaySurface current = surface;
        if (current != null && !batch.isEmpty() || fullUpload) {
            redraw = true;
        }
        if (!redraw) {
            return;
        }
        redraw = false;
        Viewport viewport = null;
        int[] framebuffer = framebufferSize(window);
        boolean frozen = freeze.frozen();
        if (frozen) {
            // The texture still holds the last picture uploaded; the surface, if any, is the dead connection's.
            viewport = frozenViewport(framebuffer);
        } else if (current != null && !current.isDestroyed()) {
            try {
                if (fullUpload || renderer.surface().width() != current.width()
                        || renderer.surface().height() != current.height()) {
                    renderer.surface().resize(current.width(), current.height());
                    renderer.surface().upload(current, List.of(
                            new DirtyRegion.Rectangle(0, 0, current.width(), current.height())));
                    fullUpload = false;
                } else {
                    renderer.surface().upload(current, batch.rectangles());
                }
                viewport = viewport();
            } catch (IllegalStateException e) {
                // Destroyed while being read: the event saying so is on its way.
                LOG.log(System.Logger.Level.DEBUG, "surface gone during upload: {0}", e.getMessage());
            }
        }
        if (viewport == null && framebuffer[0] > 0 && framebuffer[1] > 0) {
            renderer.draw(null, 0, 0, framebuffer[0], framebuffer[1], NO_CURSOR, NO_CURSOR);
        } else if (viewport != null) {
            boolean drawCursor = !frozen && cursor.drawnInPicture(mouseMode);
            int left = regionX();
            int top = regionY();
            renderer.draw(viewport, left, top, framebuffer[0], framebuffer[1],
                    drawCursor ? cursor.x() - left : NO_CURSOR, cursor.y() - top);
        }
        if (frozen && framebuffer[0] > 0 && framebuffer[1] > 0) {
            if (reconnectOverlay == null) {
                reconnectOverlay = new ReconnectOverlay();
            }
            reconnectOverlay.draw(framebuffer[0], framebuffer[1]);
        }
        if (framebuffer[0] > 0 && framebuffer[1] > 0) {
            progress.ifPresent(done -> renderer.drawProgress(done, framebuffer[0], framebuffer[1]));
            if (overlay != null) {
                overlay.draw(renderer, framebuffer[0], framebuffer[1]);
            }
        }
        glfwSwapBuffers(window);
        // A frozen frame shows none of the changes taken: they belong to a surface not on the screen.
        if (!batch.isEmpty() && !frozen) {
            long presented = System.nanoTime();
            // Not ifPresent: its lambda would allocate at every frame until the JIT compiles this.
            if (keyToPresent.isPresent()) {
                keyToPresent.get().framePresented(batch.newestNanos(), presented);
            }
            frameListener.ifPresent(listener -> listener.framePresented(batch.oldestNanos(), presented));
        }
    }

    /**
     * @return how window positions map onto the part of the surface shown, or null with no surface, a region
     *         outside it or a minimised window
     */
    public Viewport viewport() {
        DisplaySurface current = surface;
        if (current == null) {
            return null;
        }
        int[] framebuffer = framebufferSize(window);
        int[] size = windowSize(window);
        int width = region == null ? current.width() : Math.min(region.width(), current.width() - region.x());
        int height = region == null ? current.height() : Math.min(region.height(), current.height() - region.y());
        if (framebuffer[0] <= 0 || framebuffer[1] <= 0 || size[0] <= 0 || size[1] <= 0 || width <= 0
                || height <= 0) {
            return null;
        }
        return new Viewport(size[0], size[1], framebuffer[0], framebuffer[1], width, height);
    }

    private int regionX() {
        return region == null ? 0 : region.x();
    }

    private int regionY() {
        return region == null ? 0 : region.y();
    }

    /** @return where the last uploaded picture goes in the window, or null if none was uploaded */
    private Viewport frozenViewport(int[] framebuffer) {
        int[] size = windowSize(window);
        int width = renderer.surface().width();
        int height = renderer.surface().height();
        if (width == 0 || height == 0 || framebuffer[0] <= 0 || framebuffer[1] <= 0 || size[0] <= 0 || size[1] <= 0) {
            return null;
        }
        return new Viewport(size[0], size[1], framebuffer[0], framebuffer[1], width, height);
    }

    /** Releases the renderer's and the overlay's OpenGL objects. */
    @Override
    public void close() {
        if (reconnectOverlay != null) {
            reconnectOverlay.close();
        }
        renderer.close();
    }

    /** @return the window's drawable size in pixels, {width, height} */
    public static int[] framebufferSize(long window) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer width = stack.mallocInt(1);
            IntBuffer height = stack.mallocInt(1);
            glfwGetFramebufferSize(window, width, height);
            return new int[]{width.get(0), height.get(0)};
        }
    }

    /** @return the window's size in screen coordinates, {width, height} */
    public static int[] windowSize(long window) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer width = stack.mallocInt(1);
            IntBuffer height = stack.mallocInt(1);
            glfwGetWindowSize(window, width, height);
            return new int[]{width.get(0), height.get(0)};
        }
    }
}
