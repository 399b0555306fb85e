package dev.saffron.gl.internal;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.FileTransferTask;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the window does with a guest agent, as spice-gtk's widget and session do: the guest's display follows
 * the window's size once it settled, clipboard text goes both ways, and dropped files are copied to the guest
 * with their progress kept for the window to show. Each feature runs only while the agent announces its
 * capability. Window thread only; the window's loop calls {@link #sendGuestSize} and
 * {@link #checkHostClipboard} and sleeps no longer than {@link #nanosUntilDue} says.
 */
public final class AgentFeatures {
    private static final System.Logger LOG = System.getLogger(AgentFeatures.class.getName());
    /** spice-gtk waits this long after the last size change before it tells the guest. */
    private static final long RESIZE_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** GLFW has no event for another application taking the clipboard: it is looked at this often. */
    static final long CLIPBOARD_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final boolean resizeGuest;
    private final boolean autoClipboard;
    private final Supplier<GuestAgent> agent;
    private final Executor windowThread;
    private final Runnable transfersShown;
    private final GuestLayout layout = new GuestLayout(RESIZE_SETTLE_NANOS);
    private final FileTransfers transfers = new FileTransfers();
    private final ClipboardBridge clipboard;
    private boolean agentMonitors;
    private boolean agentClipboard;
    private long nextClipboardCheck;

    /**
     * @param resizeGuest    whether the guest's display follows the window's size
     * @param autoClipboard  whether clipboard text is shared
     * @param agent          the session's agent, or null before the main channel exists
     * @param hostClipboard  the host's clipboard
     * @param windowThread   runs tasks on the window's thread, from any thread
     * @param transfersShown shows the transfers' new state (progress bar, title); runs on the window's thread
     */
    public AgentFeatures(boolean resizeGuest, boolean autoClipboard, Supplier<GuestAgent> agent,
                         ClipboardBridge.Host hostClipboard, Executor windowThread, Runnable transfersShown) {
        this.resizeGuest = resizeGuest;
        this.autoClipboard = autoClipboard;
        this.agent = Objects.requireNonNull(agent, "agent");
        this.windowThread = Objects.requireNonNull(windowThread, "windowThread");
        this.transfersShown = Objects.requireNonNull(transfersShown, "transfersShown");
        this.clipboard = new ClipboardBridge(hostClipboard, new GuestClipboard());
    }

    /** The agent connected, disconnected or changed capabilities: features start or stop accordingly. */
    public void agentChanged() {
        GuestAgent current = agent.get();
        boolean connected = current != null && current.connected();
        boolean monitors = connected && current.has(AgentCapability.MONITORS_CONFIG);
        if (monitors && !agentMonitors) {
            // A new agent knows nothing of the size asked before.
            layout.resend();
        }
        agentMonitors = monitors;
        boolean sharing = connected && autoClipboard && !current.readOnly()
                && current.has(AgentCapability.CLIPBOARD_BY_DEMAND);
        if (sharing != agentClipboard) {
            clipboard.agentChanged();
            nextClipboardCheck = System.nanoTime();
        }
        agentClipboard = sharing;
    }

    /** @return whether the guest's display follows the window's size, rather than the window the guest's */
    public boolean drivesGuestSize() {
        return resizeGuest && agentMonitors;
    }

    /** @return the monitor layout the windows ask the guest for, each window's display in it */
    public GuestLayout layout() {
        return layout;
    }

    /**
     * Asks the guest for the windows' layout once it settled, in guest pixels: one per framebuffer pixel.
     *
     * @param showing whether the window shows a live session's display, which only then may be resized
     */
    public void sendGuestSize(long nowNanos, boolean showing) {
        GuestAgent current = agent.get();
        if (current == null || !showing || !drivesGuestSize()) {
            return;
        }
        layout.due(nowNanos).ifPresent(displays -> {
            for (GuestLayout.Display display : displays) {
                LOG.log(System.Logger.Level.DEBUG, "asking the guest for {0}", display.enabled()
                        ? display.width() + "x" + display.height() + " at " + display.x() + "," + display.y()
                        + " on display " + (display.id() + 1) : "display " + (display.id() + 1) + " off");
            }
            current.sendLayout(displays);
        });
    }

    /** Looks at the host's clipboard when a check is due and the window has the focus. */
    public void checkHostClipboard(long nowNanos, boolean focused) {
        if (focused && agentClipboard && nowNanos >= nextClipboardCheck) {
            nextClipboardCheck = nowNanos + CLIPBOARD_CHECK_NANOS;
            clipboard.hostMayHaveChanged();
        }
    }

    /** The window got the focus: another application may have taken the clipboard meanwhile. */
    public void focusGained(long nowNanos) {
        nextClipboardCheck = nowNanos;
    }

    /**
     * @return nanoseconds until {@link #sendGuestSize} or {@link #checkHostClipboard} has something to do, or -1
     *         when neither waits; only a size that can be sent counts, or one waiting for an agent would keep the
     *         loop spinning
     */
    public long nanosUntilDue(long nowNanos, boolean showing, boolean focused) {
        long due = -1;
        if (agent.get() != null && showing && drivesGuestSize()) {
            due = layout.nanosUntilDue(nowNanos);
        }
        if (focused && agentClipboard) {
            long check = Math.max(0, nextClipboardCheck - nowNanos);
            due = due < 0 ? check : Math.min(due, check);
        }
        return due;
    }

    /** The guest took its clipboard, offering text or not. */
    public void guestClipboardGrabbed(boolean text) {
        if (agentClipboard) {
            clipboard.guestGrabbed(text);
        }
    }

    /** The guest asks for the text the client offered. */
    public void guestClipboardRequested() {
        clipboard.guestRequested();
    }

    /** The guest's clipboard text arrived. */
    public void guestClipboardText(byte[] utf8) {
        if (agentClipboard) {
            clipboard.guestText(utf8);
        }
    }

    /**
     * Files were dropped on the window: they are copied to the guest.
     *
     * @param connected whether the session is live, else the drop fails at once
     */
    public void filesDropped(List<Path> files, boolean connected) {
        GuestAgent current = agent.get();
        if (current == null || !connected) {
            transfers.failedToStart("not connected");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "{0} files dropped", files.size());
            List<FileTransferTask> tasks = current.copyFiles(files);
            transfers.started(tasks);
            for (FileTransferTask task : tasks) {
                task.completion().whenComplete((done, failure) -> windowThread.execute(this::transfersChanged));
            }
        }
        transfersChanged();
    }

    /** A transfer made progress or ended. */
    public void transfersChanged() {
        transfers.settle();
        transfersShown.run();
    }

    /** @return whether dropped files are being sent */
    public boolean transfersRunning() {
        return transfers.running();
    }

    /** Cancels the running transfers: the user asked, or the window goes away. */
    public void cancelTransfers() {
        transfers.cancelAll();
    }

    /** @return the running transfers' joint progress, 0 to 1, for the progress bar */
    public OptionalDouble transferProgress() {
        return transfers.progress();
    }

    /** @return what the title says of the transfers, if anything */
    public Optional<String> transferStatus() {
        return transfers.status();
    }

    /** The guest's CLIPBOARD selection through the agent. */
    private final class GuestClipboard implements ClipboardBridge.Guest {
        @Override
        public boolean ready() {
            return agentClipboard && agent.get() != null;
        }

        @Override
        public boolean crlfLines() {
            GuestAgent current = agent.get();
            return current != null && current.has(AgentCapability.GUEST_LINEEND_CRLF);
        }

        @Override
        public int maxBytes() {
            GuestAgent current = agent.get();
            return current == null ? -1 : current.maxClipboard();
        }

        @Override
        public void grab() {
            logFailure(agent.get().clipboardGrab());
        }

        @Override
        public void request() {
            logFailure(agent.get().clipboardRequest());
        }

        @Override
        public void answer(byte[] utf8) {
            logFailure(agent.get().clipboardNotify(utf8));
        }

        private static void logFailure(CompletableFuture<Void> sent) {
            sent.exceptionally(e -> {
                LOG.log(System.Logger.Level.DEBUG, "clipboard message not sent: {0}", e.getMessage());
                return null;
            });
        }
    }
}
