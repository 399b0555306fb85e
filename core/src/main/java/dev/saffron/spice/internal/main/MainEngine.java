package dev.saffron.spice.internal.main;

import dev.saffron.spice.AgentCapability;
import dev.saffron.spice.AnnouncedChannel;
import dev.saffron.spice.ChannelType;
import dev.saffron.spice.ClipboardSelection;
import dev.saffron.spice.ClipboardType;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.MouseMode;
import dev.saffron.spice.internal.agent.AgentSession;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.MainChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.saffron.spice.internal.protocol.MainProtocol.*;

/**
 * The engine of the main channel: session id and multimedia time, the server's channel list, mouse modes and
 * the guest agent (through {@link AgentSession}). Tells its facade through {@link Events} and starts its session
 * through the {@link MainChannelHost}.
 */
public final class MainEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void mouseModeChanged(Set<MouseMode> supported, MouseMode current);

        void agentStateChanged(boolean connected, long tokens);

        void channelsListed();

        void clipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types);

        void clipboardRequested(ClipboardSelection selection, ClipboardType type);

        void clipboardReleased(ClipboardSelection selection);

        /** @param data the bytes, which the receiver owns */
        void clipboardData(ClipboardSelection selection, ClipboardType type, byte[] data);

        void fileTransferStarted(FileTransferTask task);

        void fileTransferProgress(FileTransferTask task, long transferredBytes);
    }

    /** spice-server announces a few dozen channels at most; a longer list is not a server we can trust. */
    static final int MAX_CHANNELS = 1024;
    static final int MAX_NAME_BYTES = 4096;
    /** Server-to-client agent tokens granted in AGENT_START: all of them, as spice-gtk does. */
    static final long AGENT_START_TOKENS = 0xFFFF_FFFFL;

    private static final System.Logger LOG = System.getLogger(MainEngine.class.getName());

    /** The same host as {@link #host}, with the calls that start the session. */
    private final MainChannelHost mainHost;
    private final Events events;

    private volatile CompletableFuture<List<AnnouncedChannel>> channelsList = new CompletableFuture<>();
    private volatile Set<MouseMode> supportedMouseModes = Set.of();
    private volatile MouseMode mouseMode = MouseMode.SERVER;
    private final AgentSession agent;
    private volatile MouseMode requestedMouseMode = MouseMode.CLIENT;

    public MainEngine(MainChannelHost host, Events events) {
        super(host, ChannelType.MAIN, 0);
        this.mainHost = host;
        this.events = events;
        agent = new AgentSession(chunk -> send(MSGC_AGENT_DATA, chunk),
                AgentSession.displayConfigFlags(host.config().disableEffects()), new AgentEvents());
    }

    @Override
    public Capabilities clientCapabilities() {
        return Capabilities.of(CAP_SEMI_SEAMLESS_MIGRATE, CAP_NAME_AND_UUID, CAP_AGENT_CONNECTED_TOKENS,
                CAP_SEAMLESS_MIGRATE);
    }

    @Override
    public void channelUp() {
        // Ready only once INIT names the session: other channels need its id to link. A destination after a
        // semi-seamless migration sends that INIT once told the client has switched.
        if (mainHost.finishingMigration()) {
            send(MSGC_MIGRATE_END, ByteBuffer.allocate(0));
        }
    }

    /**
     * A new server (reconnect, semi-seamless migration) knows nothing of the old one's agent: as spice-gtk
     * resets its main channel, the agent counts as disconnected (file transfers fail, clipboard serials restart)
     * until the new server says otherwise.
     */
    @Override
    protected void connectionReset() {
        agent.stop();
        agent.setTokens(0);
        fireAgentState();
    }

    /** @return the mouse modes the server supports */
    public Set<MouseMode> supportedMouseModes() {
        return supportedMouseModes;
    }

    /** @return the current mouse mode */
    public MouseMode mouseMode() {
        return mouseMode;
    }

    /** @return whether a guest agent (spice-vdagent) is connected */
    public boolean isAgentConnected() {
        return agent.isConnected();
    }

    /** @return how many AGENT_DATA messages the client may still send before the server grants more */
    public long agentTokens() {
        return agent.tokens();
    }

    /**
     * spice-gtk's {@code agent_test_capability}. The capabilities arrive shortly after the agent connects, with
     * {@link MainChannelListener#agentStateChanged}.
     *
     * @return whether the connected agent announced {@code capability}
     */
    public boolean agentHasCapability(AgentCapability capability) {
        return agent.hasCapability(capability);
    }

    /** @return the channels the server announced, once CHANNELS_LIST arrived; empty before */
    public List<AnnouncedChannel> serverChannels() {
        return channelsList.getNow(List.of());
    }

    /** Completes with the server's channel list when it arrives. */
    public CompletableFuture<List<AnnouncedChannel>> channelsListFuture() {
        return channelsList;
    }

    /**
     * Asks the server to switch mouse mode. The change, if the server agrees, arrives as
     * {@link MainChannelListener#mouseModeChanged}.
     *
     * @return completes when the request was sent
     */
    public CompletableFuture<Void> requestMouseMode(MouseMode mode) {
        requestedMouseMode = mode;
        return sendMouseModeRequest(mode);
    }

    private CompletableFuture<Void> sendMouseModeRequest(MouseMode mode) {
        if (host.config().readOnly()) {
            return CompletableFuture.completedFuture(null);
        }
        return send(MSGC_MOUSE_MODE_REQUEST, new MessageBuilder(2).u16(mode.flag()).build());
    }

    // ---- clipboard -------------------------------------------------------------------------------------

    /**
     * Tells the guest that the client owns a selection and offers these types (spice-gtk's
     * {@code clipboard_selection_grab}). The guest may then ask for data with
     * {@link MainChannelListener#clipboardRequested}. Grabbing again while owning the selection needs no
     * release first. Needs {@link AgentCapability#CLIPBOARD_BY_DEMAND}, and
     * {@link AgentCapability#CLIPBOARD_SELECTION} for any selection but {@link ClipboardSelection#CLIPBOARD}.
     */
    public CompletableFuture<Void> clipboardGrab(ClipboardSelection selection, List<ClipboardType> types) {
        return agent.clipboardGrab(selection, List.copyOf(types));
    }

    /** Tells the guest the client no longer owns the selection (spice-gtk's {@code clipboard_selection_release}). */
    public CompletableFuture<Void> clipboardRelease(ClipboardSelection selection) {
        return agent.clipboardRelease(selection);
    }

    /**
     * Tells the guest agent the client's audio volume (spice-gtk sends its audio backend's playback and
     * record levels once per connection), for an agent that announced
     * {@link AgentCapability#AUDIO_VOLUME_SYNC}.
     *
     * @param playback whether the levels are for playback rather than recording
     * @param volumes  one level per audio channel, 0 to 65535, 1 to 255 of them
     * @return completes when sent; fails if the agent does not take volumes or the arguments are out of range
     */
    public CompletableFuture<Void> syncAudioVolume(boolean playback, boolean mute, List<Integer> volumes) {
        return agent.syncAudioVolume(playback, mute, List.copyOf(volumes));
    }

    /**
     * Asks the guest for the selection it grabbed, in one of the types it offered (spice-gtk's
     * {@code clipboard_selection_request}); the data arrives as {@link MainChannelListener#clipboardData}.
     */
    public CompletableFuture<Void> clipboardRequest(ClipboardSelection selection, ClipboardType type) {
        return agent.clipboardRequest(selection, type);
    }

    /**
     * Answers a {@link MainChannelListener#clipboardRequested} with the data (spice-gtk's
     * {@code clipboard_selection_notify}). Data of {@link #maxClipboard()} bytes or more is refused.
     *
     * @param data copied before this returns
     */
    public CompletableFuture<Void> clipboardNotify(ClipboardSelection selection, ClipboardType type, byte[] data) {
        return agent.clipboardNotify(selection, type, data);
    }

    /**
     * @return spice-gtk's {@code max-clipboard}: the largest clipboard transfer in bytes, either way, or -1 for
     *         no limit; 100 MiB by default. Larger clipboard data from the guest is dropped unread; without a
     *         limit Saffron still drops single agent messages over 256 MiB.
     */
    public int maxClipboard() {
        return agent.maxClipboard();
    }

    /** Sets {@link #maxClipboard()} and tells an agent that announced {@link AgentCapability#MAX_CLIPBOARD}. */
    public void setMaxClipboard(int max) {
        agent.setMaxClipboard(max);
    }

    // ---- file transfer ---------------------------------------------------------------------------------

    /**
     * Copies files to the guest (spice-gtk's {@code file_copy_async}), all at once, each as its own task; the
     * guest agent decides where they go (spice-vdagent: the user's download folder or desktop). Each file is
     * read in 64 KiB pieces as it is sent. A task fails at once if its file cannot be read, the agent is not
     * connected or the guest disabled file transfer. Wait for all with {@code CompletableFuture.allOf} over the
     * tasks' completions.
     *
     * @return one task per file, in order
     */
    public List<FileTransferTask> copyFiles(List<Path> files) {
        List<FileTransferTask> tasks = agent.copyFiles(List.copyOf(files));
        for (FileTransferTask task : tasks) {
            host.fire(() -> events.fileTransferStarted(task));
        }
        return tasks;
    }

    // ---- monitors --------------------------------------------------------------------------------------

    /**
     * Records the size and position the client wants for one guest display (spice-gtk's
     * {@code update_display} and {@code update_display_enabled}); {@link #sendMonitorConfig()} sends the
     * layout. The layout is also sent when an agent announces its capabilities, if some display is enabled.
     *
     * @param id      the display (monitor) id, 0 to 15
     * @param enabled whether the guest should use this display at all
     * @throws IllegalArgumentException for an id outside 0..15 or a negative value
     */
    public void updateDisplay(int id, int x, int y, int width, int height, boolean enabled) {
        agent.updateDisplay(id, x, y, width, height, enabled);
    }

    /**
     * Sends the layout recorded with {@link #updateDisplay} (spice-gtk's {@code send_monitor_config}), with
     * positions, so that the guest places its monitors as the client does.
     *
     * @return completes when the layout was sent, as spice-gtk waits for nothing more: a spice-server with
     *         a QXL device applies it through the device and the agent never sees it, so no reply can be
     *         awaited; fails if the agent is not connected
     */
    public CompletableFuture<Void> sendMonitorConfig() {
        return agent.sendMonitorConfig();
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_INIT -> handleInit(new WireReader(body, "main INIT"));
            case MSG_CHANNELS_LIST -> handleChannelsList(new WireReader(body, "main CHANNELS_LIST"));
            case MSG_MOUSE_MODE -> {
                WireReader reader = new WireReader(body, "main MOUSE_MODE");
                setMouseModes(reader.u16(), reader.u16());
            }
            case MSG_MULTI_MEDIA_TIME -> host.setMmTime(new WireReader(body, "main MULTI_MEDIA_TIME").u32());
            case MSG_AGENT_CONNECTED -> agentStart();
            case MSG_AGENT_CONNECTED_TOKENS -> {
                agent.setTokens(new WireReader(body, "main AGENT_CONNECTED_TOKENS").u32());
                agentStart();
            }
            case MSG_AGENT_DISCONNECTED -> {
                long reason = new WireReader(body, "main AGENT_DISCONNECTED").u32();
                LOG.log(System.Logger.Level.DEBUG, "agent disconnected (reason {0})", reason);
                agent.stop();
                fireAgentState();
            }
            case MSG_AGENT_TOKEN -> {
                agent.addTokens(new WireReader(body, "main AGENT_TOKEN").u32());
                fireAgentState();
            }
            case MSG_AGENT_DATA -> agent.receive(body);
            case MSG_NAME -> {
                WireReader reader = new WireReader(body, "main NAME");
                mainHost.guestNamed(reader.string(reader.count32(1, MAX_NAME_BYTES)));
            }
            case MSG_UUID -> {
                WireReader reader = new WireReader(body, "main UUID");
                mainHost.guestIdentified(new UUID(Long.reverseBytes(reader.u64()), Long.reverseBytes(reader.u64())));
            }
            case MSG_MIGRATE_BEGIN -> mainHost.migrationBegin(
                    MigrationDestination.parse(body, false, "main MIGRATE_BEGIN"));
            case MSG_MIGRATE_BEGIN_SEAMLESS -> mainHost.migrationBegin(
                    MigrationDestination.parse(body, true, "main MIGRATE_BEGIN_SEAMLESS"));
            case MSG_MIGRATE_CANCEL -> mainHost.migrationCancel();
            case MSG_MIGRATE_END -> mainHost.migrationEnd();
            case MSG_MIGRATE_SWITCH_HOST -> mainHost.switchHost(
                    MigrationDestination.parse(body, false, "main MIGRATE_SWITCH_HOST"));
            default -> LOG.log(System.Logger.Level.DEBUG, "main: ignoring message {0}", type);
        }
    }

    private void handleInit(WireReader reader) throws IOException {
        long sessionId = reader.u32();
        reader.u32();
        int supportedModes = (int) reader.u32();
        int currentMode = (int) reader.u32();
        boolean agent = reader.u32() != 0;
        long tokens = reader.u32();
        long mmTime = reader.u32();
        long ramHint = reader.u32();
        boolean migrated = mainHost.finishingMigration();
        mainHost.sessionStarted(sessionId, mmTime, ramHint);
        setMouseModes(supportedModes, currentMode);
        this.agent.setTokens(tokens);
        if (agent) {
            agentStart();
        } else {
            fireAgentState();
        }
        if (!migrated) {
            // A reconnected server lists its channels again; a migration destination takes the linked ones.
            if (channelsList.isDone()) {
                channelsList = new CompletableFuture<>();
            }
            send(MSGC_ATTACH_CHANNELS, ByteBuffer.allocate(0));
        }
        markReady();
    }

    private void handleChannelsList(WireReader reader) throws IOException {
        int count = reader.count32(2, MAX_CHANNELS);
        List<AnnouncedChannel> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new AnnouncedChannel(reader.u8(), reader.u8()));
        }
        List<AnnouncedChannel> announced = List.copyOf(list);
        if (channelsList.isDone()) {
            LOG.log(System.Logger.Level.DEBUG, "main: ignoring a repeated CHANNELS_LIST");
            return;
        }
        // The channels join the session before the list is published, so awaitChannels sees all of them.
        mainHost.channelsAnnounced(announced);
        channelsList.complete(announced);
        host.fire(events::channelsListed);
    }

    private void setMouseModes(int supportedFlags, int currentFlag) {
        Set<MouseMode> supported = Set.copyOf(MouseMode.fromFlags(supportedFlags));
        MouseMode current = currentFlag == MouseMode.CLIENT.flag() ? MouseMode.CLIENT : MouseMode.SERVER;
        boolean changed = !supported.equals(supportedMouseModes) || current != mouseMode;
        supportedMouseModes = supported;
        mouseMode = current;
        if (changed) {
            host.fire(() -> events.mouseModeChanged(supported, current));
        }
        // As spice-gtk: keep asking for the mode the application wants (client mode unless it said otherwise)
        // whenever the server can give it, which is once an agent or a tablet lets the guest take positions.
        MouseMode wanted = requestedMouseMode;
        if (wanted != current && supported.contains(wanted)) {
            sendMouseModeRequest(wanted);
        }
    }

    /** The agent is there: grant it tokens, then let the agent session announce the client's capabilities. */
    private void agentStart() {
        send(MSGC_AGENT_START, new MessageBuilder(4).u32(AGENT_START_TOKENS).build());
        agent.start();
        fireAgentState();
    }

    private void fireAgentState() {
        boolean connected = agent.isConnected();
        long tokens = agent.tokens();
        host.fire(() -> events.agentStateChanged(connected, tokens));
    }

    @Override
    public void channelEnded() {
        agent.close();
    }

    /** Passes the agent's events on to the listeners, on the session's event thread. */
    private final class AgentEvents implements AgentSession.Events {
        @Override
        public void capabilitiesChanged() {
            fireAgentState();
        }

        @Override
        public void clipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
            host.fire(() -> events.clipboardGrabbed(selection, types));
        }

        @Override
        public void clipboardRequested(ClipboardSelection selection, ClipboardType type) {
            host.fire(() -> events.clipboardRequested(selection, type));
        }

        @Override
        public void clipboardReleased(ClipboardSelection selection) {
            host.fire(() -> events.clipboardReleased(selection));
        }

        @Override
        public void clipboardData(ClipboardSelection selection, ClipboardType type, byte[] data) {
            host.fire(() -> events.clipboardData(selection, type, data));
        }

        @Override
        public void fileTransferProgress(FileTransferTask task, long transferredBytes) {
            host.fire(() -> events.fileTransferProgress(task, transferredBytes));
        }
    }
}
