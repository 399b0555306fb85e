package dev.saffron.spice.internal.agent;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.FileTransferException;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The client's side of the guest agent protocol, as spice-gtk's main channel speaks it: capabilities,
 * display settings, clipboard sharing, file transfer and monitor layout, over an {@link AgentSender} and an
 * {@link AgentAssembler}. The main channel's reader thread feeds it the agent's messages; application
 * threads call the clipboard, file and display methods. Its lock is taken before the sender's; events go to
 * {@link Events}, which must not block. A malformed agent message is logged and dropped; it never ends the
 * channel.
 */
public final class AgentSession {
    /** What the agent did, for the main channel to pass on to the application. */
    public interface Events {
        /** The agent announced its capabilities. */
        void capabilitiesChanged();

        /** The guest owns a selection and offers these types. */
        void clipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types);

        /** The guest wants the client's clipboard in this type. */
        void clipboardRequested(ClipboardSelection selection, ClipboardType type);

        /** The guest no longer owns the selection. */
        void clipboardReleased(ClipboardSelection selection);

        /**
         * The guest's clipboard contents, answering a request; the array is the receiver's. An agent that has
         * nothing to give answers with type NONE: that comes as empty data of the type the oldest unanswered
         * request of the selection asked for.
         */
        void clipboardData(ClipboardSelection selection, ClipboardType type, byte[] data);


        /** A file transfer has sent this many bytes. */
        void fileTransferProgress(FileTransferTask task, long transferredBytes);
    }

    /** spice-gtk's default {@code max-clipboard}: 100 MiB. */
    public static final int DEFAULT_MAX_CLIPBOARD = 100 * 1024 * 1024;
    /** The largest agent message accepted even with an unlimited clipboard. */
    static final int MAX_MESSAGE = 256 * 1024 * 1024;
    /** Room for every message that is not clipboard data, whatever the clipboard limit. */
    static final int MIN_MESSAGE_LIMIT = 64 * 1024;
    /** Capability words read from the agent; the protocol defines fewer than one. */
    static final int MAX_CAPABILITY_WORDS = 8;
    /** Types in one clipboard grab; agents offer a handful. */
    static final int MAX_GRAB_TYPES = 64;
    /** Unanswered clipboard requests remembered per selection, the oldest dropped beyond. */
    static final int MAX_PENDING_REQUESTS = 16;
    /** The client's capabilities: spice-gtk's set. */
    static final Set<AgentCapability> CLIENT_CAPABILITIES = EnumSet.of(AgentCapability.MOUSE_STATE,
            AgentCapability.MONITORS_CONFIG, AgentCapability.REPLY, AgentCapability.DISPLAY_CONFIG,
            AgentCapability.CLIPBOARD_BY_DEMAND, AgentCapability.CLIPBOARD_SELECTION,
            AgentCapability.MONITORS_CONFIG_POSITION, AgentCapability.FILE_XFER_DETAILED_ERRORS,
            AgentCapability.CLIPBOARD_NO_RELEASE_ON_REGRAB, AgentCapability.CLIPBOARD_GRAB_SERIAL);

    private static final System.Logger LOG = System.getLogger(AgentSession.class.getName());

    private final AgentSender sender;
    private final Events events;
    private final int displayConfigFlags;
    private final AgentAssembler assembler = new AgentAssembler(receiveLimit(DEFAULT_MAX_CLIPBOARD));
    private final MonitorLayout monitors = new MonitorLayout();
    private final long[] clipboardSerials = new long[ClipboardSelection.values().length];
    /** The types of this side's requests not answered yet, per selection, for the agent's NONE answers. */
    private final List<ArrayDeque<ClipboardType>> requestedTypes = List.of(new ArrayDeque<>(), new ArrayDeque<>(),
            new ArrayDeque<>());
    private final Map<Long, FileTransfer> transfers = new HashMap<>();
    private int[] agentCapabilities = new int[0];
    private boolean connected;
    private boolean capabilitiesReceived;
    private boolean displayConfigSent;
    private boolean closed;
    private int maxClipboard = DEFAULT_MAX_CLIPBOARD;
    private long nextTransferId = 1;

    /**
     * @param sink               sends one AGENT_DATA body
     * @param displayConfigFlags the DISPLAY_CONFIG flags from the session's disabled effects
     * @param events             hears what the agent does
     */
    public AgentSession(AgentSender.ChunkSink sink, int displayConfigFlags, Events events) {
        this.sender = new AgentSender(sink);
        this.displayConfigFlags = displayConfigFlags;
        this.events = events;
    }

    /** @return DISPLAY_CONFIG flags for spice-gtk's {@code disable-effects} names */
    public static int displayConfigFlags(Set<String> disabledEffects) {
        boolean all = disabledEffects.contains("all");
        return (all || disabledEffects.contains("wallpaper") ? VdAgent.DISPLAY_FLAG_DISABLE_WALLPAPER : 0)
                | (all || disabledEffects.contains("font-smooth") ? VdAgent.DISPLAY_FLAG_DISABLE_FONT_SMOOTH : 0)
                | (all || disabledEffects.contains("animation") ? VdAgent.DISPLAY_FLAG_DISABLE_ANIMATION : 0);
    }

    private static long receiveLimit(int maxClipboard) {
        // Clipboard data comes with a selection prefix and a type: 8 bytes more than the data.
        long clipboard = maxClipboard < 0 ? MAX_MESSAGE : Math.min(MAX_MESSAGE, (long) maxClipboard + 8);
        return Math.max(MIN_MESSAGE_LIMIT, clipboard);
    }

    // ---- connection state, from the main channel's reader ------------------------------------------

    /** The agent connected: announce the client's capabilities, asking for the agent's. */
    public synchronized void start() {
        connected = true;
        capabilitiesReceived = false;
        displayConfigSent = false;
        agentCapabilities = new int[0];
        assembler.reset();
        announceCapabilities(true);
    }

    /** The agent left: forget its state, fail its transfers, and drop messages not yet begun. */
    public synchronized void stop() {
        connected = false;
        capabilitiesReceived = false;
        agentCapabilities = new int[0];
        assembler.reset();
        Arrays.fill(clipboardSerials, 0);
        requestedTypes.forEach(ArrayDeque::clear);
        SpiceException gone = new SpiceException(SpiceError.FAILED, "the agent disconnected");
        sender.dropUnstarted(gone);
        failPending(gone, "the agent disconnected during the file transfer");
    }

    /** The channel ended: nothing more will be sent. */
    public synchronized void close() {
        closed = true;
        connected = false;
        SpiceException gone = new SpiceException(SpiceError.FAILED, "the main channel closed");
        sender.close(gone);
        failPending(gone, "the main channel closed during the file transfer");
    }

    private void failPending(SpiceException reason, String transferText) {
        for (FileTransfer transfer : List.copyOf(transfers.values())) {
            transfer.fail(new FileTransferException(FileTransferException.Reason.AGENT_DISCONNECTED, transferText));
        }
        transfers.clear();
    }

    /** Sets the client-to-agent tokens (INIT, AGENT_CONNECTED_TOKENS). */
    public void setTokens(long tokens) {
        sender.setTokens(tokens);
    }

    /** Adds client-to-agent tokens (AGENT_TOKEN). */
    public void addTokens(long tokens) {
        sender.addTokens(tokens);
    }

    /** @return the client-to-agent tokens left */
    public long tokens() {
        return sender.tokens();
    }

    /** @return whether the agent is connected */
    public synchronized boolean isConnected() {
        return connected;
    }

    /** @return whether the agent announced {@code capability} */
    public synchronized boolean hasCapability(AgentCapability capability) {
        return has(capability);
    }

    private boolean has(AgentCapability capability) {
        int word = capability.bit() / 32;
        return word < agentCapabilities.length && (agentCapabilities[word] & (1 << (capability.bit() % 32))) != 0;
    }

    /** Consumes one AGENT_DATA body; runs on the reader thread. */
    public synchronized void receive(MemorySegment data) {
        if (!connected) {
            LOG.log(System.Logger.Level.DEBUG, "dropping {0} bytes of agent data: no agent is connected",
                    data.byteSize());
            return;
        }
        assembler.feed(data, message -> {
            try {
                handle(message);
            } catch (SpiceException e) {
                LOG.log(System.Logger.Level.DEBUG, "dropping an agent message: {0}", e.getMessage());
            }
        });
    }

    private void handle(AgentMessage message) throws SpiceException {
        WireReader reader = message.reader();
        switch (message.type()) {
            case VdAgent.ANNOUNCE_CAPABILITIES -> capabilities(reader);
            case VdAgent.REPLY -> reply(reader);
            case VdAgent.CLIPBOARD_GRAB -> clipboardGrab(reader);
            case VdAgent.CLIPBOARD_REQUEST -> {
                ClipboardSelection selection = selection(reader);
                ClipboardType type = type(reader);
                events.clipboardRequested(selection, type);
            }
            case VdAgent.CLIPBOARD_RELEASE -> events.clipboardReleased(selection(reader));
            case VdAgent.CLIPBOARD -> clipboardData(reader);
            case VdAgent.FILE_XFER_STATUS -> fileStatus(reader);
            default -> LOG.log(System.Logger.Level.DEBUG, "ignoring agent {0} ({1} bytes)",
                    VdAgent.typeName(message.type()), message.payload().length);
        }
    }

    private void capabilities(WireReader reader) throws SpiceException {
        boolean request = reader.u32() != 0;
        int words = (int) Math.min(MAX_CAPABILITY_WORDS, reader.remaining() / 4);
        int[] caps = new int[words];
        for (int i = 0; i < words; i++) {
            caps[i] = (int) reader.u32();
        }
        agentCapabilities = caps;
        capabilitiesReceived = true;
        LOG.log(System.Logger.Level.DEBUG, "agent capabilities: {0}", agentCapabilitySet());
        events.capabilitiesChanged();
        if (request) {
            announceCapabilities(false);
        }
        if (has(AgentCapability.DISPLAY_CONFIG) && !displayConfigSent) {
            displayConfigSent = true;
            send(VdAgent.DISPLAY_CONFIG, le(8).putInt(displayConfigFlags).putInt(0).array());
        }
        sendMaxClipboard();
        if (monitors.hasEnabledDisplay()) {
            queueMonitorConfig();
        }
    }

    private Set<AgentCapability> agentCapabilitySet() {
        Set<AgentCapability> set = EnumSet.noneOf(AgentCapability.class);
        for (AgentCapability capability : AgentCapability.values()) {
            if (has(capability)) {
                set.add(capability);
            }
        }
        return set;
    }

    private void reply(WireReader reader) throws SpiceException {
        int type = (int) reader.u32();
        long result = reader.u32();
        boolean success = result == VdAgent.REPLY_SUCCESS;
        LOG.log(success ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, "agent {0} {1}",
                success ? "applied" : "refused", VdAgent.typeName(type));
    }

    private void clipboardGrab(WireReader reader) throws SpiceException {
        ClipboardSelection selection = selection(reader);
        if (has(AgentCapability.CLIPBOARD_GRAB_SERIAL)) {
            long serial = reader.u32();
            int index = selection.ordinal();
            if (serial != clipboardSerials[index]) {
                // Both sides grabbed at once; the agent's counter tells it to drop ours, and we drop this.
                LOG.log(System.Logger.Level.DEBUG, "dropping a {0} grab with serial {1}, expected {2}",
                        selection, serial, clipboardSerials[index]);
                return;
            }
            clipboardSerials[index] = (clipboardSerials[index] + 1) & 0xFFFF_FFFFL;
        }
        int count = (int) Math.min(MAX_GRAB_TYPES, reader.remaining() / 4);
        List<ClipboardType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ClipboardType.fromWire(reader.u32()).ifPresent(types::add);
        }
        events.clipboardGrabbed(selection, List.copyOf(types));
    }

    private void clipboardData(WireReader reader) throws SpiceException {
        ClipboardSelection selection = selection(reader);
        ArrayDeque<ClipboardType> requested = requestedTypes.get(selection.ordinal());
        long value = reader.u32();
        if (value == VdAgent.CLIPBOARD_NONE) {
            ClipboardType unanswered = requested.poll();
            if (unanswered != null) {
                events.clipboardData(selection, unanswered, new byte[0]);
            }
            return;
        }
        ClipboardType type = ClipboardType.fromWire(value)
                .orElseThrow(() -> reader.malformed("unknown clipboard type " + value));
        requested.removeFirstOccurrence(type);
        events.clipboardData(selection, type, reader.bytes((int) reader.remaining()));
    }

    private ClipboardSelection selection(WireReader reader) throws SpiceException {
        if (!has(AgentCapability.CLIPBOARD_SELECTION)) {
            return ClipboardSelection.CLIPBOARD;
        }
        int value = reader.u8();
        reader.skip(3);
        return ClipboardSelection.fromWire(value).orElseThrow(() -> reader.malformed("unknown selection " + value));
    }

    private static ClipboardType type(WireReader reader) throws SpiceException {
        long value = reader.u32();
        return ClipboardType.fromWire(value).orElseThrow(() -> reader.malformed("unknown clipboard type " + value));
    }

    private void fileStatus(WireReader reader) throws SpiceException {
        long id = reader.u32();
        int result = (int) reader.u32();
        FileTransfer transfer = transfers.get(id);
        if (transfer == null) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring status {0} for unknown file transfer {1}", result, id);
            return;
        }
        transfer.agentStatus(result, has(AgentCapability.FILE_XFER_DETAILED_ERRORS) ? reader
                : new WireReader(MemorySegment.ofArray(new byte[0]), "agent FILE_XFER_STATUS"));
    }

    // ---- requests from the application ---------------------------------------------------------------

    /** Sends the client's capabilities; {@code request} asks the agent for its own. */
    private void announceCapabilities(boolean request) {
        int word = 0;
        for (AgentCapability capability : CLIENT_CAPABILITIES) {
            word |= 1 << capability.bit();
        }
        send(VdAgent.ANNOUNCE_CAPABILITIES, le(8).putInt(request ? 1 : 0).putInt(word).array());
    }

    private void sendMaxClipboard() {
        if (has(AgentCapability.MAX_CLIPBOARD)) {
            send(VdAgent.MAX_CLIPBOARD, le(4).putInt(maxClipboard).array());
        }
    }

    /** @return the clipboard size limit in bytes, -1 for none */
    public synchronized int maxClipboard() {
        return maxClipboard;
    }

    /** Sets the clipboard size limit (spice-gtk's {@code max-clipboard}) and tells the agent. */
    public synchronized void setMaxClipboard(int max) {
        if (max < -1) {
            throw new IllegalArgumentException("max-clipboard " + max + " is below -1");
        }
        if (max == maxClipboard) {
            return;
        }
        maxClipboard = max;
        assembler.setLimit(receiveLimit(max));
        if (connected && capabilitiesReceived) {
            sendMaxClipboard();
        }
    }

    /** Takes ownership of a selection, offering these types (spice-gtk's clipboard_selection_grab). */
    public synchronized CompletableFuture<Void> clipboardGrab(ClipboardSelection selection, List<ClipboardType> types) {
        if (types.size() > MAX_GRAB_TYPES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("too many clipboard types"));
        }
        ByteBuffer payload;
        try {
            payload = clipboardMessage(selection, 4 + 4 * types.size());
        } catch (SpiceException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (has(AgentCapability.CLIPBOARD_GRAB_SERIAL)) {
            int index = selection.ordinal();
            payload.putInt((int) clipboardSerials[index]);
            clipboardSerials[index] = (clipboardSerials[index] + 1) & 0xFFFF_FFFFL;
        }
        for (ClipboardType type : types) {
            payload.putInt(type.wireValue());
        }
        return send(VdAgent.CLIPBOARD_GRAB, trim(payload));
    }

    /** Gives up a selection the client owned (spice-gtk's clipboard_selection_release). */
    public synchronized CompletableFuture<Void> clipboardRelease(ClipboardSelection selection) {
        try {
            return send(VdAgent.CLIPBOARD_RELEASE, trim(clipboardMessage(selection, 0)));
        } catch (SpiceException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Tells the guest the client's audio volume (AUDIO_VOLUME_SYNC, client to agent, as spice-gtk sends it
     * once per connection from its audio backend's levels).
     */
    public synchronized CompletableFuture<Void> syncAudioVolume(boolean playback, boolean mute, List<Integer> volumes) {
        if (volumes.isEmpty() || volumes.size() > 255) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "1 to 255 audio channels, not " + volumes.size()));
        }
        if (!has(AgentCapability.AUDIO_VOLUME_SYNC)) {
            return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED,
                    "the guest agent does not take audio volumes"));
        }
        ByteBuffer payload = le(3 + 2 * volumes.size())
                .put((byte) (playback ? 1 : 0)).put((byte) (mute ? 1 : 0)).put((byte) volumes.size());
        for (int volume : volumes) {
            if (volume < 0 || volume > 0xFFFF) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "a volume is 0 to 65535, not " + volume));
            }
            payload.putShort((short) volume);
        }
        return send(VdAgent.AUDIO_VOLUME_SYNC, payload.array());
    }

    /** Asks the guest for its clipboard in this type (spice-gtk's clipboard_selection_request). */
    public synchronized CompletableFuture<Void> clipboardRequest(ClipboardSelection selection, ClipboardType type) {
        try {
            ByteBuffer payload = clipboardMessage(selection, 4);
            ArrayDeque<ClipboardType> requested = requestedTypes.get(selection.ordinal());
            if (requested.size() == MAX_PENDING_REQUESTS) {
                requested.poll();
            }
            requested.add(type);
            return send(VdAgent.CLIPBOARD_REQUEST, trim(payload.putInt(type.wireValue())));
        } catch (SpiceException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sends the client's clipboard to the guest (spice-gtk's clipboard_selection_notify). */
    public synchronized CompletableFuture<Void> clipboardNotify(ClipboardSelection selection, ClipboardType type,
                                                                byte[] data) {
        if (maxClipboard >= 0 && data.length >= maxClipboard) {
            return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED, "clipboard data of "
                    + data.length + " bytes exceeds the limit of " + maxClipboard));
        }
        try {
            ByteBuffer payload = clipboardMessage(selection, 4);
            return send(VdAgent.CLIPBOARD, trim(payload.putInt(type.wireValue())), data);
        } catch (SpiceException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @return a buffer holding the selection prefix, if the agent takes one, with room for {@code rest} */
    private ByteBuffer clipboardMessage(ClipboardSelection selection, int rest) throws SpiceException {
        if (!connected) {
            throw new SpiceException(SpiceError.FAILED, "the agent is not connected");
        }
        if (!has(AgentCapability.CLIPBOARD_BY_DEMAND)) {
            throw new SpiceException(SpiceError.FAILED, "the agent does not share the clipboard");
        }
        ByteBuffer payload = le(4 + 4 + rest);
        if (has(AgentCapability.CLIPBOARD_SELECTION)) {
            payload.put((byte) selection.wireValue()).put(new byte[3]);
        } else if (selection != ClipboardSelection.CLIPBOARD) {
            throw new SpiceException(SpiceError.FAILED, "the agent shares only the CLIPBOARD selection");
        }
        return payload;
    }

    private static byte[] trim(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    /**
     * Starts copying files to the guest, each as its own task (spice-gtk's file_copy_async). A file that
     * cannot be read, or an agent that cannot take files, fails the task at once.
     */
    public synchronized List<FileTransferTask> copyFiles(List<Path> files) {
        List<FileTransferTask> tasks = new ArrayList<>(files.size());
        for (Path file : files) {
            long id = nextTransferId;
            nextTransferId = nextTransferId == 0xFFFF_FFFFL ? 1 : nextTransferId + 1;
            long size;
            try {
                if (!Files.isRegularFile(file)) {
                    throw new IOException("not a regular file");
                }
                size = Files.size(file);
            } catch (IOException e) {
                FileTransfer failed = new FileTransfer(id, file, 0, this);
                failed.fail(new FileTransferException(FileTransferException.Reason.LOCAL_IO,
                        "cannot read " + file + ": " + e.getMessage(), -1, -1, e));
                tasks.add(failed);
                continue;
            }
            FileTransfer transfer = new FileTransfer(id, file, size, this);
            tasks.add(transfer);
            if (!connected) {
                transfer.fail(new FileTransferException(FileTransferException.Reason.AGENT_DISCONNECTED,
                        "the agent is not connected"));
            } else if (has(AgentCapability.FILE_XFER_DISABLED)) {
                transfer.fail(new FileTransferException(FileTransferException.Reason.DISABLED,
                        "file transfer is disabled in the guest"));
            } else {
                transfers.put(id, transfer);
                send(VdAgent.FILE_XFER_START, transfer.startMessage());
                transfer.startSending();
            }
        }
        return List.copyOf(tasks);
    }

    /** One FILE_XFER_DATA message; runs on the transfer's thread. */
    CompletableFuture<Void> sendFileData(long id, byte[] data, int length) {
        byte[] header = le(12).putInt((int) id).putLong(length).array();
        byte[] chunk = length == data.length ? data : Arrays.copyOf(data, length);
        synchronized (this) {
            if (!transfers.containsKey(id)) {
                return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED, "the transfer ended"));
            }
            return send(VdAgent.FILE_XFER_DATA, header, chunk);
        }
    }

    /** Tells the agent a transfer ended on this side (cancelled or failed). */
    synchronized void sendFileStatus(long id, int status) {
        if (connected) {
            send(VdAgent.FILE_XFER_STATUS, le(8).putInt((int) id).putInt(status).array());
        }
    }

    synchronized void transferEnded(FileTransfer transfer) {
        transfers.remove(transfer.id(), transfer);
    }

    void transferProgress(FileTransfer transfer, long transferredBytes) {
        events.fileTransferProgress(transfer, transferredBytes);
    }

    /** Records one display's wanted geometry (spice-gtk's update_display and update_display_enabled). */
    public synchronized void updateDisplay(int id, int x, int y, int width, int height, boolean enabled) {
        monitors.update(id, x, y, width, height, enabled);
    }

    /**
     * Sends the monitor layout (spice-gtk's send_monitor_config). No reply is awaited: a spice-server whose
     * QXL device takes client monitor configurations hands the message to the device and never forwards it
     * to the agent, so no agent reply comes; an agent's reply, when one does come, is only logged.
     *
     * @return completes when the layout was sent
     */
    public synchronized CompletableFuture<Void> sendMonitorConfig() {
        if (!connected) {
            return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED, "the agent is not connected"));
        }
        return queueMonitorConfig();
    }

    private CompletableFuture<Void> queueMonitorConfig() {
        return send(VdAgent.MONITORS_CONFIG, monitors.encode(has(AgentCapability.SPARSE_MONITORS_CONFIG)));
    }

    private CompletableFuture<Void> send(int type, byte[]... parts) {
        if (closed) {
            return CompletableFuture.failedFuture(new SpiceException(SpiceError.FAILED, "the main channel closed"));
        }
        return sender.send(type, parts);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
