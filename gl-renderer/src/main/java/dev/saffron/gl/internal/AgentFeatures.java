package dev.saffron.gl.internal;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.FileTransferTask;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the window does with a guest agent, as spice-gtk's widget and session do: the guest's display follows
 * the window's size once it settled, the clipboard goes both ways, and dropped files are copied to the guest
 * with their progress kept for the window to show. Each feature runs only while the agent announces its
 * capability. Window thread only; the window's loop calls {@link #sendGuestSize} and
 * {@link #checkHostClipboard} and sleeps no longer than {@link #nanosUntilDue} says.
 *
 * <p>The clipboard: where the host has X selections ({@link HostSelections}, opened when sharing first starts),
 * {@link SelectionSync} shares text and images in CLIPBOARD and PRIMARY; elsewhere
 * {@link ClipboardBridge} shares CLIPBOARD text through GLFW.
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
    private final Function<HostSelections.Listener, Optional<HostSelections>> openSelections;
    /** The host's X selections, once sharing started and they could be opened; then the GLFW path is unused. */
    private HostSelections selections;
    /** Converts clipboard images, one at a time: a decoded image is the largest thing the clipboard holds. */
    private ExecutorService converter;
    private SelectionSync selectionSync;
    private boolean selectionsTried;
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
     * @param openSelections opens the host's selections with a listener, if the host has them
     */
    public AgentFeatures(boolean resizeGuest, boolean autoClipboard, Supplier<GuestAgent> agent,
                         ClipboardBridge.Host hostClipboard, Executor windowThread, Runnable transfersShown,
                         Function<HostSelections.Listener, Optional<HostSelections>> openSelections) {
        this.resizeGuest = resizeGuest;
        this.autoClipboard = autoClipboard;
        this.agent = Objects.requireNonNull(agent, "agent");
        this.windowThread = Objects.requireNonNull(windowThread, "windowThread");
        this.transfersShown = Objects.requireNonNull(transfersShown, "transfersShown");
        this.clipboard = new ClipboardBridge(hostClipboard, new GuestClipboard());
        this.openSelections = Objects.requireNonNull(openSelections, "openSelections");
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
        boolean changed = sharing != agentClipboard;
        agentClipboard = sharing;
        if (changed) {
            clipboard.agentChanged();
            nextClipboardCheck = System.nanoTime();
            if (sharing) {
                openSelections();
            }
            if (selectionSync != null && sharing) {
                selectionSync.start();
            } else if (selectionSync != null) {
                selectionSync.stop();
            }
        }
    }

    private void openSelections() {
        if (selectionsTried) {
            return;
        }
        selectionsTried = true;
        selections = openSelections.apply(selection -> windowThread.execute(() -> {
            if (selectionSync != null) {
                selectionSync.hostChanged(selection);
            }
        })).orElse(null);
        if (selections != null) {
            // Conversions of large images take a second or more: off the window's thread.
            converter = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("saffron-clipboard")
                    .factory());
            selectionSync = new SelectionSync(selections, new GuestSelections(), windowThread, converter,
                    CompletableFuture.delayedExecutor(SelectionSync.RELEASE_DELAY_MILLIS, TimeUnit.MILLISECONDS,
                            windowThread));
        } else {
            LOG.log(System.Logger.Level.INFO, "no host selections: only clipboard text is shared");
        }
    }

    /** The window goes away: the host selections this side owns are given up. */
    public void close() {
        if (selections != null) {
            selections.close();
            converter.shutdownNow();
        }
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
        if (focused && agentClipboard && selectionSync == null && nowNanos >= nextClipboardCheck) {
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
        if (focused && agentClipboard && selectionSync == null) {
            long check = Math.max(0, nextClipboardCheck - nowNanos);
            due = due < 0 ? check : Math.min(due, check);
        }
        return due;
    }

    /** The guest took a selection, offering these types. */
    public void guestClipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
        if (!agentClipboard) {
            return;
        }
        if (selectionSync != null) {
            selectionSync.guestGrabbed(selection, types);
        } else if (selection == ClipboardSelection.CLIPBOARD) {
            clipboard.guestGrabbed(types.contains(ClipboardType.UTF8_TEXT));
        }
    }

    /** The guest asks for the client's selection in this type. */
    public void guestClipboardRequested(ClipboardSelection selection, ClipboardType type) {
        if (!agentClipboard) {
            return;
        }
        if (selectionSync != null) {
            selectionSync.guestRequested(selection, type);
        } else if (selection == ClipboardSelection.CLIPBOARD && type == ClipboardType.UTF8_TEXT) {
            clipboard.guestRequested();
        }
    }

    /** The guest's selection contents arrived. */
    public void guestClipboardData(ClipboardSelection selection, ClipboardType type, byte[] data) {
        if (!agentClipboard) {
            return;
        }
        if (selectionSync != null) {
            selectionSync.guestData(selection, type, data);
        } else if (selection == ClipboardSelection.CLIPBOARD && type == ClipboardType.UTF8_TEXT) {
            clipboard.guestText(data);
        }
    }

    /** The guest gave a selection up. */
    public void guestClipboardReleased(ClipboardSelection selection) {
        if (agentClipboard && selectionSync != null) {
            selectionSync.guestReleased(selection);
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

    private boolean guestEndsLinesWithCrlf() {
        GuestAgent current = agent.get();
        return current != null && current.has(AgentCapability.GUEST_LINEEND_CRLF);
    }

    /** @return the most clipboard bytes the agent takes, -1 without an agent */
    private int guestClipboardLimit() {
        GuestAgent current = agent.get();
        return current == null ? -1 : current.maxClipboard();
    }

    /** The guest's CLIPBOARD selection through the agent. */
    private final class GuestClipboard implements ClipboardBridge.Guest {
        @Override
        public boolean ready() {
            return agentClipboard && agent.get() != null;
        }

        @Override
        public boolean crlfLines() {
            return guestEndsLinesWithCrlf();
        }

        @Override
        public int maxBytes() {
            return guestClipboardLimit();
        }

        @Override
        public void grab() {
            logFailure(agent.get().clipboardGrab(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT)));
        }

        @Override
        public void request() {
            logFailure(agent.get().clipboardRequest(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT));
        }

        @Override
        public void answer(byte[] utf8) {
            logFailure(agent.get().clipboardNotify(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT, utf8));
        }
    }

    /** Every selection the agent shares, for {@link SelectionSync}. */
    private final class GuestSelections implements SelectionSync.Guest {
        @Override
        public boolean shares(ClipboardSelection selection) {
            GuestAgent current = agent.get();
            // As spice-gtk: CLIPBOARD, and PRIMARY where the agent names selections; never SECONDARY.
            return agentClipboard && current != null && (selection == ClipboardSelection.CLIPBOARD
                    || selection == ClipboardSelection.PRIMARY && current.has(AgentCapability.CLIPBOARD_SELECTION));
        }

        @Override
        public boolean crlfLines() {
            return guestEndsLinesWithCrlf();
        }

        @Override
        public int maxBytes() {
            return guestClipboardLimit();
        }

        @Override
        public boolean releasesBeforeRegrab() {
            GuestAgent current = agent.get();
            return current != null && !current.has(AgentCapability.CLIPBOARD_NO_RELEASE_ON_REGRAB);
        }

        @Override
        public void grab(ClipboardSelection selection, List<ClipboardType> types) {
            send(current -> current.clipboardGrab(selection, types));
        }

        @Override
        public void release(ClipboardSelection selection) {
            send(current -> current.clipboardRelease(selection));
        }

        @Override
        public void request(ClipboardSelection selection, ClipboardType type) {
            send(current -> current.clipboardRequest(selection, type));
        }

        @Override
        public void answer(ClipboardSelection selection, ClipboardType type, byte[] data) {
            send(current -> current.clipboardNotify(selection, type, data));
        }

        private void send(Function<GuestAgent, CompletableFuture<Void>> message) {
            GuestAgent current = agent.get();
            if (current != null) {
                logFailure(message.apply(current));
            }
        }
    }

    private static void logFailure(CompletableFuture<Void> sent) {
        sent.exceptionally(e -> {
            LOG.log(System.Logger.Level.DEBUG, "clipboard message not sent: {0}", e.getMessage());
            return null;
        });
    }
}
