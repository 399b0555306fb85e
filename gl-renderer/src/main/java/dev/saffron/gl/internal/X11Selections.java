package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardSelection;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.saffron.gl.internal.XlibSelectionCalls.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The X server's selections through Xlib itself, on a connection and a hidden window of its own served by one
 * thread: GLFW shares only CLIPBOARD text, and the JDK's X11 clipboard reads every offered target eagerly and
 * cannot read the size-less INCR transfers xclip makes. Owner changes come from XFixes as they happen. Contents
 * larger than one property go by ICCCM's INCR protocol both ways; a read stops as soon as it passes its limit,
 * and nothing is read that was not asked for. Contents are never logged.
 *
 * <p>The thread owns the display connection, the window and every native buffer; other threads only queue
 * commands, and wake it through a pipe.
 */
// Xlib's buffers are sized here from what Xlib reports (reinterpret); the launcher grants native access.
@SuppressWarnings("restricted")
public final class X11Selections implements HostSelections {
    private static final System.Logger LOG = System.getLogger(X11Selections.class.getName());
    /** Contents up to this size go in one property; larger ones by INCR, as GTK does from about this size. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** How long an owner or a requestor may leave a step of a transfer unanswered. */
    static final long STEP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int POLL_CAP_MILLIS = 1000;
    /** SECONDARY is left alone, as spice-gtk leaves it. */
    private static final Set<ClipboardSelection> SHARED = Set.of(ClipboardSelection.CLIPBOARD,
            ClipboardSelection.PRIMARY);

    private final XlibSelectionCalls x;
    private final Listener listener;
    private final MemorySegment display;
    private final long window;
    private final int fixesEventBase;
    private final int connectionFd;
    private final int wakeRead;
    private final int wakeWrite;
    private final Thread thread;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> atoms = new HashMap<>();
    private final Map<Long, String> atomNames = new HashMap<>();
    private final Map<ClipboardSelection, Offer> owned = new EnumMap<>(ClipboardSelection.class);
    /**
     * Selections {@link #own} calls are about to take, with how many, from each call until its command ran: an
     * owner change seen meanwhile is already overtaken, and telling it would make the caller give up what it just
     * took.
     */
    private final Map<ClipboardSelection, Integer> taking = new ConcurrentHashMap<>();
    private final Map<ClipboardSelection, Deque<Read>> reads = new EnumMap<>(ClipboardSelection.class);
    private final Map<Long, Map<Long, Send>> sends = new HashMap<>();
    private volatile boolean closed;
    /** Set once the thread no longer runs commands: a read queued after that fails at once. */
    private volatile boolean stopped;
    /** Guards the pipe's descriptors: a wake after they closed must not write to a number reused since. */
    private final Object pipeLock = new Object();
    private boolean pipeOpen = true;

    private record Offer(List<String> targets, Source source) {
    }

    /** One read of a selection in a target, into a buffer that grows up to its limit. */
    private static final class Read {
        final String target;
        final int limit;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        byte[] buffer = new byte[0];
        int length;
        boolean started;
        boolean incremental;
        long deadline;

        Read(String target, int limit) {
            this.target = target;
            this.limit = limit;
        }

        /** @return what was read: the buffer itself where it is full, as when the owner announced the size */
        byte[] contents() {
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }

        boolean append(MemorySegment data, int bytes) {
            if ((long) length + bytes > limit) {
                return false;
            }
            if (length + bytes > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(length + bytes, 2L * buffer.length)));
            }
            MemorySegment.copy(data, JAVA_BYTE, 0, buffer, length, bytes);
            length += bytes;
            return true;
        }
    }

    /** Contents going to a requestor by INCR, one chunk each time it deletes the property. */
    private static final class Send {
        final byte[] data;
        final long type;
        int offset;
        long deadline;

        Send(byte[] data, long type) {
            this.data = data;
            this.type = type;
        }
    }

    private X11Selections(XlibSelectionCalls x, Listener listener, MemorySegment display, long window,
                         int fixesEventBase, int wakeRead, int wakeWrite) throws Throwable {
        this.x = x;
        this.listener = listener;
        this.display = display;
        this.window = window;
        this.fixesEventBase = fixesEventBase;
        this.connectionFd = (int) x.connectionNumber.invokeExact(display);
        this.wakeRead = wakeRead;
        this.wakeWrite = wakeWrite;
        for (ClipboardSelection selection : ClipboardSelection.values()) {
            reads.put(selection, new ArrayDeque<>());
        }
        this.thread = Thread.ofPlatform().daemon().name("saffron-x11-selections").unstarted(this::loop);
    }

    /**
     * Connects to the X server {@code DISPLAY} names, with a window of its own.
     *
     * @return the selections, or empty where there is no X server, no libX11 or no XFixes
     */
    public static Optional<HostSelections> open(Listener listener) {
        String name = System.getenv("DISPLAY");
        return name == null ? Optional.empty() : open(name, listener);
    }

    /** @see #open(Listener) */
    static Optional<HostSelections> open(String displayName, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        MemorySegment display = MemorySegment.NULL;
        XlibSelectionCalls x = null;
        try (Arena names = Arena.ofConfined()) {
            x = new XlibSelectionCalls();
            display = (MemorySegment) x.openDisplay.invokeExact(names.allocateFrom(displayName));
            if (display.address() == 0) {
                LOG.log(System.Logger.Level.INFO, "no X selections: cannot open the display");
                return Optional.empty();
            }
            int fixesEventBase;
            int[] pipe = new int[2];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment eventBase = arena.allocate(JAVA_INT);
                MemorySegment errorBase = arena.allocate(JAVA_INT);
                if ((int) x.fixesQueryExtension.invokeExact(display, eventBase, errorBase) == 0) {
                    LOG.log(System.Logger.Level.INFO, "no X selections: the X server has no XFixes");
                    int ignored = (int) x.closeDisplay.invokeExact(display);
                    return Optional.empty();
                }
                fixesEventBase = eventBase.get(JAVA_INT, 0);
                MemorySegment fds = arena.allocate(JAVA_INT, 2);
                if ((int) x.pipe.invokeExact(fds) != 0) {
                    throw new IOException("pipe failed");
                }
                pipe[0] = fds.getAtIndex(JAVA_INT, 0);
                pipe[1] = fds.getAtIndex(JAVA_INT, 1);
            }
            long root = (long) x.defaultRootWindow.invokeExact(display);
            long window = (long) x.createSimpleWindow.invokeExact(display, root, -10, -10, 1, 1, 0, 0L, 0L);
            int status = (int) x.selectInput.invokeExact(display, window, PROPERTY_CHANGE_MASK);
            X11Selections selections = new X11Selections(x, listener, display, window, fixesEventBase, pipe[0],
                    pipe[1]);
            for (ClipboardSelection selection : SHARED) {
                x.fixesSelectSelectionInput.invokeExact(display, root, selections.atom(selectionName(selection)),
                        SELECTION_OWNER_EVENTS);
            }
            status = (int) x.flush.invokeExact(display);
            selections.thread.start();
            return Optional.of(selections);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.INFO, "no X selections: {0}", e.toString());
            if (x != null && display.address() != 0) {
                try {
                    int ignored = (int) x.closeDisplay.invokeExact(display);
                } catch (Throwable closing) {
                    e.addSuppressed(closing);
                }
            }
            return Optional.empty();
        }
    }

    private static String selectionName(ClipboardSelection selection) {
        return selection.name();
    }

    @Override
    public Set<ClipboardSelection> selections() {
        return SHARED;
    }

    @Override
    public void own(ClipboardSelection selection, List<String> targets, Source source) {
        Offer offer = new Offer(List.copyOf(targets), Objects.requireNonNull(source, "source"));
        taking.merge(selection, 1, Integer::sum);
        command(() -> {
            taking.computeIfPresent(selection, (key, count) -> count == 1 ? null : count - 1);
            long atom = atom(selectionName(selection));
            int status = (int) x.setSelectionOwner.invokeExact(display, atom, window, CURRENT_TIME);
            if ((long) x.getSelectionOwner.invokeExact(display, atom) == window) {
                owned.put(selection, offer);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "the X server did not give this side {0}", selection);
            }
        });
    }

    @Override
    public void release(ClipboardSelection selection) {
        command(() -> {
            if (owned.remove(selection) != null) {
                long atom = atom(selectionName(selection));
                if ((long) x.getSelectionOwner.invokeExact(display, atom) == window) {
                    int status = (int) x.setSelectionOwner.invokeExact(display, atom, NONE, CURRENT_TIME);
                }
            }
        });
    }

    @Override
    public CompletableFuture<List<String>> targets(ClipboardSelection selection) {
        // Atom names are looked up on the selection thread, which owns the connection.
        return queueRead(selection, new Read("TARGETS", 64 * 1024)).thenApplyAsync(this::atomList, task -> {
            commands.add(task);
            wake();
        });
    }

    @Override
    public CompletableFuture<byte[]> read(ClipboardSelection selection, String target, int limit) {
        return queueRead(selection, new Read(target, limit));
    }

    private CompletableFuture<byte[]> queueRead(ClipboardSelection selection, Read read) {
        command(() -> {
            reads.get(selection).add(read);
            startRead(selection);
        });
        if (stopped) {
            read.result.completeExceptionally(new IOException("the host's selections closed"));
        }
        return read.result;
    }

    /** The TARGETS read gives atom numbers, as the longs Xlib stores 32-bit items in; selection thread only. */
    private List<String> atomList(byte[] longs) {
        List<String> list = new ArrayList<>(longs.length / 8);
        MemorySegment items = MemorySegment.ofArray(longs);
        for (int i = 0; i + 8 <= longs.length; i += 8) {
            String name = atomName(items.get(JAVA_LONG.withByteAlignment(1), i));
            if (name != null && !list.contains(name)) {
                list.add(name);
            }
        }
        return List.copyOf(list);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wake();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the selection thread -----------------------------------------------------------------------

    private interface Command {
        void run() throws Throwable;
    }

    private void command(Command command) {
        commands.add(() -> {
            try {
                command.run();
            } catch (Throwable e) {
                throw new IllegalStateException("Xlib selection call failed", e);
            }
        });
        wake();
    }

    private void wake() {
        synchronized (pipeLock) {
            if (!pipeOpen) {
                return;
            }
            try (Arena arena = Arena.ofConfined()) {
                long written = (long) x.write.invokeExact(wakeWrite, arena.allocate(1), 1L);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot wake the selection thread: {0}", e.toString());
            }
        }
    }

    private void loop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(EVENT_BYTES, 8);
            MemorySegment fds = arena.allocate(16, 4);
            MemorySegment drain = arena.allocate(64);
            while (!closed) {
                for (Runnable command = commands.poll(); command != null; command = commands.poll()) {
                    try {
                        command.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "X selection command failed: {0}", e.toString());
                    }
                }
                while ((int) x.pending.invokeExact(display) > 0) {
                    int status = (int) x.nextEvent.invokeExact(display, event);
                    try {
                        dispatch(event);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "X selection event failed: {0}", e.toString());
                    }
                }
                expire(System.nanoTime());
                int flushed = (int) x.flush.invokeExact(display);
                fds.set(JAVA_INT, 0, connectionFd);
                fds.set(JAVA_SHORT, 4, POLLIN);
                fds.set(JAVA_SHORT, 6, (short) 0);
                fds.set(JAVA_INT, 8, wakeRead);
                fds.set(JAVA_SHORT, 12, POLLIN);
                fds.set(JAVA_SHORT, 14, (short) 0);
                int ready = (int) x.poll.invokeExact(fds, 2L, POLL_CAP_MILLIS);
                if (ready > 0 && (fds.get(JAVA_SHORT, 14) & POLLIN) != 0) {
                    long drained = (long) x.read.invokeExact(wakeRead, drain, drain.byteSize());
                }
            }
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "the X selection thread stopped: {0}", e.toString());
        } finally {
            shutDown();
        }
    }

    private void shutDown() {
        stopped = true;
        // Commands queued until now still run, so that their reads are among those failed below; a read queued
        // later sees the flag and fails by itself.
        for (Runnable command = commands.poll(); command != null; command = commands.poll()) {
            try {
                command.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "a selection command at close failed: {0}", e.toString());
            }
        }
        IOException gone = new IOException("the host's selections closed");
        for (Deque<Read> queue : reads.values()) {
            queue.forEach(read -> read.result.completeExceptionally(gone));
            queue.clear();
        }
        try {
            synchronized (pipeLock) {
                pipeOpen = false;
                int status = (int) x.close.invokeExact(wakeRead);
                status = (int) x.close.invokeExact(wakeWrite);
            }
            // Closing the connection gives up the selections this side owns.
            int status = (int) x.closeDisplay.invokeExact(display);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the X selections: {0}", e.toString());
        }
    }

    private void dispatch(MemorySegment event) throws Throwable {
        int type = event.get(JAVA_INT, 0) & 0x7F;
        if (type == fixesEventBase + XFIXES_SELECTION_NOTIFY) {
            long owner = event.get(JAVA_LONG, 48);
            selectionOf(event.get(JAVA_LONG, 56)).ifPresent(selection -> {
                if (owner != window && !taking.containsKey(selection)) {
                    owned.remove(selection);
                    listener.ownerChanged(selection);
                }
            });
            return;
        }
        switch (type) {
            case SELECTION_REQUEST -> selectionRequest(event.get(JAVA_LONG, 40), event.get(JAVA_LONG, 48),
                    event.get(JAVA_LONG, 56), event.get(JAVA_LONG, 64), event.get(JAVA_LONG, 72));
            case SELECTION_CLEAR -> selectionOf(event.get(JAVA_LONG, 40)).ifPresent(owned::remove);
            case SELECTION_NOTIFY -> selectionOf(event.get(JAVA_LONG, 40)).ifPresent(selection -> {
                try {
                    selectionNotify(selection, event.get(JAVA_LONG, 48), event.get(JAVA_LONG, 56));
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            case PROPERTY_NOTIFY -> propertyNotify(event.get(JAVA_LONG, 32), event.get(JAVA_LONG, 40),
                    event.get(JAVA_INT, 56));
            default -> {
            }
        }
    }

    private Optional<ClipboardSelection> selectionOf(long atom) {
        for (ClipboardSelection selection : ClipboardSelection.values()) {
            if (atom(selectionName(selection)) == atom) {
                return Optional.of(selection);
            }
        }
        return Optional.empty();
    }

    // ---- owning: answering other clients' requests ----------------------------------------------------

    private void selectionRequest(long requestor, long selectionAtom, long target, long property, long time)
            throws Throwable {
        // Clients older than ICCCM 2 name no property: the target is used.
        long into = property == NONE ? target : property;
        Optional<ClipboardSelection> selection = selectionOf(selectionAtom);
        Offer offer = selection.map(owned::get).orElse(null);
        String targetName = atomName(target);
        if (offer == null || targetName == null) {
            notifyRequestor(requestor, selectionAtom, target, NONE, time);
        } else if (targetName.equals("TARGETS")) {
            long[] list = new long[offer.targets.size() + 1];
            list[0] = target;
            for (int i = 0; i < offer.targets.size(); i++) {
                list[i + 1] = atom(offer.targets.get(i));
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment items = arena.allocateFrom(JAVA_LONG, list);
                int status = (int) x.changeProperty.invokeExact(display, requestor, into, atom("ATOM"), 32,
                        PROP_MODE_REPLACE, items, list.length);
            }
            notifyRequestor(requestor, selectionAtom, target, into, time);
        } else if (offer.targets.contains(targetName)) {
            CompletableFuture<byte[]> data;
            try {
                data = offer.source.data(targetName);
            } catch (RuntimeException e) {
                data = CompletableFuture.failedFuture(e);
            }
            data.whenComplete((bytes, failure) -> command(() -> {
                if (failure != null || bytes == null) {
                    LOG.log(System.Logger.Level.DEBUG, "refusing {0} of {1}: {2}", targetName, selection.get(),
                            failure == null ? "nothing to give" : failure.getMessage());
                    notifyRequestor(requestor, selectionAtom, target, NONE, time);
                } else {
                    answer(requestor, selectionAtom, target, targetName, into, time, bytes);
                }
            }));
        } else {
            notifyRequestor(requestor, selectionAtom, target, NONE, time);
        }
    }

    private void answer(long requestor, long selectionAtom, long target, String targetName, long property, long time,
                        byte[] bytes) throws Throwable {
        // TEXT asks for whatever text type the owner likes: UTF-8 it is.
        long type = targetName.equals("TEXT") ? atom("UTF8_STRING") : target;
        if (bytes.length <= CHUNK_BYTES) {
            writeProperty(requestor, property, type, bytes, 0, bytes.length);
        } else {
            int status = (int) x.selectInput.invokeExact(display, requestor, PROPERTY_CHANGE_MASK);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment size = arena.allocateFrom(JAVA_LONG, bytes.length);
                status = (int) x.changeProperty.invokeExact(display, requestor, property, atom("INCR"), 32,
                        PROP_MODE_REPLACE, size, 1);
            }
            Send send = new Send(bytes, type);
            send.deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
            sends.computeIfAbsent(requestor, key -> new HashMap<>()).put(property, send);
        }
        notifyRequestor(requestor, selectionAtom, target, property, time);
    }

    private void writeProperty(long requestor, long property, long type, byte[] bytes, int offset, int length)
            throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, length));
            MemorySegment.copy(bytes, offset, data, JAVA_BYTE, 0, length);
            int status = (int) x.changeProperty.invokeExact(display, requestor, property, type, 8,
                    PROP_MODE_REPLACE, data, length);
        }
    }

    private void notifyRequestor(long requestor, long selection, long target, long property, long time)
            throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(EVENT_BYTES, 8);
            event.set(JAVA_INT, 0, SELECTION_NOTIFY);
            event.set(JAVA_INT, 16, 1);
            event.set(ADDRESS, 24, display);
            event.set(JAVA_LONG, 32, requestor);
            event.set(JAVA_LONG, 40, selection);
            event.set(JAVA_LONG, 48, target);
            event.set(JAVA_LONG, 56, property);
            event.set(JAVA_LONG, 64, time);
            int status = (int) x.sendEvent.invokeExact(display, requestor, 0, NO_EVENT_MASK, event);
        }
    }

    /** A requestor deleted an INCR property: the next chunk goes, or the empty one that ends the transfer. */
    private void sendNextChunk(long requestor, long property, Send send) throws Throwable {
        int length = Math.min(CHUNK_BYTES, send.data.length - send.offset);
        writeProperty(requestor, property, send.type, send.data, send.offset, length);
        send.offset += length;
        send.deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
        if (length == 0) {
            endSend(requestor, property);
        }
    }

    private void endSend(long requestor, long property) throws Throwable {
        Map<Long, Send> forRequestor = sends.get(requestor);
        forRequestor.remove(property);
        if (forRequestor.isEmpty()) {
            sends.remove(requestor);
            stopWatching(requestor);
        }
    }

    /** Stops the property events of a requestor's window; this side's own window keeps its own. */
    private void stopWatching(long requestor) throws Throwable {
        if (requestor != window) {
            int status = (int) x.selectInput.invokeExact(display, requestor, NO_EVENT_MASK);
        }
    }

    // ---- reading: asking owners for their contents --------------------------------------------------

    private void startRead(ClipboardSelection selection) throws Throwable {
        Read read = reads.get(selection).peek();
        if (read == null || read.started) {
            return;
        }
        read.started = true;
        read.deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
        long selectionAtom = atom(selectionName(selection));
        if ((long) x.getSelectionOwner.invokeExact(display, selectionAtom) == NONE) {
            finishRead(selection, read, new byte[0], null);
            return;
        }
        int status = (int) x.convertSelection.invokeExact(display, selectionAtom, atom(read.target),
                propertyFor(selection), window, CURRENT_TIME);
    }

    private long propertyFor(ClipboardSelection selection) {
        return atom("SAFFRON_" + selection.name());
    }

    private void selectionNotify(ClipboardSelection selection, long target, long property) throws Throwable {
        Read read = reads.get(selection).peek();
        if (read == null || !read.started || read.incremental || target != atom(read.target)) {
            return;
        }
        if (property == NONE) {
            finishRead(selection, read, null, new IOException("the owner refused " + read.target));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            PropertyValue value = readProperty(arena, property, false, read.limit);
            if (value.type == atom("INCR") && value.format == 32) {
                read.incremental = true;
                read.deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
                long announced = value.items > 0 ? value.data.get(JAVA_LONG, 0) : 0;
                free(value.data);
                if (announced > read.limit) {
                    // Deleting the property would start the transfer: it is left for the owner to time out.
                    finishRead(selection, read, null, new IOException(read.target + " of " + announced
                            + " bytes is over the limit of " + read.limit));
                    return;
                }
                read.buffer = new byte[(int) Math.min(read.limit, Math.max(0, announced))];
                int status = (int) x.deleteProperty.invokeExact(display, window, property);
                return;
            }
            boolean fits = value.bytesAfter == 0 && read.append(value.data, value.byteCount());
            free(value.data);
            int status = (int) x.deleteProperty.invokeExact(display, window, property);
            if (fits) {
                finishRead(selection, read, read.contents(), null);
            } else {
                finishRead(selection, read, null, new IOException(read.target + " is over the limit of "
                        + read.limit + " bytes"));
            }
        }
    }

    private void propertyNotify(long propertyWindow, long property, int state) throws Throwable {
        if (propertyWindow != window) {
            Map<Long, Send> forRequestor = sends.get(propertyWindow);
            Send send = forRequestor == null ? null : forRequestor.get(property);
            if (send != null && state == PROPERTY_DELETE) {
                sendNextChunk(propertyWindow, property, send);
            }
            return;
        }
        if (state != PROPERTY_NEW_VALUE) {
            return;
        }
        for (ClipboardSelection selection : ClipboardSelection.values()) {
            Read read = reads.get(selection).peek();
            if (read != null && read.incremental && property == propertyFor(selection)) {
                try (Arena arena = Arena.ofConfined()) {
                    PropertyValue value = readProperty(arena, property, true, read.limit - read.length);
                    int bytes = value.byteCount();
                    boolean fits = value.bytesAfter == 0 && read.append(value.data, bytes);
                    free(value.data);
                    read.deadline = System.nanoTime() + STEP_TIMEOUT_NANOS;
                    if (!fits) {
                        finishRead(selection, read, null, new IOException(read.target + " is over the limit of "
                                + read.limit + " bytes"));
                    } else if (bytes == 0) {
                        finishRead(selection, read, read.contents(), null);
                    }
                }
                return;
            }
        }
    }

    private record PropertyValue(long type, int format, long items, long bytesAfter, MemorySegment data) {
        /** Xlib hands 32-bit items as C longs: 8 bytes each on LP64. */
        int byteCount() {
            return (int) (items * switch (format) {
                case 16 -> 2;
                case 32 -> 8;
                default -> 1;
            });
        }
    }

    private PropertyValue readProperty(Arena arena, long property, boolean delete, int limit) throws Throwable {
        MemorySegment type = arena.allocate(JAVA_LONG);
        MemorySegment format = arena.allocate(JAVA_INT);
        MemorySegment items = arena.allocate(JAVA_LONG);
        MemorySegment after = arena.allocate(JAVA_LONG);
        MemorySegment data = arena.allocate(ADDRESS);
        // In 32-bit units; one more than the limit, so that a property over it shows as bytes left over.
        long units = Math.max(1, limit / 4 + 1);
        int status = (int) x.getWindowProperty.invokeExact(display, window, property, 0L, units, delete ? 1 : 0,
                ANY_PROPERTY_TYPE, type, format, items, after, data);
        if (status != SUCCESS) {
            throw new IOException("XGetWindowProperty failed: " + status);
        }
        long count = items.get(JAVA_LONG, 0);
        int bits = format.get(JAVA_INT, 0);
        MemorySegment pointer = data.get(ADDRESS, 0);
        PropertyValue value = new PropertyValue(type.get(JAVA_LONG, 0), bits, count, after.get(JAVA_LONG, 0),
                pointer);
        long bytes = pointer.address() == 0 ? 0 : value.byteCount();
        return new PropertyValue(value.type, bits, pointer.address() == 0 ? 0 : count, value.bytesAfter,
                pointer.reinterpret(bytes));
    }

    private void free(MemorySegment data) throws Throwable {
        if (data.address() != 0) {
            int status = (int) x.free.invokeExact(data);
        }
    }

    private void finishRead(ClipboardSelection selection, Read read, byte[] data, IOException failure)
            throws Throwable {
        reads.get(selection).remove(read);
        if (failure != null) {
            read.result.completeExceptionally(failure);
        } else {
            read.result.complete(data);
        }
        startRead(selection);
    }

    private void expire(long now) throws Throwable {
        for (ClipboardSelection selection : ClipboardSelection.values()) {
            Read read = reads.get(selection).peek();
            if (read != null && read.started && now - read.deadline > 0) {
                IOException late = new IOException("the owner of " + selection + " did not answer in time");
                late.initCause(new TimeoutException());
                finishRead(selection, read, null, late);
            }
        }
        for (Iterator<Map.Entry<Long, Map<Long, Send>>> requestors = sends.entrySet().iterator();
             requestors.hasNext(); ) {
            Map.Entry<Long, Map<Long, Send>> entry = requestors.next();
            entry.getValue().values().removeIf(send -> now - send.deadline > 0);
            if (entry.getValue().isEmpty()) {
                requestors.remove();
                stopWatching(entry.getKey());
            }
        }
    }

    // ---- atoms -----------------------------------------------------------------------------------------

    private long atom(String name) {
        Long known = atoms.get(name);
        if (known != null) {
            return known;
        }
        try (Arena arena = Arena.ofConfined()) {
            long atom = (long) x.internAtom.invokeExact(display, arena.allocateFrom(name), 0);
            atoms.put(name, atom);
            atomNames.put(atom, name);
            return atom;
        } catch (Throwable e) {
            throw new IllegalStateException("XInternAtom failed", e);
        }
    }

    /** @return the atom's name, or null for None or an atom the server does not know */
    private String atomName(long atom) {
        if (atom == NONE) {
            return null;
        }
        String known = atomNames.get(atom);
        if (known != null) {
            return known;
        }
        try {
            MemorySegment name = (MemorySegment) x.getAtomName.invokeExact(display, atom);
            if (name.address() == 0) {
                return null;
            }
            String text = name.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.ISO_8859_1);
            int status = (int) x.free.invokeExact(name);
            atoms.put(text, atom);
            atomNames.put(atom, text);
            return text;
        } catch (Throwable e) {
            throw new IllegalStateException("XGetAtomName failed", e);
        }
    }
}
