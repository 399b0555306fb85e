package dev.saffron.gl;

import dev.saffron.gl.internal.ClipboardBridge;
import dev.saffron.gl.internal.DirtyRegion;
import dev.saffron.gl.internal.FileTransfers;
import dev.saffron.gl.internal.GuestResize;
import dev.saffron.gl.internal.HotkeyMatcher;
import dev.saffron.gl.internal.KeyboardInput;
import dev.saffron.gl.internal.Renderer;
import dev.saffron.gl.internal.Viewport;
import dev.saffron.gl.internal.X11KeyboardGrab;
import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.CursorChannel;
import dev.saffron.spice.CursorChannelListener;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.InputsChannel;
import dev.saffron.spice.KeyLock;
import dev.saffron.spice.MainChannel;
import dev.saffron.spice.MainChannelListener;
import dev.saffron.spice.MouseButton;
import dev.saffron.spice.MouseMode;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import org.lwjgl.glfw.Callbacks;
import org.lwjgl.glfw.GLFWDropCallback;
import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.glfw.GLFWImage;
import org.lwjgl.glfw.GLFWNativeX11;
import org.lwjgl.glfw.GLFWVidMode;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * ({@link WindowOptions#resizeGuest()}); clipboard text goes both ways ({@link WindowOptions#autoClipboard()});
 * files dropped on the window are copied to the guest, with a progress bar along the bottom and the percentage
 * in the title, Esc cancelling them while they run.
 *
 * <p>Threads: {@link #open}, {@link #run} and {@link #close} must all be called on one thread (GLFW's rule;
 * on macOS it must be the first thread). The session's events may arrive on any thread.
 */
public final class ViewerWindow implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ViewerWindow.class.getName());
    private static final int INITIAL_WIDTH = 640;
    private static final int INITIAL_HEIGHT = 480;
    private static final double IDLE_WAIT_SECONDS = 0.5;
    private static final int NO_CURSOR = Integer.MIN_VALUE;
    /** spice-gtk waits this long after the last size change before it tells the guest. */
    private static final long RESIZE_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** GLFW has no event for another application taking the clipboard: it is looked at this often. */
    private static final long CLIPBOARD_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final WindowOptions options;
    private final long window;
    private final GLFWErrorCallback errorCallback;
    private final Renderer renderer;
    private final Optional<X11KeyboardGrab> keyboardGrab;
    private final Queue<Runnable> fromSession = new ConcurrentLinkedQueue<>();
    private final DirtyRegion dirty = new DirtyRegion();
    private final Object wakeLock = new Object();
    private final KeyboardInput keyboard = new KeyboardInput();
    private final HotkeyMatcher hotkeyMatcher = new HotkeyMatcher();
    private final Set<Integer> hotkeyKeysDown = new HashSet<>();
    private final Set<MouseButton> buttonsHeld = EnumSet.noneOf(MouseButton.class);

    private boolean open = true;
    private SpiceSession session;
    private volatile DisplaySurface listenedSurface;
    private volatile InputsChannel inputs;
    private volatile MainChannel main;
    private int displayId;

    // Window-thread state.
    private DisplaySurface surface;
    private boolean fullUpload;
    private boolean redraw = true;
    private MouseMode mouseMode = MouseMode.SERVER;
    private boolean pointerGrabbed;
    private boolean focused;
    private boolean locksToMatch = true;
    private boolean pointerInside;
    private boolean fullScreen;
    private int[] windowedBounds = new int[4];
    private CursorShape cursorShape;
    private boolean cursorVisible;
    private int cursorX;
    private int cursorY;
    private long glfwCursor = MemoryUtil.NULL;
    private double lastPointerX = Double.NaN;
    private double lastPointerY;
    private double motionRemainderX;
    private double motionRemainderY;
    private double scrollRemainder;
    private int lastSentX = -1;
    private int lastSentY = -1;
    private String title;
    private SpiceException ended;
    private boolean endedSeen;
    private boolean surfaceShown;
    private boolean agentMonitors;
    private boolean agentClipboard;
    private long nextClipboardCheck;
    private final GuestResize guestResize = new GuestResize(RESIZE_SETTLE_NANOS);
    private final FileTransfers transfers = new FileTransfers();
    private final ClipboardBridge clipboard;

    private ViewerWindow(WindowOptions options, long window, GLFWErrorCallback errorCallback, Renderer renderer,
                         Optional<X11KeyboardGrab> keyboardGrab) {
        this.options = options;
        this.window = window;
        this.errorCallback = errorCallback;
        this.renderer = renderer;
        this.keyboardGrab = keyboardGrab;
        this.clipboard = new ClipboardBridge(new HostClipboard(), new GuestClipboard());
    }

    /**
     * Opens the window, black until a session's display arrives.
     *
     * @throws WindowException when there is no display to open a window on, or no OpenGL 3.3
     */
    public static ViewerWindow open(WindowOptions options) throws WindowException {
        Objects.requireNonNull(options, "options");
        String[] lastError = {"no details"};
        GLFWErrorCallback errorCallback;
        try {
            errorCallback = GLFWErrorCallback.create((code, description) ->
                    lastError[0] = GLFWErrorCallback.getDescription(description));
        } catch (LinkageError e) {
            throw new WindowException("cannot load the GLFW and OpenGL libraries: " + e.getMessage(), e);
        }
        glfwSetErrorCallback(errorCallback);
        if (System.getenv("WAYLAND_DISPLAY") == null) {
            // Else GLFW tries Wayland first, and libwayland complains on stderr before GLFW falls back to X11.
            glfwInitHint(GLFW_PLATFORM, GLFW_PLATFORM_X11);
        }
        if (!glfwInit()) {
            glfwSetErrorCallback(null);
            errorCallback.free();
            throw new WindowException("cannot open a window: " + lastError[0]
                    + " (is DISPLAY or WAYLAND_DISPLAY set to a running display server?)");
        }
        long window = MemoryUtil.NULL;
        try {
            glfwDefaultWindowHints();
            glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
            glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
            glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
            glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
            glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
            window = glfwCreateWindow(INITIAL_WIDTH, INITIAL_HEIGHT, options.title().orElse("Saffron"),
                    MemoryUtil.NULL, MemoryUtil.NULL);
            if (window == MemoryUtil.NULL) {
                throw new WindowException("no OpenGL 3.3 window: " + lastError[0]);
            }
            glfwMakeContextCurrent(window);
            GL.createCapabilities();
            glfwSwapInterval(1);
            Renderer renderer = new Renderer();
            Optional<X11KeyboardGrab> grab = glfwGetPlatform() == GLFW_PLATFORM_X11
                    ? X11KeyboardGrab.forWindow(GLFWNativeX11.glfwGetX11Display(), GLFWNativeX11.glfwGetX11Window(window))
                    : Optional.empty();
            ViewerWindow viewer = new ViewerWindow(options, window, errorCallback, renderer, grab);
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
     * Shows a session: call before {@link SpiceSession#connect()}, so that no channel is missed.
     *
     * @throws IllegalStateException if a session is already attached
     */
    public void attach(SpiceSession newSession) {
        if (session != null) {
            throw new IllegalStateException("a window shows one session");
        }
        session = Objects.requireNonNull(newSession, "session");
        newSession.addListener(new SessionEvents());
    }

    /**
     * Shows the session until the user closes the window or, if {@link WindowOptions#quitOnDisconnect()}, the
     * session ends. In kiosk mode the window cannot be closed.
     *
     * @return why the session ended, if it ended before the user closed the window
     */
    public Optional<SpiceException> run() {
        updateTitle();
        while (true) {
            if (glfwWindowShouldClose(window)) {
                if (!options.kiosk()) {
                    break;
                }
                glfwSetWindowShouldClose(window, false);
            }
            for (Runnable task = fromSession.poll(); task != null; task = fromSession.poll()) {
                task.run();
            }
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
            sendGuestSize(now);
            checkHostClipboard(now);
            render();
            glfwWaitEventsTimeout(waitSeconds(System.nanoTime()));
        }
        // Transfers the user no longer sees are not left running in the guest.
        transfers.cancelAll();
        return Optional.ofNullable(ended);
    }

    /** @return how long the loop may sleep before something of its own is due */
    private double waitSeconds(long now) {
        long nanos = TimeUnit.MILLISECONDS.toNanos((long) (IDLE_WAIT_SECONDS * 1000));
        // Only a size that can be sent counts, or a size waiting for an agent would keep the loop spinning.
        long resize = canSendGuestSize() ? guestResize.nanosUntilDue(now) : -1;
        if (resize >= 0) {
            nanos = Math.min(nanos, resize);
        }
        if (focused && agentClipboard) {
            nanos = Math.min(nanos, Math.max(0, nextClipboardCheck - now));
        }
        return Math.max(0.001, nanos / 1e9);
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
        transfers.cancelAll();
        keyboardGrab.ifPresent(grab -> grab.set(false));
        renderer.close();
        if (glfwCursor != MemoryUtil.NULL) {
            glfwDestroyCursor(glfwCursor);
        }
        terminate(window, errorCallback);
    }

    // ---- from the session's thread -------------------------------------------------------------------

    private void post(Runnable task) {
        fromSession.add(task);
        wake();
    }

    private void wake() {
        synchronized (wakeLock) {
            if (open) {
                glfwPostEmptyEvent();
            }
        }
    }

    private final class SessionEvents implements SessionListener, MainChannelListener, DisplayChannelListener,
            CursorChannelListener {
        @Override
        public void channelNew(SpiceChannel channel) {
            switch (channel) {
                case MainChannel mainChannel -> {
                    main = mainChannel;
                    mainChannel.addListener(this);
                }
                case DisplayChannel display when display.id() == 0 -> display.addListener(this);
                case CursorChannel cursor when cursor.id() == 0 -> cursor.addListener(this);
                case InputsChannel inputsChannel -> inputs = inputsChannel;
                default -> {
                }
            }
        }

        @Override
        public void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
            if (event == ChannelEvent.OPENED && channel instanceof MainChannel) {
                post(ViewerWindow.this::updateTitle);
            }
        }

        @Override
        public void sessionClosed(SpiceException error) {
            SpiceException reason = error != null ? error
                    : new SpiceException(SpiceError.FAILED, "the server closed the session");
            post(() -> {
                if (ended == null) {
                    ended = reason;
                }
            });
        }

        @Override
        public void mouseModeChanged(MainChannel channel, Set<MouseMode> supported, MouseMode current) {
            if (current == MouseMode.SERVER && supported.contains(MouseMode.CLIENT)) {
                channel.requestMouseMode(MouseMode.CLIENT);
            }
            post(() -> setMouseMode(current));
        }

        @Override
        public void agentStateChanged(MainChannel channel, boolean connected, long tokens) {
            post(() -> agentChanged(channel));
        }

        @Override
        public void clipboardGrabbed(MainChannel channel, ClipboardSelection selection, List<ClipboardType> types) {
            if (selection == ClipboardSelection.CLIPBOARD) {
                boolean text = types.contains(ClipboardType.UTF8_TEXT);
                post(() -> {
                    if (agentClipboard) {
                        clipboard.guestGrabbed(text);
                    }
                });
            }
        }

        @Override
        public void clipboardRequested(MainChannel channel, ClipboardSelection selection, ClipboardType type) {
            if (selection == ClipboardSelection.CLIPBOARD && type == ClipboardType.UTF8_TEXT) {
                post(clipboard::guestRequested);
            }
        }

        @Override
        public void clipboardData(MainChannel channel, ClipboardSelection selection, ClipboardType type,
                                  byte[] data) {
            if (selection == ClipboardSelection.CLIPBOARD && type == ClipboardType.UTF8_TEXT) {
                post(() -> {
                    if (agentClipboard) {
                        clipboard.guestText(data);
                    }
                });
            }
        }

        @Override
        public void fileTransferProgress(MainChannel channel, FileTransferTask task, long transferredBytes) {
            post(ViewerWindow.this::transfersChanged);
        }

        @Override
        public void primarySurfaceCreated(DisplayChannel channel, DisplaySurface created) {
            listenedSurface = created;
            post(() -> {
                surface = created;
                displayId = channel.id();
                fullUpload = true;
                LOG.log(System.Logger.Level.DEBUG, "primary surface {0}", created.width() + "x" + created.height());
                // Once the window drives the guest's size, the guest's new sizes answer it: the window stays.
                if (!surfaceShown || !drivesGuestSize()) {
                    fitWindowTo(created.width(), created.height());
                }
                surfaceShown = true;
                int[] framebuffer = framebufferSize();
                guestResize.windowSized(framebuffer[0], framebuffer[1], System.nanoTime());
                redraw = true;
            });
        }

        @Override
        public void primarySurfaceDestroyed(DisplayChannel channel, DisplaySurface destroyed) {
            listenedSurface = null;
            post(() -> {
                if (surface == destroyed) {
                    surface = null;
                    redraw = true;
                }
            });
        }

        @Override
        public void invalidate(DisplayChannel channel, int x, int y, int width, int height) {
            DisplaySurface current = listenedSurface;
            if (current != null) {
                dirty.add(x, y, width, height, current.width(), current.height());
                wake();
            }
        }

        @Override
        public void cursorSet(CursorChannel channel, CursorShape shape) {
            post(() -> setCursorShape(shape));
        }

        @Override
        public void cursorMove(CursorChannel channel, int x, int y) {
            post(() -> {
                cursorX = x;
                cursorY = y;
                cursorVisible = channel.isVisible();
                applyCursor();
            });
        }

        @Override
        public void cursorHide(CursorChannel channel) {
            post(() -> {
                cursorVisible = false;
                applyCursor();
            });
        }

        @Override
        public void cursorReset(CursorChannel channel) {
            post(() -> {
                cursorShape = null;
                cursorVisible = false;
                applyCursor();
            });
        }
    }

    // ---- window thread --------------------------------------------------------------------------------

    private void render() {
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
        int[] framebuffer = framebufferSize();
        if (current != null && !current.isDestroyed()) {
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
                viewport = viewport(current);
            } catch (IllegalStateException e) {
                // Destroyed while being read: the event saying so is on its way.
                LOG.log(System.Logger.Level.DEBUG, "surface gone during upload: {0}", e.getMessage());
            }
        }
        if (viewport == null && framebuffer[0] > 0 && framebuffer[1] > 0) {
            renderer.draw(null, framebuffer[0], framebuffer[1], NO_CURSOR, NO_CURSOR);
        } else if (viewport != null) {
            boolean drawCursor = mouseMode == MouseMode.SERVER && cursorVisible && cursorShape != null;
            renderer.draw(viewport, framebuffer[0], framebuffer[1], drawCursor ? cursorX : NO_CURSOR, cursorY);
        }
        if (framebuffer[0] > 0 && framebuffer[1] > 0) {
            transfers.progress().ifPresent(done -> renderer.drawProgress(done, framebuffer[0], framebuffer[1]));
        }
        glfwSwapBuffers(window);
        if (!batch.isEmpty()) {
            long presented = System.nanoTime();
            options.frameListener().ifPresent(listener -> listener.framePresented(batch.oldestNanos(), presented));
        }
    }

    private boolean drivesGuestSize() {
        return options.resizeGuest() && agentMonitors;
    }

    private boolean canSendGuestSize() {
        return main != null && surfaceShown && ended == null && drivesGuestSize();
    }

    private void agentChanged(MainChannel channel) {
        boolean connected = channel.isAgentConnected();
        boolean monitors = connected && channel.agentHasCapability(AgentCapability.MONITORS_CONFIG);
        if (monitors && !agentMonitors) {
            guestResize.resend();
        }
        agentMonitors = monitors;
        boolean sharing = connected && options.autoClipboard() && !channel.session().config().readOnly()
                && channel.agentHasCapability(AgentCapability.CLIPBOARD_BY_DEMAND);
        if (sharing != agentClipboard) {
            clipboard.agentChanged();
            nextClipboardCheck = System.nanoTime();
        }
        agentClipboard = sharing;
    }

    /** Asks the guest for the window's size once it settled, in guest pixels: one per framebuffer pixel. */
    private void sendGuestSize(long now) {
        MainChannel channel = main;
        if (!canSendGuestSize()) {
            return;
        }
        guestResize.due(now).ifPresent(size -> {
            LOG.log(System.Logger.Level.DEBUG, "asking the guest for {0}", size.width() + "x" + size.height());
            channel.updateDisplay(displayId, 0, 0, size.width(), size.height(), true);
            channel.sendMonitorConfig().exceptionally(e -> {
                LOG.log(System.Logger.Level.WARNING, "the guest's display size was not sent: {0}", e.getMessage());
                return null;
            });
        });
    }

    private void checkHostClipboard(long now) {
        if (focused && agentClipboard && now >= nextClipboardCheck) {
            nextClipboardCheck = now + CLIPBOARD_CHECK_NANOS;
            clipboard.hostMayHaveChanged();
        }
    }

    private void onDrop(List<Path> files) {
        MainChannel channel = main;
        if (channel == null || ended != null) {
            transfers.failedToStart("not connected");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "{0} files dropped", files.size());
            List<FileTransferTask> tasks = channel.copyFiles(files);
            transfers.started(tasks);
            for (FileTransferTask task : tasks) {
                task.completion().whenComplete((done, failure) -> post(this::transfersChanged));
            }
        }
        transfersChanged();
    }

    private void transfersChanged() {
        transfers.settle();
        redraw = true;
        updateTitle();
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

    /** The guest's CLIPBOARD selection through the main channel's agent. */
    private final class GuestClipboard implements ClipboardBridge.Guest {
        @Override
        public boolean ready() {
            return agentClipboard && main != null;
        }

        @Override
        public boolean crlfLines() {
            MainChannel channel = main;
            return channel != null && channel.agentHasCapability(AgentCapability.GUEST_LINEEND_CRLF);
        }

        @Override
        public int maxBytes() {
            MainChannel channel = main;
            return channel == null ? -1 : channel.maxClipboard();
        }

        @Override
        public void grab() {
            logFailure(main.clipboardGrab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT)));
        }

        @Override
        public void request() {
            logFailure(main.clipboardRequest(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT));
        }

        @Override
        public void answer(byte[] utf8) {
            logFailure(main.clipboardNotify(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT, utf8));
        }

        private static void logFailure(CompletableFuture<Void> sent) {
            sent.exceptionally(e -> {
                LOG.log(System.Logger.Level.DEBUG, "clipboard message not sent: {0}", e.getMessage());
                return null;
            });
        }
    }

    private int[] framebufferSize() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer width = stack.mallocInt(1);
            IntBuffer height = stack.mallocInt(1);
            glfwGetFramebufferSize(window, width, height);
            return new int[]{width.get(0), height.get(0)};
        }
    }

    private int[] windowSize() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer width = stack.mallocInt(1);
            IntBuffer height = stack.mallocInt(1);
            glfwGetWindowSize(window, width, height);
            return new int[]{width.get(0), height.get(0)};
        }
    }

    /** @return the current mapping, or null while the window is minimised */
    private Viewport viewport(DisplaySurface current) {
        int[] framebuffer = framebufferSize();
        int[] size = windowSize();
        if (framebuffer[0] <= 0 || framebuffer[1] <= 0 || size[0] <= 0 || size[1] <= 0) {
            return null;
        }
        return new Viewport(size[0], size[1], framebuffer[0], framebuffer[1], current.width(), current.height());
    }

    /**
     * Sizes a window (not a full screen) so that its framebuffer holds the guest one to one where it fits the
     * monitor's work area, and keeps the aspect ratio where it must shrink.
     */
    private void fitWindowTo(int guestWidth, int guestHeight) {
        if (fullScreen) {
            return;
        }
        int[] framebuffer = framebufferSize();
        int[] size = windowSize();
        // Where the platform scales framebuffers (HiDPI), a window coordinate covers several pixels.
        double pixelsPerUnit = size[0] > 0 && framebuffer[0] > 0 ? (double) framebuffer[0] / size[0] : 1;
        double width = guestWidth / pixelsPerUnit;
        double height = guestHeight / pixelsPerUnit;
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
        if (wanted == fullScreen) {
            return;
        }
        long monitor = glfwGetPrimaryMonitor();
        GLFWVidMode mode = monitor == MemoryUtil.NULL ? null : glfwGetVideoMode(monitor);
        if (wanted) {
            if (mode == null) {
                LOG.log(System.Logger.Level.WARNING, "no monitor to go full screen on");
                return;
            }
            try (MemoryStack stack = MemoryStack.stackPush()) {
                IntBuffer x = stack.mallocInt(1);
                IntBuffer y = stack.mallocInt(1);
                glfwGetWindowPos(window, x, y);
                int[] size = windowSize();
                windowedBounds = new int[]{x.get(0), y.get(0), size[0], size[1]};
            }
            glfwSetWindowMonitor(window, monitor, 0, 0, mode.width(), mode.height(), mode.refreshRate());
        } else {
            glfwSetWindowMonitor(window, MemoryUtil.NULL, windowedBounds[0], windowedBounds[1], windowedBounds[2],
                    windowedBounds[3], GLFW_DONT_CARE);
        }
        fullScreen = wanted;
        redraw = true;
    }

    private void updateTitle() {
        String base = options.title().orElseGet(() -> {
            if (session == null) {
                return "Saffron";
            }
            return session.name().orElseGet(() -> session.config().uri().map(Object::toString).orElse("?"))
                    + " - Saffron";
        });
        String text = base;
        if (ended != null) {
            text = base + " - disconnected: " + ended.getMessage();
        } else if (pointerGrabbed) {
            text = base + " (press " + options.hotkeys().releaseCursor() + " to release the pointer)";
        }
        Optional<String> transferStatus = transfers.status();
        if (transferStatus.isPresent()) {
            text = text + " - " + transferStatus.get();
        }
        if (!text.equals(title)) {
            title = text;
            glfwSetWindowTitle(window, text);
        }
    }

    private void setMouseMode(MouseMode mode) {
        mouseMode = mode;
        if (mode == MouseMode.CLIENT) {
            setPointerGrab(false);
        }
        lastPointerX = Double.NaN;
        LOG.log(System.Logger.Level.INFO, "mouse mode: {0}", mode);
        applyCursor();
        redraw = true;
    }

    private void setPointerGrab(boolean grab) {
        if (grab == pointerGrabbed) {
            return;
        }
        pointerGrabbed = grab;
        glfwSetInputMode(window, GLFW_CURSOR, grab ? GLFW_CURSOR_DISABLED : GLFW_CURSOR_NORMAL);
        if (glfwRawMouseMotionSupported()) {
            glfwSetInputMode(window, GLFW_RAW_MOUSE_MOTION, grab ? GLFW_TRUE : GLFW_FALSE);
        }
        // Moves count from where the pointer is now: the first motion after the grab is a move like any other.
        try (MemoryStack stack = MemoryStack.stackPush()) {
            DoubleBuffer x = stack.mallocDouble(1);
            DoubleBuffer y = stack.mallocDouble(1);
            glfwGetCursorPos(window, x, y);
            lastPointerX = grab ? x.get(0) : Double.NaN;
            lastPointerY = y.get(0);
        }
        motionRemainderX = 0;
        motionRemainderY = 0;
        if (!grab) {
            releaseButtons();
        }
        updateKeyboardGrab();
        applyCursor();
        updateTitle();
    }

    private void updateKeyboardGrab() {
        keyboardGrab.ifPresent(grab -> grab.set(focused && ended == null && (pointerInside || pointerGrabbed)));
    }

    private void setCursorShape(CursorShape shape) {
        cursorShape = shape;
        if (glfwCursor != MemoryUtil.NULL) {
            glfwSetCursor(window, MemoryUtil.NULL);
            glfwDestroyCursor(glfwCursor);
            glfwCursor = MemoryUtil.NULL;
        }
        renderer.setCursor(shape);
        if (shape.width() > 0 && shape.height() > 0) {
            glfwCursor = createGlfwCursor(shape);
        }
        applyCursor();
    }

    private static long createGlfwCursor(CursorShape shape) {
        int[] argb = shape.argb();
        ByteBuffer rgba = MemoryUtil.memAlloc(argb.length * 4);
        try (GLFWImage image = GLFWImage.malloc()) {
            for (int pixel : argb) {
                rgba.put((byte) (pixel >>> 16)).put((byte) (pixel >>> 8)).put((byte) pixel).put((byte) (pixel >>> 24));
            }
            rgba.flip();
            image.set(shape.width(), shape.height(), rgba);
            return glfwCreateCursor(image, Math.min(shape.hotX(), shape.width() - 1),
                    Math.min(shape.hotY(), shape.height() - 1));
        } finally {
            MemoryUtil.memFree(rgba);
        }
    }

    /** Client mode: the guest's cursor is the window's. Server mode: the window draws it in the picture. */
    private void applyCursor() {
        if (pointerGrabbed) {
            redraw = true;
            return;
        }
        if (mouseMode == MouseMode.CLIENT) {
            if (cursorShape != null && !cursorVisible) {
                glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
            } else {
                glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
                glfwSetCursor(window, glfwCursor);
            }
        } else {
            glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
            glfwSetCursor(window, MemoryUtil.NULL);
        }
        redraw = true;
    }

    private void installCallbacks() {
        // Key events then carry the Caps Lock and Num Lock state, which the guest's is matched to.
        glfwSetInputMode(window, GLFW_LOCK_KEY_MODS, GLFW_TRUE);
        glfwSetKeyCallback(window, (w, key, scancode, action, mods) -> onKey(key, scancode, action, mods));
        glfwSetWindowFocusCallback(window, (w, gained) -> {
            focused = gained;
            locksToMatch = gained;
            if (gained) {
                // Another application may have taken the clipboard while the window did not have the focus.
                nextClipboardCheck = System.nanoTime();
            }
            if (!gained) {
                keyboard.releaseAll(inputs);
                hotkeyMatcher.clear();
                hotkeyKeysDown.clear();
                releaseButtons();
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
            redraw = true;
            guestResize.windowSized(width, height, System.nanoTime());
        });
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
                onDrop(files);
            }
        });
        glfwSetWindowRefreshCallback(window, w -> {
            redraw = true;
            render();
        });
    }

    private void onKey(int key, int scancode, int action, int mods) {
        boolean down = action != GLFW_RELEASE;
        hotkeyMatcher.track(key, down);
        if (action == GLFW_PRESS && key == GLFW_KEY_ESCAPE && transfers.running()) {
            // While files are sent the progress bar is a dialog of sorts, and Esc cancels it.
            swallow(key);
            transfers.cancelAll();
            return;
        }
        if (action == GLFW_PRESS && !options.kiosk()) {
            Hotkeys hotkeys = options.hotkeys();
            if (hotkeyMatcher.matches(hotkeys.toggleFullscreen(), key)) {
                swallow(key);
                setFullScreen(!fullScreen);
                return;
            }
            if (hotkeyMatcher.matches(hotkeys.releaseCursor(), key)) {
                // A modifiers-only combination is also typed into the guest, as spice-gtk's grab sequence is.
                if (hotkeys.releaseCursor().key().isPresent()) {
                    swallow(key);
                    setPointerGrab(false);
                    return;
                }
                setPointerGrab(false);
            }
        }
        if (!down && hotkeyKeysDown.remove(key)) {
            return;
        }
        if (down && hotkeyKeysDown.contains(key)) {
            return;
        }
        matchLocks(mods);
        keyboard.key(inputs, scancode, down);
    }

    /**
     * Once per focus, before the first key reaches the guest, sets the guest's Caps Lock and Num Lock to the
     * host's, as spice-gtk does when its widget gets the focus: the locks may have changed while the window did
     * not have the keyboard. GLFW tells the host's state only with key events, as it was before the key, so a
     * lock key pressed then toggles both alike. Scroll Lock, which GLFW does not report, stays as the guest has it.
     */
    private void matchLocks(int mods) {
        InputsChannel channel = inputs;
        if (!locksToMatch || channel == null) {
            return;
        }
        locksToMatch = false;
        Set<KeyLock> host = EnumSet.noneOf(KeyLock.class);
        if ((mods & GLFW_MOD_CAPS_LOCK) != 0) {
            host.add(KeyLock.CAPS_LOCK);
        }
        if ((mods & GLFW_MOD_NUM_LOCK) != 0) {
            host.add(KeyLock.NUM_LOCK);
        }
        if (channel.keyLocks().contains(KeyLock.SCROLL_LOCK)) {
            host.add(KeyLock.SCROLL_LOCK);
        }
        if (!host.equals(channel.keyLocks())) {
            channel.setKeyLocks(host);
        }
    }

    private void swallow(int key) {
        hotkeyKeysDown.add(key);
    }

    private void onPointer(double x, double y) {
        DisplaySurface current = surface;
        InputsChannel channel = inputs;
        if (current == null || channel == null || ended != null) {
            return;
        }
        Viewport viewport = viewport(current);
        if (viewport == null) {
            return;
        }
        if (mouseMode == MouseMode.CLIENT) {
            Viewport.GuestPoint point = viewport.toGuest(x, y);
            if (point.x() != lastSentX || point.y() != lastSentY) {
                lastSentX = point.x();
                lastSentY = point.y();
                channel.position(point.x(), point.y(), displayId, buttonsHeld);
            }
        } else if (pointerGrabbed) {
            if (!Double.isNaN(lastPointerX)) {
                motionRemainderX += viewport.toGuestDeltaX(x - lastPointerX);
                motionRemainderY += viewport.toGuestDeltaY(y - lastPointerY);
                int dx = (int) motionRemainderX;
                int dy = (int) motionRemainderY;
                motionRemainderX -= dx;
                motionRemainderY -= dy;
                if (dx != 0 || dy != 0) {
                    channel.motion(dx, dy, buttonsHeld);
                }
            }
            lastPointerX = x;
            lastPointerY = y;
        }
    }

    private void onButton(int glfwButton, boolean pressed) {
        InputsChannel channel = inputs;
        if (channel == null || ended != null || surface == null) {
            return;
        }
        if (mouseMode == MouseMode.SERVER && !pointerGrabbed) {
            // The click that grabs stays with the viewer, as in spice-gtk.
            if (pressed) {
                setPointerGrab(true);
            }
            return;
        }
        MouseButton button = switch (glfwButton) {
            case GLFW_MOUSE_BUTTON_LEFT -> MouseButton.LEFT;
            case GLFW_MOUSE_BUTTON_RIGHT -> MouseButton.RIGHT;
            case GLFW_MOUSE_BUTTON_MIDDLE -> MouseButton.MIDDLE;
            case GLFW_MOUSE_BUTTON_4 -> MouseButton.SIDE;
            case GLFW_MOUSE_BUTTON_5 -> MouseButton.EXTRA;
            default -> null;
        };
        if (button == null) {
            return;
        }
        if (pressed) {
            Set<MouseButton> before = Set.copyOf(buttonsHeld);
            buttonsHeld.add(button);
            channel.buttonPress(button, before);
        } else if (buttonsHeld.contains(button)) {
            Set<MouseButton> before = Set.copyOf(buttonsHeld);
            buttonsHeld.remove(button);
            channel.buttonRelease(button, before);
        }
    }

    private void releaseButtons() {
        InputsChannel channel = inputs;
        for (MouseButton button : Set.copyOf(buttonsHeld)) {
            Set<MouseButton> before = Set.copyOf(buttonsHeld);
            buttonsHeld.remove(button);
            if (channel != null) {
                channel.buttonRelease(button, before);
            }
        }
    }

    private void onScroll(double dy) {
        InputsChannel channel = inputs;
        if (channel == null || ended != null || mouseMode == MouseMode.SERVER && !pointerGrabbed) {
            return;
        }
        scrollRemainder += dy;
        while (Math.abs(scrollRemainder) >= 1) {
            MouseButton wheel = scrollRemainder > 0 ? MouseButton.UP : MouseButton.DOWN;
            channel.buttonPress(wheel, buttonsHeld);
            channel.buttonRelease(wheel, buttonsHeld);
            scrollRemainder -= Math.signum(scrollRemainder);
        }
    }
}
