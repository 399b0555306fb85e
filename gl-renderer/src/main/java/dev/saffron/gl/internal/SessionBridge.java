package dev.saffron.gl.internal;

import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.CursorChannel;
import dev.saffron.spice.CursorChannelListener;
import dev.saffron.spice.CursorShape;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
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
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * Carries a session's events from the threads they arrive on to the window's thread, without ever blocking
 * the session: rectangles the first display invalidated go into a {@link DirtyRegion}, every other event
 * becomes a task in a queue that the window runs with {@link #runPending}; both wake the window. Listens to the
 * main channel, the first display and the first cursor channel, and keeps the main and inputs channels,
 * behind {@link GuestAgent} and {@link GuestInputs}, for the window's parts to send through. While the session
 * reconnects those are withheld, so that nothing is sent into the connection that dropped.
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

        /** The guest took its CLIPBOARD selection; {@code text} tells whether it offers UTF-8 text. */
        void guestClipboardGrabbed(boolean text);

        /** The guest asked for the client's clipboard text. */
        void guestClipboardRequested();

        /** The guest sent the clipboard text the client asked for. */
        void guestClipboardText(byte[] utf8);

        /** A file transfer made progress or ended. */
        void transfersChanged();

        /** The first display's primary surface is now {@code surface}, of display {@code displayId}. */
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
    }

    private final Window window;
    private final DirtyRegion dirty;
    private final Runnable wake;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile DisplaySurface listenedSurface;
    private volatile GuestInputs inputs;
    private volatile GuestAgent agent;
    private volatile boolean reconnecting;

    /**
     * @param window what runs the events
     * @param dirty  where invalidated rectangles of the primary surface go
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
            case DisplayChannel display when display.id() == 0 -> display.addListener(this);
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
        if (selection == ClipboardSelection.CLIPBOARD) {
            boolean text = types.contains(ClipboardType.UTF8_TEXT);
            execute(() -> window.guestClipboardGrabbed(text));
        }
    }

    @Override
    public void clipboardRequested(MainChannel channel, ClipboardSelection selection, ClipboardType type) {
        if (selection == ClipboardSelection.CLIPBOARD && type == ClipboardType.UTF8_TEXT) {
            execute(window::guestClipboardRequested);
        }
    }

    @Override
    public void clipboardData(MainChannel channel, ClipboardSelection selection, ClipboardType type, byte[] data) {
        if (selection == ClipboardSelection.CLIPBOARD && type == ClipboardType.UTF8_TEXT) {
            execute(() -> window.guestClipboardText(data));
        }
    }

    @Override
    public void fileTransferProgress(MainChannel channel, FileTransferTask task, long transferredBytes) {
        execute(window::transfersChanged);
    }

    @Override
    public void primarySurfaceCreated(DisplayChannel channel, DisplaySurface created) {
        listenedSurface = created;
        int displayId = channel.id();
        execute(() -> window.primarySurfaceCreated(displayId, created));
    }

    @Override
    public void primarySurfaceDestroyed(DisplayChannel channel, DisplaySurface destroyed) {
        listenedSurface = null;
        execute(() -> window.primarySurfaceDestroyed(destroyed));
    }

    @Override
    public void glScanout(DisplayChannel channel, GlScanout scanout) {
        execute(() -> window.glScanout(scanout));
    }

    @Override
    public void glScanoutOff(DisplayChannel channel) {
        execute(window::glScanoutOff);
    }

    @Override
    public void invalidate(DisplayChannel channel, int x, int y, int width, int height) {
        DisplaySurface current = listenedSurface;
        if (current != null) {
            dirty.add(x, y, width, height, current.width(), current.height());
            wake.run();
        }
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
