package dev.saffron.spice;

import dev.saffron.spice.internal.channel.MainChannelHost;
import dev.saffron.spice.internal.main.MainEngine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session's control channel: session id and multimedia time, the server's channel list, mouse modes, and
 * the guest agent (spice-vdagent): clipboard sharing, file copy, monitor layout and display settings, as
 * spice-gtk's {@code SpiceMainChannel} offers them. There is exactly one per session, with id 0.
 *
 * <p>Agent messages travel as AGENT_DATA messages of at most 2048 bytes, each paid for with a token the
 * server grants; messages wait in a bounded queue while there are none. Clipboard contents are never logged.
 * Requests return futures that complete when the message was handed to the socket, or fail at once with a
 * {@link SpiceException} when the agent cannot take them (not connected, or lacking the capability).
 */
public final class MainChannel extends SpiceChannel {
    private final List<MainChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final MainEngine engine;

    MainChannel(MainChannelHost host) {
        super(host.session());
        engine = new MainEngine(host, new Events());
    }

    @Override
    MainEngine engine() {
        return engine;
    }

    @Override
    List<MainChannelListener> listeners() {
        return listeners;
    }

    /** Adds a listener for this channel's events. */
    public void addListener(MainChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(MainChannelListener listener) {
        listeners.remove(listener);
    }

    /** @return the mouse modes the server supports */
    public Set<MouseMode> supportedMouseModes() {
        return engine.supportedMouseModes();
    }

    /** @return the current mouse mode */
    public MouseMode mouseMode() {
        return engine.mouseMode();
    }

    /** @return whether a guest agent (spice-vdagent) is connected */
    public boolean isAgentConnected() {
        return engine.isAgentConnected();
    }

    /** @return how many AGENT_DATA messages the client may still send before the server grants more */
    public long agentTokens() {
        return engine.agentTokens();
    }

    /**
     * spice-gtk's {@code agent_test_capability}. The capabilities arrive shortly after the agent connects, with
     * {@link MainChannelListener#agentStateChanged}.
     *
     * @return whether the connected agent announced {@code capability}
     */
    public boolean agentHasCapability(AgentCapability capability) {
        return engine.agentHasCapability(capability);
    }

    /** @return the channels the server announced, once CHANNELS_LIST arrived; empty before */
    public List<AnnouncedChannel> serverChannels() {
        return engine.serverChannels();
    }

    /**
     * Asks the server to switch mouse mode. The change, if the server agrees, arrives as
     * {@link MainChannelListener#mouseModeChanged}.
     *
     * @return completes when the request was sent
     */
    public CompletableFuture<Void> requestMouseMode(MouseMode mode) {
        return engine.requestMouseMode(mode);
    }

    /**
     * Tells the guest that the client owns a selection and offers these types (spice-gtk's
     * {@code clipboard_selection_grab}). The guest may then ask for data with
     * {@link MainChannelListener#clipboardRequested}. Grabbing again while owning the selection needs no
     * release first. Needs {@link AgentCapability#CLIPBOARD_BY_DEMAND}, and
     * {@link AgentCapability#CLIPBOARD_SELECTION} for any selection but {@link ClipboardSelection#CLIPBOARD}.
     */
    public CompletableFuture<Void> clipboardGrab(ClipboardSelection selection, List<ClipboardType> types) {
        return engine.clipboardGrab(selection, types);
    }

    /** Tells the guest the client no longer owns the selection (spice-gtk's {@code clipboard_selection_release}). */
    public CompletableFuture<Void> clipboardRelease(ClipboardSelection selection) {
        return engine.clipboardRelease(selection);
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
        return engine.syncAudioVolume(playback, mute, volumes);
    }

    /**
     * Asks the guest for the selection it grabbed, in one of the types it offered (spice-gtk's
     * {@code clipboard_selection_request}); the data arrives as {@link MainChannelListener#clipboardData}.
     */
    public CompletableFuture<Void> clipboardRequest(ClipboardSelection selection, ClipboardType type) {
        return engine.clipboardRequest(selection, type);
    }

    /**
     * Answers a {@link MainChannelListener#clipboardRequested} with the data (spice-gtk's
     * {@code clipboard_selection_notify}). Data of {@link #maxClipboard()} bytes or more is refused.
     *
     * @param data copied before this returns
     */
    public CompletableFuture<Void> clipboardNotify(ClipboardSelection selection, ClipboardType type, byte[] data) {
        return engine.clipboardNotify(selection, type, data);
    }

    /**
     * @return spice-gtk's {@code max-clipboard}: the largest clipboard transfer in bytes, either way, or -1 for
     *         no limit; 100 MiB by default. Larger clipboard data from the guest is dropped unread; without a
     *         limit Saffron still drops single agent messages over 256 MiB.
     */
    public int maxClipboard() {
        return engine.maxClipboard();
    }

    /** Sets {@link #maxClipboard()} and tells an agent that announced {@link AgentCapability#MAX_CLIPBOARD}. */
    public void setMaxClipboard(int max) {
        engine.setMaxClipboard(max);
    }

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
        return engine.copyFiles(files);
    }

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
        engine.updateDisplay(id, x, y, width, height, enabled);
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
        return engine.sendMonitorConfig();
    }

    /** Passes the engine's events to the listeners. */
    private final class Events implements MainEngine.Events {
        @Override
        public void mouseModeChanged(Set<MouseMode> supported, MouseMode current) {
            listeners.forEach(listener -> listener.mouseModeChanged(MainChannel.this, supported, current));
        }

        @Override
        public void agentStateChanged(boolean connected, long tokens) {
            listeners.forEach(listener -> listener.agentStateChanged(MainChannel.this, connected, tokens));
        }

        @Override
        public void channelsListed() {
            listeners.forEach(listener -> listener.channelsListed(MainChannel.this));
        }

        @Override
        public void clipboardGrabbed(ClipboardSelection selection, List<ClipboardType> types) {
            listeners.forEach(listener -> listener.clipboardGrabbed(MainChannel.this, selection, types));
        }

        @Override
        public void clipboardRequested(ClipboardSelection selection, ClipboardType type) {
            listeners.forEach(listener -> listener.clipboardRequested(MainChannel.this, selection, type));
        }

        @Override
        public void clipboardReleased(ClipboardSelection selection) {
            listeners.forEach(listener -> listener.clipboardReleased(MainChannel.this, selection));
        }

        @Override
        public void clipboardData(ClipboardSelection selection, ClipboardType type, byte[] data) {
            // Each listener owns its bytes.
            listeners.forEach(listener -> listener.clipboardData(MainChannel.this, selection, type, data.clone()));
        }

        @Override
        public void fileTransferStarted(FileTransferTask task) {
            listeners.forEach(listener -> listener.fileTransferStarted(MainChannel.this, task));
        }

        @Override
        public void fileTransferProgress(FileTransferTask task, long transferredBytes) {
            listeners.forEach(listener -> listener.fileTransferProgress(MainChannel.this, task, transferredBytes));
        }
    }
}
