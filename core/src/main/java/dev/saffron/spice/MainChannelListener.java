package dev.saffron.spice;

import java.util.List;
import java.util.Set;

/** Hears main-channel state changes and the guest agent; same threading rules as {@link ChannelListener}. */
public interface MainChannelListener extends ChannelListener {
    /** The supported or current mouse mode changed. */
    default void mouseModeChanged(MainChannel channel, Set<MouseMode> supported, MouseMode current) {
    }

    /**
     * The guest agent connected or disconnected, announced its capabilities, or its token count changed
     * (spice-gtk's {@code main-agent-update}).
     */
    default void agentStateChanged(MainChannel channel, boolean connected, long tokens) {
    }

    /** The server listed its channels; the session opens those this client implements. */
    default void channelsListed(MainChannel channel) {
    }

    /**
     * The guest took ownership of a selection and offers these types (spice-gtk's
     * {@code main-clipboard-selection-grab}). Types Saffron does not know are left out.
     */
    default void clipboardGrabbed(MainChannel channel, ClipboardSelection selection, List<ClipboardType> types) {
    }

    /**
     * The guest wants the client's selection in this type (spice-gtk's {@code main-clipboard-selection-request});
     * answer with {@link MainChannel#clipboardNotify}.
     */
    default void clipboardRequested(MainChannel channel, ClipboardSelection selection, ClipboardType type) {
    }

    /**
     * The guest gave up a selection it owned (spice-gtk's {@code main-clipboard-selection-release}). An agent
     * without {@link AgentCapability#CLIPBOARD_NO_RELEASE_ON_REGRAB} releases before each new grab, so a
     * grab may follow at once; spice-gtk's widget waits a moment before dropping its offer for such agents.
     */
    default void clipboardReleased(MainChannel channel, ClipboardSelection selection) {
    }

    /**
     * The guest's selection contents, answering {@link MainChannel#clipboardRequest} (spice-gtk's
     * {@code main-clipboard-selection}). Empty when the agent had nothing to give (its answer of type NONE,
     * as spice-vdagent sends when the guest program refuses or the selection changed): then {@code type} is
     * that of the oldest request of the selection not answered yet.
     *
     * @param data the bytes, which the listener owns
     */
    default void clipboardData(MainChannel channel, ClipboardSelection selection, ClipboardType type, byte[] data) {
    }

    /** {@link MainChannel#copyFiles} started a transfer (spice-gtk's {@code new-file-transfer}). */
    default void fileTransferStarted(MainChannel channel, FileTransferTask task) {
    }

    /**
     * A file transfer sent another piece (spice-gtk's progress callback).
     *
     * @param transferredBytes the bytes sent when the piece left; {@link FileTransferTask#transferredBytes()}
     *                         may be further along by the time the listener runs
     */
    default void fileTransferProgress(MainChannel channel, FileTransferTask task, long transferredBytes) {
    }
}
