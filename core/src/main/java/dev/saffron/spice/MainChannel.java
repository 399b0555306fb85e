package dev.saffron.spice;

import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The session's control channel: session id and multimedia time, the server's channel list, mouse modes, and
 * the guest agent's presence. There is exactly one per session, with id 0.
 */
public final class MainChannel extends SpiceChannel {
    static final int MSG_INIT = 103;
    static final int MSG_CHANNELS_LIST = 104;
    static final int MSG_MOUSE_MODE = 105;
    static final int MSG_MULTI_MEDIA_TIME = 106;
    static final int MSG_AGENT_CONNECTED = 107;
    static final int MSG_AGENT_DISCONNECTED = 108;
    static final int MSG_AGENT_DATA = 109;
    static final int MSG_AGENT_TOKEN = 110;
    static final int MSG_NAME = 113;
    static final int MSG_UUID = 114;
    static final int MSG_AGENT_CONNECTED_TOKENS = 115;

    static final int MSGC_ATTACH_CHANNELS = 104;
    static final int MSGC_MOUSE_MODE_REQUEST = 105;

    /** Capability: the server may send NAME and UUID. */
    static final int CAP_NAME_AND_UUID = 1;
    /** Capability: AGENT_CONNECTED_TOKENS replaces AGENT_CONNECTED. */
    static final int CAP_AGENT_CONNECTED_TOKENS = 2;

    /** spice-server announces a few dozen channels at most; a longer list is not a server we can trust. */
    static final int MAX_CHANNELS = 1024;
    static final int MAX_NAME_BYTES = 4096;

    private static final System.Logger LOG = System.getLogger(MainChannel.class.getName());

    private final CompletableFuture<List<AnnouncedChannel>> channelsList = new CompletableFuture<>();
    private volatile Set<MouseMode> supportedMouseModes = Set.of();
    private volatile MouseMode mouseMode = MouseMode.SERVER;
    private volatile boolean agentConnected;
    private volatile long agentTokens;

    MainChannel(SpiceSession session) {
        super(session, ChannelType.MAIN, 0);
    }

    @Override
    Capabilities clientCapabilities() {
        return Capabilities.of(CAP_NAME_AND_UUID, CAP_AGENT_CONNECTED_TOKENS);
    }

    @Override
    void channelUp() {
        // Ready only once INIT names the session: other channels need its id to link.
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
        return agentConnected;
    }

    /** @return how many agent messages the client may still send before the server grants more */
    public long agentTokens() {
        return agentTokens;
    }

    /** @return the channels the server announced, once CHANNELS_LIST arrived; empty before */
    public List<AnnouncedChannel> serverChannels() {
        return channelsList.getNow(List.of());
    }

    /** Completes with the server's channel list when it arrives. */
    CompletableFuture<List<AnnouncedChannel>> channelsListFuture() {
        return channelsList;
    }

    /**
     * Asks the server to switch mouse mode. The change, if the server agrees, arrives as
     * {@link MainChannelListener#mouseModeChanged}.
     *
     * @return completes when the request was sent
     */
    public CompletableFuture<Void> requestMouseMode(MouseMode mode) {
        return send(MSGC_MOUSE_MODE_REQUEST, new MessageBuilder(2).u16(mode.flag()).build());
    }

    @Override
    void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_INIT -> handleInit(new WireReader(body, "main INIT"));
            case MSG_CHANNELS_LIST -> handleChannelsList(new WireReader(body, "main CHANNELS_LIST"));
            case MSG_MOUSE_MODE -> {
                WireReader reader = new WireReader(body, "main MOUSE_MODE");
                setMouseModes(reader.u16(), reader.u16());
            }
            case MSG_MULTI_MEDIA_TIME -> session.setMmTime(new WireReader(body, "main MULTI_MEDIA_TIME").u32());
            case MSG_AGENT_CONNECTED -> setAgent(true, agentTokens);
            case MSG_AGENT_CONNECTED_TOKENS ->
                    setAgent(true, new WireReader(body, "main AGENT_CONNECTED_TOKENS").u32());
            case MSG_AGENT_DISCONNECTED -> {
                long reason = new WireReader(body, "main AGENT_DISCONNECTED").u32();
                LOG.log(System.Logger.Level.DEBUG, "agent disconnected (reason {0})", reason);
                setAgent(false, 0);
            }
            case MSG_AGENT_TOKEN -> setAgent(agentConnected,
                    agentTokens + new WireReader(body, "main AGENT_TOKEN").u32());
            case MSG_AGENT_DATA ->
                    LOG.log(System.Logger.Level.DEBUG, "ignoring {0} bytes of agent data", body.byteSize());
            case MSG_NAME -> {
                WireReader reader = new WireReader(body, "main NAME");
                session.setName(reader.string(reader.count32(1, MAX_NAME_BYTES)));
            }
            case MSG_UUID -> {
                WireReader reader = new WireReader(body, "main UUID");
                session.setUuid(new UUID(Long.reverseBytes(reader.u64()), Long.reverseBytes(reader.u64())));
            }
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
        session.initialize(sessionId, mmTime, ramHint);
        setMouseModes(supportedModes, currentMode);
        setAgent(agent, tokens);
        send(MSGC_ATTACH_CHANNELS, ByteBuffer.allocate(0));
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
        session.openAnnouncedChannels(announced);
        channelsList.complete(announced);
        session.fire(() -> forEachMainListener(listener -> listener.channelsListed(this)));
    }

    private void setMouseModes(int supportedFlags, int currentFlag) {
        Set<MouseMode> supported = Set.copyOf(MouseMode.fromFlags(supportedFlags));
        MouseMode current = currentFlag == MouseMode.CLIENT.flag() ? MouseMode.CLIENT : MouseMode.SERVER;
        if (supported.equals(supportedMouseModes) && current == mouseMode) {
            return;
        }
        supportedMouseModes = supported;
        mouseMode = current;
        session.fire(() -> forEachMainListener(listener -> listener.mouseModeChanged(this, supported, current)));
    }

    private void setAgent(boolean connected, long tokens) {
        agentConnected = connected;
        agentTokens = tokens;
        session.fire(() -> forEachMainListener(listener -> listener.agentStateChanged(this, connected, tokens)));
    }

    private void forEachMainListener(Consumer<MainChannelListener> action) {
        for (ChannelListener listener : listeners()) {
            if (listener instanceof MainChannelListener main) {
                action.accept(main);
            }
        }
    }
}
