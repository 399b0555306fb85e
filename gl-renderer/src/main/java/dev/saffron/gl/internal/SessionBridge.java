package dev.saffron.gl.internal;

import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.CursorChannel;
import dev.saffron.spice.CursorChannelListener;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
import dev.saffron.spice.DisplayMonitor;
import dev.saffron.spice.GlScanout;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.InputsChannel;
import dev.saffron.spice.MainChannel;
import dev.saffron.spice.MainChannelListener;
import dev.saffron.spice.MouseMode;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * Carries a session's events from the threads they arrive on to the window's thread, without ever blocking
 * the session: rectangles a display invalidated go into the {@link DirtyRegion}s of the windows showing it,
 * every other event becomes a task in a queue that the window runs with {@link #runPending}; both wake the
 * window. Listens to the main channel, every display channel (GL scanouts of the first only) and the first
 * cursor channel, and keeps the main and inputs channels, behind {@link GuestAgent} and {@link GuestInputs},
 * for the window's parts to send through. While the session reconnects those are withheld, so that nothing is
 * sent into the connection that dropped.
 */
public final class SessionBridge implements SessionListener, MainChannelListener, DisplayChannelListener,
        CursorChannelListener, Executor {
    /** What the window does with the session's events; every method runs on the window's thread. */
    public interface Window {
        /** The main channel opened: the session's name may now be known. */
        void sessionOpened();

        /** The session ended; {@code reason} says why. */
        void sessionEnded(SpiceException reason);

        /** The server's mouse mode is now {@code mode}. */
        void mouseModeChanged(MouseMode mode);

        /** The agent connected or disconnected, or its capabilities changed. */
        void agentChanged();

        /** The guest took a clipboard selection, offering these types. */
        void guestClipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types);

        /** The guest asked for the client's selection in this type. */
        void guestClipboardRequested(ClipboardSelection selection, ClipboardType type);

        /** The guest sent the selection contents the client asked for. */
        void guestClipboardData(ClipboardSelection selection, ClipboardType type, byte[] data);

        /** The guest gave a selection up. */
        void guestClipboardReleased(ClipboardSelection selection);

        /** A file transfer made progress or ended. */
        void transfersChanged();

        /** Display channel {@code displayId}'s primary surface is now {@code surface}. */
        void primarySurfaceCreated(int displayId, DisplaySurface surface);

        /** The primary surface {@code surface} is gone. */
        void primarySurfaceDestroyed(DisplaySurface surface);

        /** The guest's cursor took a new shape. */
        void cursorShapeSet(CursorShape shape);

        /** The guest's cursor moved, visible or not. */
        void cursorMoved(int x, int y, boolean visible);

        /** The guest hid its cursor. */
        void cursorHidden();

        /** The cursor channel forgot its shape. */
        void cursorReset();

        /** A GL scanout replaced the previous one; its CPU copy also reaches the surface. */
        default void glScanout(GlScanout scanout) {
        }

        /** GL scanout is off, or the last one cannot be shown. */
        default void glScanoutOff() {
        }

        /** The connection dropped and the session is trying to connect again. */
        default void sessionReconnecting() {
        }

        /** The session is connected again after a drop. */
        default void sessionReconnected() {
        }

        /** Display channel {@code displayId} now has these monitors, enabled or not. */
        default void monitorsChanged(int displayId, List<DisplayMonitor> monitors) {
        }
    }

    private final Window window;
    private final DirtyRegion dirty;
    private final Runnable wake;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, DisplaySurface> surfaces = new ConcurrentHashMap<>();
    private final Map<Integer, List<DirtyRegion>> moreDirty = new ConcurrentHashMap<>();
    private volatile GuestInputs inputs;
    private volatile GuestAgent agent;
    private volatile boolean reconnecting;

    /**
     * @param window what runs the events
     * @param dirty  where invalidated rectangles of the first display's primary surface go
     * @param wake   wakes the window's thread from any thread; must not block
     */
    public SessionBridge(Window window, DirtyRegion dirty, Runnable wake) {
        this.window = Objects.requireNonNull(window, "window");
        this.dirty = Objects.requireNonNull(dirty, "dirty");
        this.wake = Objects.requireNonNull(wake, "wake");
    }

    /** Runs a task on the window's thread, at its next {@link #runPending}; callable from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        wake.run();
    }

    /** Runs the tasks queued so far, in order; window thread only. */
    public void runPending() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }

    /**
     * Puts display channel {@code displayId}'s invalidated rectangles into {@code region} too, for another window
     * showing that channel; callable from any thread.
     */
    public void addDirtyRegion(int displayId, DirtyRegion region) {
        moreDirty.computeIfAbsent(displayId, id -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(region));
    }

    /** Stops what {@link #addDirtyRegion} started. */
    public void removeDirtyRegion(int displayId, DirtyRegion region) {
        List<DirtyRegion> regions = moreDirty.get(displayId);
        if (regions != null) {
            regions.remove(region);
        }
    }

    /** @return the guest's keyboard and pointer, or null before the inputs channel exists and while reconnecting */
    public GuestInputs inputs() {
        return reconnecting ? null : inputs;
    }

    /** @return the guest agent's side of the main channel, or null before it exists and while reconnecting */
    public GuestAgent agent() {
        return reconnecting ? null : agent;
    }

    /** @return whether the session is between a dropped connection and the next one */
    public boolean reconnecting() {
        return reconnecting;
    }

    @Override
    public void channelNew(SpiceChannel channel) {
        switch (channel) {
            case MainChannel mainChannel -> {
                agent = GuestAgent.of(mainChannel);
                mainChannel.addListener(this);
            }
            case DisplayChannel display -> display.addListener(this);
            case CursorChannel cursor when cursor.id() == 0 -> cursor.addListener(this);
            case InputsChannel inputsChannel -> inputs = GuestInputs.of(inputsChannel);
            default -> {
            }
        }
    }

    @Override
    public void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
        if (event == ChannelEvent.OPENED && channel instanceof MainChannel) {
            execute(window::sessionOpened);
        }
    }

    @Override
    public void reconnecting(int attempt, Duration delay, SpiceException cause) {
        reconnecting = true;
        execute(window::sessionReconnecting);
    }

    @Override
    public void reconnected(int attempts) {
        reconnecting = false;
        execute(window::sessionReconnected);
    }

    @Override
    public void reconnectGaveUp(SpiceException error) {
        // sessionClosed follows, and the window shows an ended session as it always did.
        reconnecting = false;
    }

    @Override
    public void sessionClosed(SpiceException error) {
        SpiceException reason = error != null ? error
                : new SpiceException(SpiceError.FAILED, "the server closed the session");
        execute(() -> window.sessionEnded(reason));
    }

    @Override
    public void mouseModeChanged(MainChannel channel, Set<MouseMode> supported, MouseMode current) {
        // The window asks for client mode whenever the server offers it, as spice-gtk does.
        if (current == MouseMode.SERVER && supported.contains(MouseMode.CLIENT)) {
            channel.requestMouseMode(MouseMode.CLIENT);
        }
        execute(() -> window.mouseModeChanged(current));
    }

    @Override
    public void agentStateChanged(MainChannel channel, boolean connected, long tokens) {
        execute(window::agentChanged);
    }

    @Override
    public void clipboardGrabbed(MainChannel channel, ClipboardSelection selection, List<ClipboardType> types) {
        execute(() -> window.guestClipboardGrabbed(selection, types));
    }

    @Override
    public void clipboardRequested(MainChannel channel, ClipboardSelection selection, ClipboardType type) {
        execute(() -> window.guestClipboardRequested(selection, type));
    }

    @Override
    public void clipboardData(MainChannel channel, ClipboardSelection selection, ClipboardType type, byte[] data) {
        execute(() -> window.guestClipboardData(selection, type, data));
    }

    @Override
    public void clipboardReleased(MainChannel channel, ClipboardSelection selection) {
        execute(() -> window.guestClipboardReleased(selection));
    }

    @Override
    public void fileTransferProgress(MainChannel channel, FileTransferTask task, long transferredBytes) {
        execute(window::transfersChanged);
    }

    @Override
    public void primarySurfaceCreated(DisplayChannel channel, DisplaySurface created) {
        int displayId = channel.id();
        surfaces.put(displayId, created);
        execute(() -> window.primarySurfaceCreated(displayId, created));
    }

    @Override
    public void primarySurfaceDestroyed(DisplayChannel channel, DisplaySurface destroyed) {
        surfaces.remove(channel.id(), destroyed);
        execute(() -> window.primarySurfaceDestroyed(destroyed));
    }

    @Override
    public void monitorsChanged(DisplayChannel channel, List<DisplayMonitor> monitors) {
        int displayId = channel.id();
        List<DisplayMonitor> copy = List.copyOf(monitors);
        execute(() -> window.monitorsChanged(displayId, copy));
    }

    @Override
    public void glScanout(DisplayChannel channel, GlScanout scanout) {
        if (channel.id() == 0) {
            execute(() -> window.glScanout(scanout));
        }
    }

    @Override
    public void glScanoutOff(DisplayChannel channel) {
        if (channel.id() == 0) {
            execute(window::glScanoutOff);
        }
    }

    @Override
    public void invalidate(DisplayChannel channel, int x, int y, int width, int height) {
        if (surfaces.isEmpty()) {
            return;
        }
        DisplaySurface current = surfaces.get(channel.id());
        if (current == null) {
            return;
        }
        if (channel.id() == 0) {
            dirty.add(x, y, width, height, current.width(), current.height());
        }
        List<DirtyRegion> others = moreDirty.get(channel.id());
        if (others != null) {
            others.forEach(region -> region.add(x, y, width, height, current.width(), current.height()));
        }
        wake.run();
    }

    @Override
    public void cursorSet(CursorChannel channel, CursorShape shape) {
        execute(() -> window.cursorShapeSet(shape));
    }

    @Override
    public void cursorMove(CursorChannel channel, int x, int y) {
        execute(() -> window.cursorMoved(x, y, channel.isVisible()));
    }

    @Override
    public void cursorHide(CursorChannel channel) {
        execute(window::cursorHidden);
    }

    @Override
    public void cursorReset(CursorChannel channel) {
        execute(window::cursorReset);
    }
}
