package dev.saffron.gl;

import dev.saffron.gl.internal.AgentFeatures;
import dev.saffron.gl.internal.ClipboardBridge;
import dev.saffron.gl.internal.DirtyRegion;
import dev.saffron.gl.internal.Egl;
import dev.saffron.gl.internal.EglFunctions;
import dev.saffron.gl.internal.FramePresenter;
import dev.saffron.gl.internal.FullScreenState;
import dev.saffron.gl.internal.GuestCursor;
import dev.saffron.gl.internal.GuestInputs;
import dev.saffron.gl.internal.KeyToPresentTracker;
import dev.saffron.gl.internal.KeyboardRouting;
import dev.saffron.gl.internal.MonitorWindows;
import dev.saffron.gl.internal.PointerInput;
import dev.saffron.gl.internal.Renderer;
import dev.saffron.gl.internal.SessionBridge;
import dev.saffron.gl.internal.Viewport;
import dev.saffron.gl.internal.WindowControls;
import dev.saffron.gl.internal.WindowCursor;
import dev.saffron.gl.internal.WindowPlatform;
import dev.saffron.gl.internal.WindowScaling;
import dev.saffron.gl.internal.X11Errors;
import dev.saffron.gl.internal.X11KeyboardGrab;
import dev.saffron.gl.internal.X11Selections;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplayMonitor;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.GlScanout;
import dev.saffron.spice.MouseMode;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWDropCallback;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.glfw.GLFWNativeX11;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.lwjgl.glfw.GLFW.*;

/**
 * A window showing a SPICE session's first display and sending it the keyboard and pointer, like
 * remote-viewer's. The display is drawn with OpenGL 3.3: only the rectangles the server changed are uploaded,
 * the picture is scaled to the window keeping its aspect ratio, and window positions map exactly onto guest
 * pixels.
 *
 * <p>Keys go by physical position, so the guest's own layout applies whatever the host's. In client mouse mode
 * the guest's cursor becomes the window's; in server mode a click grabs the pointer (and the keyboard) and the
 * release-cursor hotkey (Ctrl+Alt by default) lets go, the guest's cursor drawn by the window meanwhile. The
 * window asks the server for client mode whenever it offers it, as spice-gtk does.
 *
 * <p>With a guest agent, as spice-gtk's widget and session do: the guest's display follows the window's size
 * ({@link WindowOptions#resizeGuest()}); the clipboard goes both ways ({@link WindowOptions#autoClipboard()});
 * files dropped on the window are copied to the guest, with a progress bar along the bottom and the percentage
 * in the title, Esc cancelling them while they run.
 *
 * <p>Every other guest display (monitors of the first display channel, other display channels) gets a window of
 * its own, as remote-viewer gives them ({@link MonitorOptions}); this window shows display 0 and runs the loop
 * for all of them.
 *
 * <p>Threads: {@link #open}, {@link #run} and {@link #close} must all be called on one thread (GLFW's rule;
 * on macOS it must be the first thread). The session's events may arrive on any thread.
 *
 * <p>This class holds the GLFW window, its loop and its geometry (size, full screen, title, grabs); the rest
 * is in parts named for what they do: {@link SessionBridge} brings the session's events to the window's
 * thread, {@link FramePresenter} draws frames, {@link PointerInput} and {@link KeyboardRouting} turn input into
 * the guest's, {@link GuestCursor} and {@link WindowCursor} show the guest's cursor, {@link AgentFeatures}
 * does what needs a guest agent (display layout, clipboard, dropped files), and {@link MonitorWindows} keeps the
 * other displays' windows.
 */
public final class ViewerWindow implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ViewerWindow.class.getName());
    private static final int INITIAL_WIDTH = 640;
    private static final int INITIAL_HEIGHT = 480;
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final WindowOptions options;
    private final long window;
    private final GLFWErrorCallback errorCallback;
    private final Optional<X11KeyboardGrab> keyboardGrab;
    private final Object wakeLock = new Object();
    private final SessionBridge bridge;
    private final FramePresenter frames;
    private final PointerInput pointer = new PointerInput();
    private final KeyboardRouting keys;
    private final GuestCursor cursor = new GuestCursor();
    private final WindowCursor hostCursor;
    private final AgentFeatures agentFeatures;
    private final MonitorWindows monitors;
    private final WindowControls controls;

    private boolean open = true;
    private SpiceSession session;
    /** Set once, before {@link #run()}; read on the window's thread. */
    private SmartcardActions smartcardActions;

    // Window-thread state.
    private int displayId;
    private boolean focused;
    private boolean pointerInside;
    private final FullScreenState screen;
    private String title;
    private SpiceException ended;
    private boolean endedSeen;
    private boolean surfaceShown;

    private ViewerWindow(WindowOptions options, MonitorOptions monitorOptions, long window,
                         GLFWErrorCallback errorCallback, Renderer renderer, Optional<X11KeyboardGrab> keyboardGrab) {
        this.options = options;
        this.window = window;
        screen = new FullScreenState(window);
        this.errorCallback = errorCallback;
        this.keyboardGrab = keyboardGrab;
        DirtyRegion dirty = new DirtyRegion();
        this.bridge = new SessionBridge(new SessionEvents(), dirty, this::wake);
        KeyToPresentTracker keyToPresent = new KeyToPresentTracker();
        this.frames = new FramePresenter(window, renderer, dirty, options.frameListener(), Optional.of(keyToPresent));
        KeyActions keyActions = new KeyActions();
        this.controls = new WindowControls(window, options, bridge::inputs, keyActions, bridge::execute);
        frames.setOverlay(controls);
        this.keys = new KeyboardRouting(options.hotkeys(), options.kiosk(), keyActions, controls, keyToPresent);
        this.hostCursor = new WindowCursor(window);
        // X selections (images, PRIMARY) where the window is on X11; GLFW's clipboard text elsewhere.
        this.agentFeatures = new AgentFeatures(options.resizeGuest(), options.autoClipboard(), bridge::agent,
                new HostClipboard(), bridge, this::transfersShown, listener -> glfwGetPlatform() == GLFW_PLATFORM_X11
                        ? X11Selections.open(listener) : Optional.empty());
        this.monitors = new MonitorWindows(monitorOptions, window, bridge, keys, agentFeatures.layout(),
                agentFeatures::drivesGuestSize);
    }

    /**
     * Opens the window, black until a session's display arrives.
     *
     * @throws WindowException when there is no display to open a window on, or no OpenGL 3.3
     */
    public static ViewerWindow open(WindowOptions options) throws WindowException {
        return open(options, MonitorOptions.DEFAULTS);
    }

    /**
     * Opens the window of the guest's first display, black until a session's display arrives; the other
     * displays' windows open as {@code monitors} says.
     *
     * @throws WindowException when there is no display to open a window on, or no OpenGL 3.3
     */
    public static ViewerWindow open(WindowOptions options, MonitorOptions monitors) throws WindowException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(monitors, "monitors");
        String[] lastError = {"no details"};
        GLFWErrorCallback errorCallback;
        try {
            errorCallback = GLFWErrorCallback.create((code, description) ->
                    lastError[0] = GLFWErrorCallback.getDescription(description));
        } catch (LinkageError e) {
            throw new WindowException("cannot load the GLFW and OpenGL libraries: " + e.getMessage(), e);
        }
        glfwSetErrorCallback(errorCallback);
        glfwInitHint(GLFW_PLATFORM, WindowPlatform.choose(System.getenv()).glfwPlatform());
        if (!glfwInit()) {
            glfwSetErrorCallback(null);
            errorCallback.free();
            throw new WindowException("cannot open a window: " + lastError[0]
                    + " (is DISPLAY or WAYLAND_DISPLAY set to a running display server?)");
        }
        if (glfwGetPlatform() == GLFW_PLATFORM_X11) {
            X11Errors.install();
        }
        long window = MemoryUtil.NULL;
        try {
            glfwDefaultWindowHints();
            glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
            glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
            glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
            glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
            // An EGL context can import the dma-bufs of GL scanouts; where EGL has no config for the window,
            // the platform's own context (GLX) still shows them through their CPU copy.
            glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_EGL_CONTEXT_API);
            window = glfwCreateWindow(INITIAL_WIDTH, INITIAL_HEIGHT, options.title().orElse("Saffron"),
                    MemoryUtil.NULL, MemoryUtil.NULL);
            if (window == MemoryUtil.NULL) {
                LOG.log(System.Logger.Level.INFO, "no EGL context for the window ({0}); using the platform''s",
                        lastError[0]);
                glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_NATIVE_CONTEXT_API);
                window = glfwCreateWindow(INITIAL_WIDTH, INITIAL_HEIGHT, options.title().orElse("Saffron"),
                        MemoryUtil.NULL, MemoryUtil.NULL);
            }
            if (window == MemoryUtil.NULL) {
                throw new WindowException("no OpenGL 3.3 window: " + lastError[0]);
            }
            glfwMakeContextCurrent(window);
            Optional<Egl> egl = glfwGetWindowAttrib(window, GLFW_CONTEXT_CREATION_API) == GLFW_EGL_CONTEXT_API
                    ? Egl.load() : Optional.empty();
            if (egl.isPresent()) {
                // LWJGL loads GL entry points through GLX by default; this context is EGL's.
                GL.destroy();
                GL.create(new EglFunctions(egl.get()));
            }
            GL.createCapabilities();
            glfwSwapInterval(1);
            Renderer renderer = new Renderer(egl);
            Optional<X11KeyboardGrab> grab = glfwGetPlatform() == GLFW_PLATFORM_X11
                    ? X11KeyboardGrab.forWindow(GLFWNativeX11.glfwGetX11Display(), GLFWNativeX11.glfwGetX11Window(window))
                    : Optional.empty();
            ViewerWindow viewer = new ViewerWindow(options, monitors, window, errorCallback, renderer, grab);
            viewer.installCallbacks();
            if (options.fullScreen() || options.kiosk()) {
                viewer.setFullScreen(true);
            }
            glfwShowWindow(window);
            return viewer;
        } catch (WindowException e) {
            terminate(window, errorCallback);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            terminate(window, errorCallback);
            throw new WindowException("OpenGL is not usable: " + e.getMessage(), e);
        }
    }

    private static void terminate(long window, GLFWErrorCallback errorCallback) {
        if (window != MemoryUtil.NULL) {
            Callbacks.glfwFreeCallbacks(window);
            glfwDestroyWindow(window);
        }
        glfwTerminate();
        glfwSetErrorCallback(null);
        errorCallback.free();
    }

    /**
     * What the smartcard hotkeys ({@link Hotkeys#smartcardInsert()}, {@link Hotkeys#smartcardRemove()}) do: put
     * the session's software smartcard in its reader and take it out.
     *
     * @param insert run on the window's thread when the insert hotkey is pressed
     * @param remove run on the window's thread when the remove hotkey is pressed
     */
    public record SmartcardActions(Runnable insert, Runnable remove) {
        /** @throws NullPointerException if an action is null */
        public SmartcardActions {
            Objects.requireNonNull(insert, "insert");
            Objects.requireNonNull(remove, "remove");
        }
    }

    /**
     * Gives the smartcard hotkeys their actions, for a session with a software smartcard; without, those keys
     * go to the guest. Call before {@link #run()}.
     */
    public void setSmartcardActions(SmartcardActions actions) {
        smartcardActions = Objects.requireNonNull(actions, "actions");
    }

    /**
     * Gives the menu's USB page and the usb-device-reset hotkey the session's USB devices; without, the page says
     * that USB redirection is off and the hotkey goes to the guest. Call before {@link #run()}.
     */
    public void setUsbDevices(UsbDevices devices) {
        controls.setUsbDevices(devices);
    }

    /**
     * Shows a session: call before {@link SpiceSession#connect()}, so that no channel is missed.
     *
     * @throws IllegalStateException if a session is already attached
     */
    public void attach(SpiceSession newSession) {
        if (session != null) {
            throw new IllegalStateException("a window shows one session");
        }
        session = Objects.requireNonNull(newSession, "session");
        newSession.addListener(bridge);
    }

    /**
     * Shows the session until the user closes the window or, if {@link WindowOptions#quitOnDisconnect()}, the
     * session ends. In kiosk mode the window cannot be closed.
     *
     * @return why the session ended, if it ended before the user closed the window
     */
    public Optional<SpiceException> run() {
        updateTitle();
        monitors.start();
        while (true) {
            if (glfwWindowShouldClose(window)) {
                if (!options.kiosk()) {
                    break;
                }
                glfwSetWindowShouldClose(window, false);
            }
            bridge.runPending();
            if (ended != null) {
                if (!endedSeen) {
                    endedSeen = true;
                    setPointerGrab(false);
                    updateTitle();
                }
                if (options.quitOnDisconnect()) {
                    break;
                }
            }
            long now = System.nanoTime();
            agentFeatures.sendGuestSize(now, showsLiveSession());
            agentFeatures.checkHostClipboard(now, focused);
            render();
            glfwWaitEventsTimeout(waitSeconds(System.nanoTime()));
        }
        // Transfers the user no longer sees are not left running in the guest.
        agentFeatures.cancelTransfers();
        return Optional.ofNullable(ended);
    }

    /** @return how long the loop may sleep before something of its own is due */
    private double waitSeconds(long now) {
        long nanos = IDLE_WAIT_NANOS;
        long due = agentFeatures.nanosUntilDue(now, showsLiveSession(), focused);
        if (due >= 0) {
            nanos = Math.min(nanos, due);
        }
        return Math.max(0.001, nanos / 1e9);
    }

    private boolean showsLiveSession() {
        return surfaceShown && ended == null;
    }

    /** Closes the window and releases GLFW; the session is left as it is. */
    @Override
    public void close() {
        synchronized (wakeLock) {
            if (!open) {
                return;
            }
            open = false;
        }
        agentFeatures.cancelTransfers();
        agentFeatures.close();
        keyboardGrab.ifPresent(grab -> grab.set(false));
        monitors.close();
        controls.close();
        frames.close();
        hostCursor.close();
        terminate(window, errorCallback);
    }

    /** Wakes the window's loop; called from the session's threads. */
    private void wake() {
        synchronized (wakeLock) {
            if (open) {
                glfwPostEmptyEvent();
            }
        }
    }

    private void render() {
        frames.present(cursor, pointer.mouseMode(), agentFeatures.transferProgress());
        monitors.present(cursor);
    }

    /** The session's events, on the window's thread. */
    private final class SessionEvents implements SessionBridge.Window {
        @Override
        public void sessionOpened() {
            updateTitle();
        }

        @Override
        public void sessionEnded(SpiceException reason) {
            if (ended == null) {
                ended = reason;
            }
            frames.reconnectAbandoned();
        }

        @Override
        public void sessionReconnecting() {
            frames.reconnecting();
            setPointerGrab(false);
            updateTitle();
        }

        @Override
        public void sessionReconnected() {
            frames.reconnected();
            updateTitle();
        }

        @Override
        public void mouseModeChanged(MouseMode mode) {
            pointer.mouseModeChanged(mode);
            monitors.mouseModeChanged(mode);
            if (mode == MouseMode.CLIENT) {
                setPointerGrab(false);
            }
            LOG.log(System.Logger.Level.INFO, "mouse mode: {0}", mode);
            applyCursor();
        }

        @Override
        public void agentChanged() {
            agentFeatures.agentChanged();
        }

        @Override
        public void guestClipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
            agentFeatures.guestClipboardGrabbed(selection, types);
        }

        @Override
        public void guestClipboardRequested(ClipboardSelection selection, ClipboardType type) {
            agentFeatures.guestClipboardRequested(selection, type);
        }

        @Override
        public void guestClipboardData(ClipboardSelection selection, ClipboardType type, byte[] data) {
            agentFeatures.guestClipboardData(selection, type, data);
        }

        @Override
        public void guestClipboardReleased(ClipboardSelection selection) {
            agentFeatures.guestClipboardReleased(selection);
        }

        @Override
        public void transfersChanged() {
            agentFeatures.transfersChanged();
        }

        @Override
        public void primarySurfaceCreated(int id, DisplaySurface created) {
            monitors.surfaceCreated(id, created);
            if (id != 0) {
                return;
            }
            displayId = id;
            frames.surfaceCreated(created);
            DisplayMonitor region = monitors.mainRegion();
            frames.setRegion(region);
            LOG.log(System.Logger.Level.DEBUG, "primary surface {0}", created.width() + "x" + created.height());
            // Once the window drives the guest's size, the guest's new sizes answer it: the window stays.
            if (!surfaceShown || !agentFeatures.drivesGuestSize()) {
                fitWindowTo(region == null ? created.width() : region.width(),
                        region == null ? created.height() : region.height());
            }
            surfaceShown = true;
            reportLayout();
        }

        @Override
        public void primarySurfaceDestroyed(DisplaySurface destroyed) {
            monitors.surfaceDestroyed(destroyed);
            frames.surfaceDestroyed(destroyed);
        }

        @Override
        public void monitorsChanged(int id, List<DisplayMonitor> channelMonitors) {
            monitors.monitorsChanged(id, channelMonitors);
            DisplayMonitor region = monitors.mainRegion();
            if (id == 0 && region != null) {
                frames.setRegion(region);
                if (surfaceShown && !agentFeatures.drivesGuestSize()) {
                    fitWindowTo(region.width(), region.height());
                }
            }
        }

        @Override
        public void glScanout(GlScanout scanout) {
            frames.scanoutArrived(scanout);
        }

        @Override
        public void glScanoutOff() {
            frames.scanoutOff();
        }

        @Override
        public void cursorShapeSet(CursorShape shape) {
            cursor.shapeSet(shape);
            hostCursor.shapeSet(shape);
            monitors.cursorShapeSet(shape);
            frames.cursorShapeSet(shape);
            applyCursor();
        }

        @Override
        public void cursorMoved(int x, int y, boolean visible) {
            cursor.moved(x, y, visible);
            applyCursor();
        }

        @Override
        public void cursorHidden() {
            cursor.hidden();
            applyCursor();
        }

        @Override
        public void cursorReset() {
            cursor.reset();
            applyCursor();
        }
    }

    /** What the keys the window keeps, and its menu, do. */
    private final class KeyActions implements KeyboardRouting.Actions, WindowControls.Window {
        @Override
        public void zoomChanged() {
            DisplaySurface shown = frames.surface();
            if (shown != null) {
                DisplayMonitor region = monitors.mainRegion();
                fitWindowTo(region == null ? shown.width() : region.width(),
                        region == null ? shown.height() : region.height());
            }
            reportLayout();
            frames.requestRedraw();
        }

        @Override
        public void redraw() {
            frames.requestRedraw();
        }

        @Override
        public boolean transfersRunning() {
            return agentFeatures.transfersRunning();
        }

        @Override
        public void cancelTransfers() {
            agentFeatures.cancelTransfers();
        }

        @Override
        public void toggleFullScreen() {
            setFullScreen(!screen.isFullScreen());
        }

        @Override
        public void releasePointer() {
            setPointerGrab(false);
        }

        @Override
        public boolean insertSmartcard() {
            return runSmartcardAction(smartcardActions == null ? null : smartcardActions.insert());
        }

        @Override
        public boolean removeSmartcard() {
            return runSmartcardAction(smartcardActions == null ? null : smartcardActions.remove());
        }

        private boolean runSmartcardAction(Runnable action) {
            if (action == null) {
                return false;
            }
            action.run();
            return true;
        }
    }

    /** The host's clipboard through GLFW. */
    private final class HostClipboard implements ClipboardBridge.Host {
        @Override
        public String text() {
            return glfwGetClipboardString(window);
        }

        @Override
        public void setText(String text) {
            glfwSetClipboardString(window, text);
        }
    }

    private void transfersShown() {
        frames.requestRedraw();
        updateTitle();
    }

    /**
     * Sizes a window (not a full screen) so that it shows the guest at the zoom and the platform's content scale
     * where it fits the monitor's work area, and keeps the aspect ratio where it must shrink.
     */
    private void fitWindowTo(int guestWidth, int guestHeight) {
        if (screen.isFullScreen()) {
            return;
        }
        int[] framebuffer = FramePresenter.framebufferSize(window);
        int[] size = FramePresenter.windowSize(window);
        // Where the platform scales framebuffers (HiDPI), a window coordinate covers several pixels.
        double pixelsPerUnit = size[0] > 0 && framebuffer[0] > 0 ? (double) framebuffer[0] / size[0] : 1;
        double[] zoomed = WindowScaling.windowSize(guestWidth, guestHeight, controls.zoom(), controls.contentScale(),
                pixelsPerUnit);
        double width = zoomed[0];
        double height = zoomed[1];
        long monitor = glfwGetPrimaryMonitor();
        if (monitor != MemoryUtil.NULL) {
            try (MemoryStack stack = MemoryStack.stackPush()) {
                IntBuffer x = stack.mallocInt(1);
                IntBuffer y = stack.mallocInt(1);
                IntBuffer areaWidth = stack.mallocInt(1);
                IntBuffer areaHeight = stack.mallocInt(1);
                glfwGetMonitorWorkarea(monitor, x, y, areaWidth, areaHeight);
                double fit = Math.min(1, Math.min(areaWidth.get(0) / width, areaHeight.get(0) / height));
                if (fit > 0) {
                    width *= fit;
                    height *= fit;
                }
            }
        }
        glfwSetWindowSize(window, Math.max(1, (int) Math.round(width)), Math.max(1, (int) Math.round(height)));
    }

    private void setFullScreen(boolean wanted) {
        if (wanted == screen.isFullScreen()) {
            return;
        }
        monitors.setFullScreen(wanted);
        if (!wanted) {
            screen.leave();
        } else if (!screen.fill(monitors.hostMonitor(0))) {
            LOG.log(System.Logger.Level.WARNING, "no monitor to go full screen on");
            return;
        }
        frames.requestRedraw();
        reportLayout();
    }

    /** Tells the guest's layout display 0's size (its drawable pixels over the zoom) and the window's place. */
    private void reportLayout() {
        int[] framebuffer = FramePresenter.framebufferSize(window);
        if (framebuffer[0] <= 0 || framebuffer[1] <= 0) {
            return;
        }
        int[] guest = WindowScaling.guestSize(framebuffer[0], framebuffer[1], controls.zoom());
        int[] x = new int[1];
        int[] y = new int[1];
        glfwGetWindowPos(window, x, y);
        agentFeatures.layout().shown(0, guest[0], guest[1], x[0], y[0], screen.isFullScreen(), System.nanoTime());
    }

    private void updateTitle() {
        String base = options.title().orElseGet(() -> {
            if (session == null) {
                return "Saffron";
            }
            return session.name().orElseGet(() -> session.config().uri().map(Object::toString).orElse("?"))
                    + " - Saffron";
        });
        monitors.setTitle(base);
        String text = base;
        if (ended != null) {
            text = base + " - disconnected: " + ended.getMessage();
        } else if (bridge.reconnecting()) {
            text = base + " - reconnecting\u2026";
        } else if (pointer.grabbed()) {
            text = base + " (press " + options.hotkeys().releaseCursor() + " to release the pointer)";
        }
        Optional<String> transferStatus = agentFeatures.transferStatus();
        if (transferStatus.isPresent()) {
            text = text + " - " + transferStatus.get();
        }
        if (!text.equals(title)) {
            title = text;
            glfwSetWindowTitle(window, text);
        }
    }

    private void setPointerGrab(boolean grab) {
        if (grab == pointer.grabbed()) {
            return;
        }
        glfwSetInputMode(window, GLFW_CURSOR, grab ? GLFW_CURSOR_DISABLED : GLFW_CURSOR_NORMAL);
        if (glfwRawMouseMotionSupported()) {
            glfwSetInputMode(window, GLFW_RAW_MOUSE_MOTION, grab ? GLFW_TRUE : GLFW_FALSE);
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            DoubleBuffer x = stack.mallocDouble(1);
            DoubleBuffer y = stack.mallocDouble(1);
            glfwGetCursorPos(window, x, y);
            pointer.grabChanged(grab, x.get(0), y.get(0), bridge.inputs());
        }
        updateKeyboardGrab();
        applyCursor();
        updateTitle();
    }

    private void updateKeyboardGrab() {
        boolean inhibited = session != null && session.config().inhibitKeyboardGrab();
        keyboardGrab.ifPresent(grab -> grab.set(KeyboardRouting.keyboardGrabWanted(inhibited, focused, ended != null,
                pointerInside, pointer.grabbed())));
    }

    /** Client mode: the guest's cursor is the window's. Server mode: the window draws it in the picture. */
    private void applyCursor() {
        hostCursor.apply(cursor.hostPointer(pointer.mouseMode(), pointer.grabbed()));
        monitors.applyCursor(cursor.hostPointer(pointer.mouseMode(), false));
        frames.requestRedraw();
    }

    private void installCallbacks() {
        // Key events then carry the Caps Lock and Num Lock state, which the guest's is matched to.
        glfwSetInputMode(window, GLFW_LOCK_KEY_MODS, GLFW_TRUE);
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) ->
                keys.key(key, scancode, action, mods, bridge.inputs()));
        glfwSetWindowFocusCallback(window, (w, gained) -> {
            focused = gained;
            keys.focusChanged(gained, bridge.inputs());
            if (gained) {
                agentFeatures.focusGained(System.nanoTime());
            } else {
                pointer.releaseButtons(bridge.inputs());
            }
            updateKeyboardGrab();
        });
        glfwSetCursorEnterCallback(window, (w, entered) -> {
            pointerInside = entered;
            updateKeyboardGrab();
        });
        glfwSetCursorPosCallback(window, (w, x, y) -> onPointer(x, y));
        glfwSetMouseButtonCallback(window, (w, button, action, mods) -> onButton(button, action == GLFW_PRESS));
        glfwSetScrollCallback(window, (w, dx, dy) -> onScroll(dy));
        glfwSetFramebufferSizeCallback(window, (w, width, height) -> {
            frames.requestRedraw();
            reportLayout();
        });
        glfwSetWindowPosCallback(window, (w, x, y) -> reportLayout());
        glfwSetDropCallback(window, (w, count, names) -> {
            List<Path> files = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = GLFWDropCallback.getName(names, i);
                try {
                    files.add(Path.of(name));
                } catch (InvalidPathException e) {
                    LOG.log(System.Logger.Level.WARNING, "dropped name is not a file: {0}", e.getMessage());
                }
            }
            if (!files.isEmpty()) {
                agentFeatures.filesDropped(files, ended == null);
            }
        });
        glfwSetWindowRefreshCallback(window, w -> {
            frames.requestRedraw();
            render();
        });
    }

    private void onPointer(double x, double y) {
        if (controls.pointerMoved(x, y)) {
            return;
        }
        GuestInputs inputs = bridge.inputs();
        if (inputs == null || ended != null) {
            return;
        }
        Viewport viewport = frames.viewport();
        if (viewport != null) {
            pointer.moved(x, y, viewport, displayId, inputs);
        }
    }

    private void onButton(int glfwButton, boolean pressed) {
        if (controls.button(glfwButton, pressed)) {
            return;
        }
        GuestInputs inputs = bridge.inputs();
        if (inputs == null || ended != null || frames.surface() == null) {
            return;
        }
        if (pointer.button(glfwButton, pressed, inputs)) {
            setPointerGrab(true);
        }
    }

    private void onScroll(double dy) {
        GuestInputs inputs = bridge.inputs();
        if (inputs != null && ended == null && !controls.menuOpen()) {
            pointer.scrolled(dy, inputs);
        }
    }
}
