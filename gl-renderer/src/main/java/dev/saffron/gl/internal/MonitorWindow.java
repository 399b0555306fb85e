package dev.saffron.gl.internal;

import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplayMonitor;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.MouseMode;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.lwjgl.glfw.GLFW.*;

/**
 * The window of one guest display besides the first (which is the viewer window's own): the part of its display
 * channel's surface that the display's monitor shows, scaled to the window, with the keyboard and, in client
 * mouse mode, the pointer going to that display. Owns its GLFW window, OpenGL context and {@link FramePresenter};
 * reports its size and place to the {@link GuestLayout}. Window thread only; {@link #present} and {@link #close}
 * leave its context current, so the caller makes the viewer window's current again.
 */
final class MonitorWindow implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MonitorWindow.class.getName());

    private final int displayId;
    private final long window;
    private final GLCapabilities capabilities;
    private final FramePresenter frames;
    private final DirtyRegion dirty = new DirtyRegion();
    private final PointerInput pointer = new PointerInput();
    private final WindowCursor hostCursor;
    private final SessionBridge bridge;
    private final GuestLayout layout;
    private int channelId = -1;
    private CursorShape pendingShape;
    private final FullScreenState screen;
    private boolean fitted;

    private MonitorWindow(int displayId, long window, GLCapabilities capabilities, SessionBridge bridge,
                          GuestLayout layout) {
        this.displayId = displayId;
        this.window = window;
        screen = new FullScreenState(window);
        this.capabilities = capabilities;
        this.bridge = bridge;
        this.layout = layout;
        // Key-to-present latency is measured on the main window's frames alone.
        this.frames = new FramePresenter(window, new Renderer(Optional.empty()), dirty, Optional.empty(),
                Optional.empty());
        this.hostCursor = new WindowCursor(window);
    }

    /**
     * Opens a display's window, black until its monitor shows, at ({@code x}, {@code y}) on the host's screen.
     *
     * @param contextApi GLFW's context creation API of the viewer window, which this one shares
     * @param keys       the keyboard, shared by all the session's windows
     * @return the window, or empty where GLFW cannot make one (said in the log)
     */
    static Optional<MonitorWindow> open(int displayId, String title, int x, int y, int width, int height,
                                        int contextApi, SessionBridge bridge, GuestLayout layout,
                                        KeyboardRouting keys) {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_CONTEXT_CREATION_API, contextApi);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        long window = glfwCreateWindow(width, height, title, MemoryUtil.NULL, MemoryUtil.NULL);
        if (window == MemoryUtil.NULL) {
            LOG.log(System.Logger.Level.WARNING, "no window for guest display {0}", displayId + 1);
            return Optional.empty();
        }
        glfwMakeContextCurrent(window);
        GLCapabilities capabilities = GL.createCapabilities();
        // The viewer window's swap waits for the screen's refresh; waiting again here would halve the frame rate.
        glfwSwapInterval(0);
        MonitorWindow opened = new MonitorWindow(displayId, window, capabilities, bridge, layout);
        opened.installCallbacks(keys);
        glfwSetWindowPos(window, x, y);
        glfwShowWindow(window);
        opened.report();
        return Optional.of(opened);
    }

    /** @return the guest display shown */
    int displayId() {
        return displayId;
    }

    void setTitle(String title) {
        glfwSetWindowTitle(window, title);
    }

    /** @return whether the user asked to close the window */
    boolean closeRequested() {
        return glfwWindowShouldClose(window);
    }

    /** @return the window's right edge on the host's screen, where the next display's window goes */
    int rightEdge() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer x = stack.mallocInt(1);
            IntBuffer y = stack.mallocInt(1);
            glfwGetWindowPos(window, x, y);
            return x.get(0) + FramePresenter.windowSize(window)[0];
        }
    }

    /**
     * Shows {@code surface} of display channel {@code channel}, or black for a null surface; only
     * {@code region} of it where the channel's monitors share it.
     *
     * @param fit whether the window takes the region's size, when the guest's size follows the window's it keeps
     *            its own once it had one
     */
    void show(int channel, DisplaySurface surface, DisplayMonitor region, boolean fit) {
        if (channel != channelId) {
            if (channelId >= 0) {
                bridge.removeDirtyRegion(channelId, dirty);
            }
            channelId = channel;
            bridge.addDirtyRegion(channelId, dirty);
        }
        if (surface != frames.surface()) {
            if (surface == null) {
                frames.surfaceDestroyed(frames.surface());
            } else {
                frames.surfaceCreated(surface);
            }
        }
        frames.setRegion(region);
        if (surface != null && (fit || !fitted) && !screen.isFullScreen()) {
            int width = region == null ? surface.width() : region.width();
            int height = region == null ? surface.height() : region.height();
            if (width > 0 && height > 0 && !Arrays.equals(FramePresenter.framebufferSize(window),
                    new int[]{width, height})) {
                glfwSetWindowSize(window, width, height);
            }
            fitted = true;
        }
    }

    /** A primary surface went; if it is the one shown, the window turns black. */
    void surfaceDestroyed(DisplaySurface destroyed) {
        frames.surfaceDestroyed(destroyed);
    }

    void mouseModeChanged(MouseMode mode) {
        pointer.mouseModeChanged(mode);
    }

    /** The guest's cursor took a new shape: the host pointer over this window takes it now, the texture later. */
    void cursorShapeSet(CursorShape shape) {
        hostCursor.shapeSet(shape);
        pendingShape = shape;
    }

    /** Sets the host pointer's look over this window. */
    void applyCursor(GuestCursor.HostPointer look) {
        hostCursor.apply(look);
        frames.requestRedraw();
    }

    /** Draws a frame if one is due, with this window's context made current. */
    void present(GuestCursor cursor, MouseMode mouseMode) {
        glfwMakeContextCurrent(window);
        GL.setCapabilities(capabilities);
        if (pendingShape != null) {
            frames.cursorShapeSet(pendingShape);
            pendingShape = null;
        }
        frames.present(cursor, mouseMode, OptionalDouble.empty());
    }

    /**
     * Fills a host monitor, or goes back to the window it was.
     *
     * @param monitor the GLFW monitor to fill; NULL to leave full screen
     */
    void setFullScreen(long monitor) {
        boolean wanted = monitor != MemoryUtil.NULL;
        if (wanted == screen.isFullScreen()) {
            return;
        }
        if (!wanted) {
            screen.leave();
        } else if (!screen.fill(monitor)) {
            return;
        }
        frames.requestRedraw();
        report();
    }

    /** Closes the window: the layout turns its display off. */
    @Override
    public void close() {
        if (channelId >= 0) {
            bridge.removeDirtyRegion(channelId, dirty);
        }
        layout.hidden(displayId, System.nanoTime());
        glfwMakeContextCurrent(window);
        GL.setCapabilities(capabilities);
        frames.close();
        hostCursor.close();
        Callbacks.glfwFreeCallbacks(window);
        glfwDestroyWindow(window);
    }

    /** Tells the layout the window's drawable size and its place on the host. */
    private void report() {
        int[] framebuffer = FramePresenter.framebufferSize(window);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer x = stack.mallocInt(1);
            IntBuffer y = stack.mallocInt(1);
            glfwGetWindowPos(window, x, y);
            layout.shown(displayId, framebuffer[0], framebuffer[1], x.get(0), y.get(0), screen.isFullScreen(), System.nanoTime());
        }
    }

    private void installCallbacks(KeyboardRouting keys) {
        glfwSetInputMode(window, GLFW_LOCK_KEY_MODS, GLFW_TRUE);
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) ->
                keys.key(key, scancode, action, mods, bridge.inputs()));
        glfwSetWindowFocusCallback(window, (w, gained) -> {
            keys.focusChanged(gained, bridge.inputs());
            if (!gained && bridge.inputs() != null) {
                pointer.releaseButtons(bridge.inputs());
            }
        });
        glfwSetCursorPosCallback(window, (w, x, y) -> {
            Viewport viewport = frames.viewport();
            GuestInputs inputs = bridge.inputs();
            if (viewport != null && inputs != null) {
                pointer.moved(x, y, viewport, displayId, inputs);
            }
        });
        glfwSetMouseButtonCallback(window, (w, button, action, mods) -> {
            GuestInputs inputs = bridge.inputs();
            // Server mode asks for a grab, which only the first display's window takes: there the click stays.
            if (inputs != null && frames.surface() != null) {
                pointer.button(button, action == GLFW_PRESS, inputs);
            }
        });
        glfwSetScrollCallback(window, (w, dx, dy) -> {
            GuestInputs inputs = bridge.inputs();
            if (inputs != null) {
                pointer.scrolled(dy, inputs);
            }
        });
        glfwSetFramebufferSizeCallback(window, (w, width, height) -> {
            frames.requestRedraw();
            report();
        });
        glfwSetWindowPosCallback(window, (w, x, y) -> report());
        glfwSetWindowRefreshCallback(window, w -> frames.requestRedraw());
    }
}
