package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The host's selections and the guest's, kept in step as spice-gtk's session does, each selection on its own
 * (CLIPBOARD always, PRIMARY where the agent names selections), and every transfer by demand:
 * <ul>
 * <li>another host program takes a selection: its targets are read and the guest is told the types they make
 * ({@code grab}), or that there is nothing any more ({@code release}); the contents are read only when the
 * guest asks for a type ({@code request}) and go back converted ({@code notify}, empty when nothing fits or it
 * is over the size limit);</li>
 * <li>the guest grabs: this side takes the host selection, offering targets for the guest's types; a host
 * program asking for one makes this side request the matching type from the guest, and converts what comes;
 * the guest's release gives the host selection up, half a second later for an agent that releases before
 * each new grab (no {@code CLIPBOARD_NO_RELEASE_ON_REGRAB}), so that host programs do not see the selection
 * flicker away between the two.</li>
 * </ul>
 * Contents are never logged. Window thread only; what completes elsewhere comes back through
 * {@code windowThread}, and image conversions run on {@code converter}.
 */
public final class SelectionSync {
    private static final System.Logger LOG = System.getLogger(SelectionSync.class.getName());
    /** How long a host program waits for the guest's contents: a 10 MiB image under emulation takes seconds. */
    static final long GUEST_DATA_TIMEOUT_SECONDS = 60;
    /** spice-gtk's wait before a release from an agent that releases before each grab takes effect. */
    public static final long RELEASE_DELAY_MILLIS = 500;

    /** The guest agent's clipboard. */
    public interface Guest {
        /** @return whether this selection is shared with the guest now */
        boolean shares(ClipboardSelection selection);

        /** @return whether the guest ends lines with CR LF (a Windows guest) */
        boolean crlfLines();

        /** @return whether the agent releases a selection before each new grab of it */
        boolean releasesBeforeRegrab();

        /** @return the largest clipboard transfer in bytes, or -1 for no limit */
        int maxBytes();

        /** Tells the guest the client owns the selection with contents in these types. */
        void grab(ClipboardSelection selection, List<ClipboardType> types);

        /** Tells the guest the client no longer owns the selection. */
        void release(ClipboardSelection selection);

        /** Asks the guest for its selection's contents in this type. */
        void request(ClipboardSelection selection, ClipboardType type);

        /** Answers the guest's request; an empty array when there is nothing to give. */
        void answer(ClipboardSelection selection, ClipboardType type, byte[] data);
    }

    /** Where each selection stands. */
    private static final class State {
        /** What the host's owner offers, while the guest was told of it; null when the guest was not. */
        List<String> hostTargets;
        /** What the guest offers, while this side owns the host selection for it; null otherwise. */
        List<ClipboardType> guestTypes;
        /** Host programs' requests waiting for the guest's contents, by type. */
        final Map<ClipboardType, List<CompletableFuture<byte[]>>> waiting = new EnumMap<>(ClipboardType.class);
        /** Counts host owner changes, so that targets read for an older owner are dropped. */
        long hostGeneration;
        /** Counts guest grabs and releases, so that a delayed release overtaken by a grab is dropped. */
        long guestGeneration;
    }

    private final HostSelections host;
    private final Guest guest;
    private final Executor windowThread;
    private final Executor converter;
    private final Executor releaseDelay;
    private final Map<ClipboardSelection, State> states = new EnumMap<>(ClipboardSelection.class);

    /**
     * @param windowThread runs tasks on the window's thread, from any thread
     * @param converter    runs conversions, which may take a second for a large image
     * @param releaseDelay runs a task on the window's thread {@link #RELEASE_DELAY_MILLIS} later
     */
    public SelectionSync(HostSelections host, Guest guest, Executor windowThread, Executor converter,
                         Executor releaseDelay) {
        this.host = Objects.requireNonNull(host, "host");
        this.guest = Objects.requireNonNull(guest, "guest");
        this.windowThread = Objects.requireNonNull(windowThread, "windowThread");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.releaseDelay = Objects.requireNonNull(releaseDelay, "releaseDelay");
        for (ClipboardSelection selection : ClipboardSelection.values()) {
            states.put(selection, new State());
        }
    }

    /** Sharing began (an agent that shares the clipboard connected): what the host has now is offered. */
    public void start() {
        for (ClipboardSelection selection : host.selections()) {
            hostChanged(selection);
        }
    }

    /** Sharing ended: the host selections this side owns for the guest are given up, and nothing is pending. */
    public void stop() {
        for (ClipboardSelection selection : ClipboardSelection.values()) {
            State state = states.get(selection);
            if (state.guestTypes != null) {
                host.release(selection);
            }
            state.guestTypes = null;
            state.hostTargets = null;
            state.hostGeneration++;
            failWaiting(state);
        }
    }

    /** Another host program took the selection, or nobody owns it any more. */
    public void hostChanged(ClipboardSelection selection) {
        State state = states.get(selection);
        // This side's ownership for the guest is over; its waiting requestors get nothing.
        state.guestTypes = null;
        failWaiting(state);
        long generation = ++state.hostGeneration;
        if (!guest.shares(selection)) {
            return;
        }
        host.targets(selection).whenComplete((targets, failure) -> windowThread.execute(() -> {
            if (state.hostGeneration != generation || !guest.shares(selection)) {
                return;
            }
            List<ClipboardType> types = failure == null ? ClipboardFormats.guestTypes(targets) : List.of();
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "cannot read the host''s {0} targets: {1}", selection,
                        failure.getMessage());
            }
            if (!types.isEmpty()) {
                state.hostTargets = targets;
                guest.grab(selection, types);
            } else if (state.hostTargets != null) {
                state.hostTargets = null;
                guest.release(selection);
            }
        }));
    }

    /** The guest took its selection, offering these types. */
    public void guestGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
        State state = states.get(selection);
        state.guestGeneration++;
        state.hostTargets = null;
        failWaiting(state);
        if (!guest.shares(selection)) {
            return;
        }
        List<String> targets = ClipboardFormats.hostTargets(types);
        if (targets.isEmpty()) {
            if (state.guestTypes != null) {
                state.guestTypes = null;
                host.release(selection);
            }
            return;
        }
        state.guestTypes = List.copyOf(types);
        // Taking the selection tells the host programs at once; a bump of the generation drops the targets
        // of the host owner still being read.
        state.hostGeneration++;
        host.own(selection, targets, target -> guestContents(selection, target));
    }

    /** The guest gave its selection up. */
    public void guestReleased(ClipboardSelection selection) {
        State state = states.get(selection);
        long generation = ++state.guestGeneration;
        if (!guest.releasesBeforeRegrab()) {
            release(selection, state);
            return;
        }
        releaseDelay.execute(() -> {
            if (state.guestGeneration == generation) {
                release(selection, state);
            }
        });
    }

    private void release(ClipboardSelection selection, State state) {
        failWaiting(state);
        if (state.guestTypes != null) {
            state.guestTypes = null;
            host.release(selection);
        }
    }

    /** The guest's contents arrived, answering a request. */
    public void guestData(ClipboardSelection selection, ClipboardType type, byte[] data) {
        List<CompletableFuture<byte[]>> waiting = states.get(selection).waiting.remove(type);
        if (waiting != null) {
            waiting.forEach(request -> request.complete(data));
        }
    }

    /** The guest asks for the host's contents in this type. */
    public void guestRequested(ClipboardSelection selection, ClipboardType type) {
        State state = states.get(selection);
        Optional<String> target = state.hostTargets == null || !guest.shares(selection) ? Optional.empty()
                : ClipboardFormats.hostTargetFor(type, state.hostTargets);
        if (target.isEmpty()) {
            guest.answer(selection, type, new byte[0]);
            return;
        }
        int max = guest.maxBytes();
        boolean crlf = guest.crlfLines();
        // Contents of max bytes or more are refused by the guest; reading stops there.
        int limit = max < 0 ? Integer.MAX_VALUE - 8 : Math.max(0, max - 1);
        host.read(selection, target.get(), limit)
                .thenApplyAsync(data -> convert(() -> ClipboardFormats.toGuest(data, target.get(), type, crlf)),
                        converter)
                .whenComplete((data, failure) -> windowThread.execute(() -> {
                    if (failure != null || (max >= 0 && data.length >= max)) {
                        LOG.log(System.Logger.Level.DEBUG, "the host''s {0} is not given to the guest: {1}",
                                selection, failure == null ? "over the size limit" : failure.getMessage());
                        guest.answer(selection, type, new byte[0]);
                    } else {
                        guest.answer(selection, type, data);
                    }
                }));
    }

    /** A host program asks this side for the guest's contents in {@code target}; any thread. */
    private CompletableFuture<byte[]> guestContents(ClipboardSelection selection, String target) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        windowThread.execute(() -> {
            State state = states.get(selection);
            Optional<ClipboardType> type = state.guestTypes == null ? Optional.empty()
                    : ClipboardFormats.guestTypeFor(target, state.guestTypes);
            if (type.isEmpty() || !guest.shares(selection)) {
                result.complete(null);
                return;
            }
            boolean crlf = guest.crlfLines();
            List<CompletableFuture<byte[]>> waiting = state.waiting.computeIfAbsent(type.get(),
                    key -> new ArrayList<>());
            waiting.removeIf(CompletableFuture::isDone);
            CompletableFuture<byte[]> raw = new CompletableFuture<byte[]>()
                    .orTimeout(GUEST_DATA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            waiting.add(raw);
            if (waiting.size() == 1) {
                guest.request(selection, type.get());
            }
            // Empty contents are the agent's "nothing to give": the host program is refused.
            raw.thenApplyAsync(data -> data == null || data.length == 0 ? null
                            : convert(() -> ClipboardFormats.toHost(data, type.get(), target, crlf)), converter)
                    .whenComplete((data, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(data);
                        }
                    });
        });
        return result;
    }

    private static void failWaiting(State state) {
        state.waiting.values().forEach(list -> list.forEach(request -> request.complete(null)));
        state.waiting.clear();
    }

    private interface Conversion {
        byte[] run() throws IOException;
    }

    private static byte[] convert(Conversion conversion) {
        try {
            return conversion.run();
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }
}
