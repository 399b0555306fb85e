package dev.saffron.gl.internal;

import dev.saffron.gl.MonitorOptions;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplayMonitor;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.MouseMode;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.MemoryUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.lwjgl.glfw.GLFW.*;

/**
 * Gives each guest display a window, as remote-viewer does: display {@code n} is monitor {@code n} of the first
 * display channel, or display channel {@code n} (spice-gtk's numbering). The viewer window shows display 0; this
 * opens and closes the others' {@link MonitorWindow}s as the guest turns its monitors on and off, or keeps the
 * {@link MonitorOptions#windows()} the user asked for, and tells each which part of which surface to show. A
 * window the user closes turns its display off in the {@link GuestLayout} and stays closed until the guest turns
 * that display off and on again. In full screen each window fills the host monitor the
 * {@link FullScreenPlacement} gives it. Window thread only.
 */
public final class MonitorWindows implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MonitorWindows.class.getName());
    private static final int INITIAL_WIDTH = 640;
    private static final int INITIAL_HEIGHT = 480;

    private final MonitorOptions options;
    private final long mainWindow;
    private final int contextApi;
    private final GLCapabilities mainCapabilities;
    private final SessionBridge bridge;
    private final KeyboardRouting keys;
    private final GuestLayout layout;
    private final BooleanSupplier drivesGuestSize;
    private final Map<Integer, MonitorWindow> windows = new TreeMap<>();
    private final DisplayPlan plan;
    private final Map<Integer, DisplaySurface> surfaces = new HashMap<>();
    private MouseMode mouseMode = MouseMode.SERVER;
    private CursorShape cursorShape;
    private GuestCursor.HostPointer hostPointer;
    private boolean fullScreen;
    private String title = "Saffron";

    /**
     * Call on the window's thread with the viewer window's context current.
     *
     * @param mainWindow      the viewer window, which shows display 0
     * @param keys            the keyboard, shared by every window
     * @param layout          where the windows report their sizes and places
     * @param drivesGuestSize whether the guest's displays follow the windows' sizes, rather than the windows the
     *                        guest's
     */
    public MonitorWindows(MonitorOptions options, long mainWindow, SessionBridge bridge, KeyboardRouting keys,
                          GuestLayout layout, BooleanSupplier drivesGuestSize) {
        this.options = Objects.requireNonNull(options, "options");
        this.plan = new DisplayPlan(options.windows());
        this.mainWindow = mainWindow;
        this.contextApi = glfwGetWindowAttrib(mainWindow, GLFW_CONTEXT_CREATION_API);
        this.mainCapabilities = GL.getCapabilities();
        this.bridge = Objects.requireNonNull(bridge, "bridge");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.drivesGuestSize = Objects.requireNonNull(drivesGuestSize, "drivesGuestSize");
    }

    /** Opens the windows the user asked for from the start. */
    public void start() {
        update();
    }

    /** Every window's title is {@code base} and its display's number from 1. */
    public void setTitle(String base) {
        if (base.equals(title)) {
            return;
        }
        title = base;
        windows.values().forEach(window -> window.setTitle(titleOf(window.displayId())));
    }

    /** Display channel {@code channelId} has a new primary surface. */
    public void surfaceCreated(int channelId, DisplaySurface surface) {
        surfaces.put(channelId, surface);
        plan.surface(channelId, true);
        update();
    }

    /** A primary surface went. */
    public void surfaceDestroyed(DisplaySurface destroyed) {
        surfaces.entrySet().removeIf(entry -> {
            boolean gone = entry.getValue() == destroyed;
            if (gone) {
                plan.surface(entry.getKey(), false);
            }
            return gone;
        });
        windows.values().forEach(window -> window.surfaceDestroyed(destroyed));
    }

    /** Display channel {@code channelId} has these monitors now. */
    public void monitorsChanged(int channelId, List<DisplayMonitor> channelMonitors) {
        plan.monitors(channelId, channelMonitors);
        update();
    }

    /** @return the part of the first display channel's surface that display 0 shows; null for all of it */
    public DisplayMonitor mainRegion() {
        return plan.shown(0).region();
    }

    public void mouseModeChanged(MouseMode mode) {
        mouseMode = mode;
        windows.values().forEach(window -> window.mouseModeChanged(mode));
    }

    public void cursorShapeSet(CursorShape shape) {
        cursorShape = shape;
        windows.values().forEach(window -> window.cursorShapeSet(shape));
    }

    /** The host pointer over every window looks like this. */
    public void applyCursor(GuestCursor.HostPointer look) {
        hostPointer = look;
        windows.values().forEach(window -> window.applyCursor(look));
    }

    /**
     * @return the GLFW monitor display {@code displayId} fills in full screen, or NULL where it stays a window
     */
    public long hostMonitor(int displayId) {
        PointerBuffer hostMonitors = glfwGetMonitors();
        int count = hostMonitors == null ? 0 : hostMonitors.remaining();
        OptionalInt index = FullScreenPlacement.of(options.fullScreenMonitors(), count).hostMonitor(displayId);
        return index.isPresent() ? hostMonitors.get(hostMonitors.position() + index.getAsInt()) : MemoryUtil.NULL;
    }

    /** Puts every window on its host monitor, or back in its window. */
    public void setFullScreen(boolean wanted) {
        fullScreen = wanted;
        windows.values().forEach(window -> window.setFullScreen(wanted ? hostMonitor(window.displayId())
                : MemoryUtil.NULL));
    }

    /**
     * Closes the windows the user closed and draws the others' frames when due; leaves the viewer window's
     * context current.
     *
     * @param cursor the guest's cursor, drawn in server mouse mode
     */
    public void present(GuestCursor cursor) {
        if (windows.isEmpty()) {
            return;
        }
        List<Integer> closed = new ArrayList<>();
        windows.forEach((id, window) -> {
            if (window.closeRequested()) {
                closed.add(id);
            } else {
                window.present(cursor, mouseMode);
            }
        });
        for (int id : closed) {
            LOG.log(System.Logger.Level.INFO, "display {0} closed: turning it off", id + 1);
            plan.closed(id);
            windows.remove(id).close();
        }
        makeMainCurrent();
    }

    /** Closes every window. */
    @Override
    public void close() {
        windows.values().forEach(MonitorWindow::close);
        windows.clear();
        makeMainCurrent();
    }

    private void makeMainCurrent() {
        glfwMakeContextCurrent(mainWindow);
        GL.setCapabilities(mainCapabilities);
    }

    /** Opens, closes and fills the windows for the displays the guest and the user want. */
    private void update() {
        Set<Integer> wanted = plan.windows();
        List<Integer> gone = windows.keySet().stream().filter(id -> !wanted.contains(id)).toList();
        for (int id : gone) {
            LOG.log(System.Logger.Level.DEBUG, "the guest turned display {0} off", id + 1);
            windows.remove(id).close();
        }
        boolean opened = false;
        for (int id : wanted) {
            if (!windows.containsKey(id)) {
                open(id);
                opened = true;
            }
        }
        windows.forEach((id, window) -> {
            DisplayPlan.Shown shown = plan.shown(id);
            window.show(shown.channel(), shown.picture() ? surfaces.get(shown.channel()) : null, shown.region(),
                    !drivesGuestSize.getAsBoolean());
        });
        if (opened) {
            makeMainCurrent();
        }
    }

    private void open(int id) {
        int x = rightmostEdge();
        MonitorWindow.open(id, titleOf(id), x, 0, INITIAL_WIDTH, INITIAL_HEIGHT, contextApi, bridge, layout, keys)
                .ifPresent(window -> {
                    LOG.log(System.Logger.Level.DEBUG, "a window for display {0}", id + 1);
                    windows.put(id, window);
                    window.mouseModeChanged(mouseMode);
                    if (cursorShape != null) {
                        window.cursorShapeSet(cursorShape);
                    }
                    if (hostPointer != null) {
                        window.applyCursor(hostPointer);
                    }
                    if (fullScreen) {
                        window.setFullScreen(hostMonitor(id));
                    }
                });
    }

    private int rightmostEdge() {
        int edge = windowEdge(mainWindow);
        for (MonitorWindow window : windows.values()) {
            edge = Math.max(edge, window.rightEdge());
        }
        return edge;
    }

    private static int windowEdge(long window) {
        int[] x = new int[1];
        int[] y = new int[1];
        glfwGetWindowPos(window, x, y);
        return x[0] + FramePresenter.windowSize(window)[0];
    }

    private String titleOf(int displayId) {
        return title + " (" + (displayId + 1) + ")";
    }
}
