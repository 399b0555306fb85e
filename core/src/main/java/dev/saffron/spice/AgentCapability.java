package dev.saffron.spice;

/**
 * What a guest agent says it can do (spice-protocol's {@code VD_AGENT_CAP_*}); see
 * {@link MainChannel#agentHasCapability}.
 */
public enum AgentCapability {
    /** The agent accepts mouse state from the server (agent mouse). */
    MOUSE_STATE(0),
    /** The agent applies monitor configurations. */
    MONITORS_CONFIG(1),
    /** The agent answers configuration messages with REPLY. */
    REPLY(2),
    /** The obsolete clipboard without grab and request. */
    CLIPBOARD(3),
    /** The agent applies display effects settings. */
    DISPLAY_CONFIG(4),
    /** The clipboard works by grab, request and data: needed for any clipboard sharing. */
    CLIPBOARD_BY_DEMAND(5),
    /** Clipboard messages name a selection: PRIMARY and SECONDARY are shared too. */
    CLIPBOARD_SELECTION(6),
    /** Monitor configurations may leave disabled monitors in place as empty entries. */
    SPARSE_MONITORS_CONFIG(7),
    /** The guest's text uses LF line ends. */
    GUEST_LINEEND_LF(8),
    /** The guest's text uses CRLF line ends. */
    GUEST_LINEEND_CRLF(9),
    /** The agent honours a clipboard size limit. */
    MAX_CLIPBOARD(10),
    /** The agent takes audio volume settings. */
    AUDIO_VOLUME_SYNC(11),
    /** The agent uses monitor positions. */
    MONITORS_CONFIG_POSITION(12),
    /** File transfer is disabled in the guest. */
    FILE_XFER_DISABLED(13),
    /** File transfer errors carry details. */
    FILE_XFER_DETAILED_ERRORS(14),
    /** The agent accepts graphics device information. */
    GRAPHICS_DEVICE_INFO(15),
    /** A side that owns the clipboard and grabs it again does not release it first. */
    CLIPBOARD_NO_RELEASE_ON_REGRAB(16),
    /** Clipboard grabs carry serials, so that crossing grabs resolve the same way on both sides. */
    CLIPBOARD_GRAB_SERIAL(17);

    private final int bit;

    AgentCapability(int bit) {
        this.bit = bit;
    }

    /** @return the capability's bit number on the wire */
    public int bit() {
        return bit;
    }
}
