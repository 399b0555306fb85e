package dev.saffron.gl.internal;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.FileTransferTask;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentFeaturesTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final FakeAgent agent = new FakeAgent();
    private final Queue<Runnable> windowTasks = new ArrayDeque<>();
    private final List<String> hostClipboard = new ArrayList<>();
    private int transfersShown;
    private GuestAgent offered = agent;
    /** The host's X selections, when the test gives the window some. */
    private HostSelections selections;
    private HostSelections.Listener selectionListener;

    private AgentFeatures features(boolean resizeGuest, boolean autoClipboard) {
        ClipboardBridge.Host host = new ClipboardBridge.Host() {
            @Override
            public String text() {
                return hostClipboard.isEmpty() ? null : hostClipboard.getLast();
            }

            @Override
            public void setText(String text) {
                hostClipboard.add(text);
            }
        };
        return new AgentFeatures(resizeGuest, autoClipboard, () -> offered, host, windowTasks::add,
                () -> transfersShown++, listener -> {
                    selectionListener = listener;
                    return Optional.ofNullable(selections);
                });
    }

    /** An agent that notes what it is asked. */
    private static final class FakeAgent implements GuestAgent {
        boolean connected = true;
        boolean readOnly;
        Set<AgentCapability> capabilities = EnumSet.of(AgentCapability.MONITORS_CONFIG,
                AgentCapability.CLIPBOARD_BY_DEMAND);
        final List<String> sent = new ArrayList<>();
        final List<FakeTask> tasks = new ArrayList<>();

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public boolean has(AgentCapability capability) {
            return capabilities.contains(capability);
        }

        @Override
        public boolean readOnly() {
            return readOnly;
        }

        @Override
        public int maxClipboard() {
            return -1;
        }

        @Override
        public void sendLayout(List<GuestLayout.Display> displays) {
            for (GuestLayout.Display display : displays) {
                sent.add("display " + display.id() + " " + display.width() + "x" + display.height() + "+" + display.x()
                        + "+" + display.y() + (display.enabled() ? "" : " off"));
            }
        }

        @Override
        public List<FileTransferTask> copyFiles(List<Path> files) {
            List<FileTransferTask> started = new ArrayList<>();
            for (Path file : files) {
                FakeTask task = new FakeTask(file);
                tasks.add(task);
                started.add(task);
            }
            return started;
        }

        @Override
        public CompletableFuture<Void> clipboardGrab(ClipboardSelection selection, List<ClipboardType> types) {
            sent.add(selection == ClipboardSelection.CLIPBOARD && types.equals(List.of(ClipboardType.UTF8_TEXT))
                    ? "grab" : "grab " + selection + " " + types);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> clipboardRelease(ClipboardSelection selection) {
            sent.add("release " + selection);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> clipboardRequest(ClipboardSelection selection, ClipboardType type) {
            sent.add(selection == ClipboardSelection.CLIPBOARD && type == ClipboardType.UTF8_TEXT
                    ? "request" : "request " + selection + " " + type);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> clipboardNotify(ClipboardSelection selection, ClipboardType type,
                                                       byte[] data) {
            sent.add("notify " + data.length + " bytes");
            return CompletableFuture.completedFuture(null);
        }

        List<String> take() {
            List<String> taken = List.copyOf(sent);
            sent.clear();
            return taken;
        }
    }

    private record FakeTask(Path file, CompletableFuture<Void> completion) implements FileTransferTask {
        FakeTask(Path file) {
            this(file, new CompletableFuture<>());
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public String fileName() {
            return file.getFileName().toString();
        }

        @Override
        public long totalBytes() {
            return 100;
        }

        @Override
        public long transferredBytes() {
            return 50;
        }

        @Override
        public void cancel() {
            completion.cancel(false);
        }
    }

    @Test
    void theGuestGetsTheWindowSizeOnceItSettledAndOnlyOnce() {
        AgentFeatures features = features(true, false);
        features.agentChanged();
        assertTrue(features.drivesGuestSize());
        long t0 = System.nanoTime();
        features.layout().shown(0, 800, 600, 0, 0, false, t0);
        features.sendGuestSize(t0 + SECOND / 2, true);
        assertEquals(List.of(), agent.take());
        assertEquals(SECOND / 2, features.nanosUntilDue(t0 + SECOND / 2, true, false));
        features.sendGuestSize(t0 + SECOND, true);
        features.sendGuestSize(t0 + 2 * SECOND, true);
        assertEquals(List.of("display 0 800x600+0+0"), agent.take());
        assertEquals(-1, features.nanosUntilDue(t0 + 2 * SECOND, true, false), "nothing waits");

        agent.connected = false;
        features.agentChanged();
        assertFalse(features.drivesGuestSize());
        agent.connected = true;
        features.agentChanged();
        features.sendGuestSize(t0 + 3 * SECOND, true);
        assertEquals(List.of("display 0 800x600+0+0"), agent.take(), "a new agent is told the size again");
    }

    @Test
    void noSizeIsSentWhileNothingIsShownOrWithoutTheOptionOrTheCapability() {
        long t0 = System.nanoTime();
        AgentFeatures features = features(true, false);
        features.agentChanged();
        features.layout().shown(0, 800, 600, 0, 0, false, t0);
        features.sendGuestSize(t0 + 2 * SECOND, false);
        assertEquals(-1, features.nanosUntilDue(t0, false, false), "a size that cannot go does not wake the loop");

        AgentFeatures off = features(false, false);
        off.agentChanged();
        off.layout().shown(0, 800, 600, 0, 0, false, t0);
        off.sendGuestSize(t0 + 2 * SECOND, true);

        agent.capabilities.remove(AgentCapability.MONITORS_CONFIG);
        AgentFeatures incapable = features(true, false);
        incapable.agentChanged();
        incapable.layout().shown(0, 800, 600, 0, 0, false, t0);
        incapable.sendGuestSize(t0 + 2 * SECOND, true);
        assertEquals(List.of(), agent.take());
    }

    @Test
    void hostTextIsOfferedWhenItChangesLookingAtMostEveryHalfSecondWhileFocused() {
        AgentFeatures features = features(false, true);
        features.agentChanged();
        long t0 = System.nanoTime();
        hostClipboard.add("one");
        features.checkHostClipboard(t0, false);
        assertEquals(List.of(), agent.take(), "not looked at without the focus");
        features.checkHostClipboard(t0, true);
        assertEquals(List.of("grab"), agent.take());
        hostClipboard.add("two");
        features.checkHostClipboard(t0 + AgentFeatures.CLIPBOARD_CHECK_NANOS / 2, true);
        assertEquals(List.of(), agent.take(), "too soon");
        assertEquals(AgentFeatures.CLIPBOARD_CHECK_NANOS / 2,
                features.nanosUntilDue(t0 + AgentFeatures.CLIPBOARD_CHECK_NANOS / 2, false, true));
        features.checkHostClipboard(t0 + AgentFeatures.CLIPBOARD_CHECK_NANOS, true);
        assertEquals(List.of("grab"), agent.take());
        features.focusGained(t0 + AgentFeatures.CLIPBOARD_CHECK_NANOS + 1);
        features.checkHostClipboard(t0 + AgentFeatures.CLIPBOARD_CHECK_NANOS + 1, true);
        assertEquals(List.of(), agent.take(), "looked at on focus, but unchanged");
        features.guestClipboardRequested(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT);
        assertEquals(List.of("notify 3 bytes"), agent.take());
    }

    @Test
    void guestTextReachesTheHostOnlyWhileSharing() {
        agent.readOnly = true;
        AgentFeatures readOnly = features(false, true);
        readOnly.agentChanged();
        readOnly.guestClipboardGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        readOnly.guestClipboardData(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT, "no".getBytes());
        assertEquals(List.of(), agent.take());
        assertEquals(List.of(), hostClipboard);

        agent.readOnly = false;
        AgentFeatures sharing = features(false, true);
        sharing.agentChanged();
        sharing.guestClipboardGrabbed(ClipboardSelection.PRIMARY, List.of(ClipboardType.UTF8_TEXT));
        sharing.guestClipboardGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.IMAGE_PNG));
        assertEquals(List.of(), agent.take(), "GLFW has neither PRIMARY nor images");
        sharing.guestClipboardGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        sharing.guestClipboardData(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT, "yes".getBytes());
        assertEquals(List.of("request"), agent.take());
        assertEquals(List.of("yes"), hostClipboard);
    }

    @Test
    void withHostSelectionsEverySharedSelectionIsOfferedAndTheGlfwClipboardIsLeftAlone() {
        RecordingSelections host = new RecordingSelections();
        selections = host;
        agent.capabilities.add(AgentCapability.CLIPBOARD_SELECTION);
        // As spice-vdagent: its releases take effect at once.
        agent.capabilities.add(AgentCapability.CLIPBOARD_NO_RELEASE_ON_REGRAB);
        hostClipboard.add("GLFW's");
        AgentFeatures features = features(false, true);
        features.agentChanged();
        assertEquals(List.of(), hostClipboard.subList(1, hostClipboard.size()));
        assertEquals(-1, features.nanosUntilDue(System.nanoTime(), false, true), "nothing to poll");
        assertEquals(List.of("targets CLIPBOARD", "targets PRIMARY"), host.take());
        features.checkHostClipboard(System.nanoTime(), true);
        assertEquals(List.of(), agent.take(), "GLFW's clipboard is not looked at");

        selectionListener.ownerChanged(ClipboardSelection.PRIMARY);
        windowTasks.remove().run();
        assertEquals(List.of("targets PRIMARY"), host.take());

        features.guestClipboardGrabbed(ClipboardSelection.PRIMARY, List.of(ClipboardType.UTF8_TEXT));
        assertEquals(List.of("own PRIMARY " + ClipboardFormats.TEXT_TARGETS), host.take());
        features.guestClipboardReleased(ClipboardSelection.PRIMARY);
        assertEquals(List.of("release PRIMARY"), host.take());

        agent.connected = false;
        features.agentChanged();
        features.close();
        assertEquals(List.of("close"), host.take());
    }

    @Test
    void withTheClipboardOffTheHostSelectionsAreNeverOpened() {
        selections = new RecordingSelections();
        AgentFeatures features = features(false, false);
        features.agentChanged();
        features.guestClipboardGrabbed(ClipboardSelection.CLIPBOARD, List.of(ClipboardType.UTF8_TEXT));
        features.guestClipboardRequested(ClipboardSelection.CLIPBOARD, ClipboardType.UTF8_TEXT);
        assertEquals(null, selectionListener, "not opened");
        assertEquals(List.of(), agent.take());
    }

    /** Host selections that note what they are asked, and answer nothing. */
    private static final class RecordingSelections implements HostSelections {
        final List<String> calls = new ArrayList<>();

        @Override
        public Set<ClipboardSelection> selections() {
            return EnumSet.of(ClipboardSelection.CLIPBOARD, ClipboardSelection.PRIMARY);
        }

        @Override
        public void own(ClipboardSelection selection, List<String> targets, Source source) {
            calls.add("own " + selection + " " + targets);
        }

        @Override
        public void release(ClipboardSelection selection) {
            calls.add("release " + selection);
        }

        @Override
        public CompletableFuture<List<String>> targets(ClipboardSelection selection) {
            calls.add("targets " + selection);
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<byte[]> read(ClipboardSelection selection, String target, int limit) {
            calls.add("read " + selection + " " + target);
            return new CompletableFuture<>();
        }

        @Override
        public void close() {
            calls.add("close");
        }

        List<String> take() {
            List<String> taken = List.copyOf(calls);
            calls.clear();
            return taken;
        }
    }

    @Test
    void aDropWithoutASessionFailsAtOnce() {
        offered = null;
        AgentFeatures features = features(false, false);
        features.filesDropped(List.of(Path.of("a.txt")), true);
        assertEquals(Optional.of("file transfer failed: not connected"), features.transferStatus());
        assertEquals(1, transfersShown);
    }

    @Test
    void droppedFilesAreSentWithProgressAndTheirEndIsShownOnTheWindowThread() {
        AgentFeatures features = features(false, false);
        features.filesDropped(List.of(Path.of("a.txt"), Path.of("b.txt")), true);
        assertTrue(features.transfersRunning());
        assertEquals(OptionalDouble.of(0.5), features.transferProgress());
        assertEquals(Optional.of("sending 2 files: 50%"), features.transferStatus());
        agent.tasks.get(0).completion().complete(null);
        agent.tasks.get(1).completion().completeExceptionally(new IllegalStateException("disk full"));
        assertEquals(1, transfersShown, "completions do not run on the thread that completes them");
        assertEquals(2, windowTasks.size());
        windowTasks.forEach(Runnable::run);
        assertEquals(3, transfersShown);
        assertFalse(features.transfersRunning());
        assertEquals(Optional.of("file transfer failed: b.txt: disk full"), features.transferStatus());
    }

    @Test
    void cancellingStopsEveryRunningTransfer() {
        AgentFeatures features = features(false, false);
        features.filesDropped(List.of(Path.of("a.txt")), true);
        features.cancelTransfers();
        windowTasks.forEach(Runnable::run);
        assertFalse(features.transfersRunning());
        assertEquals(Optional.empty(), features.transferStatus(), "a cancel is no failure");
    }
}
