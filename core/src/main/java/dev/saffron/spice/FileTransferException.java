package dev.saffron.spice;

import java.io.Serial;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Why a {@link FileTransferTask} failed: the guest agent's status (spice-protocol's
 * {@code VD_AGENT_FILE_XFER_STATUS_*}) or a local reason.
 */
public final class FileTransferException extends SpiceException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Reason {
        /** This client cancelled the transfer. */
        CANCELLED,
        /** The guest agent cancelled the transfer. */
        AGENT_CANCELLED,
        /** The guest agent failed to write the file; see {@link #ioErrorCode()} for details. */
        AGENT_ERROR,
        /** The guest cannot store the file under its name. */
        INVALID_FILE_NAME,
        /** The guest's disk has too little free space; see {@link #freeSpace()}. */
        NOT_ENOUGH_SPACE,
        /** The guest user's session is locked. */
        SESSION_LOCKED,
        /** The guest's session agent is not running, only its system daemon. */
        SESSION_AGENT_NOT_CONNECTED,
        /** File transfer is disabled in the guest. */
        DISABLED,
        /** The agent went away, or the channel closed, before the transfer ended. */
        AGENT_DISCONNECTED,
        /** The agent answered with a status this client does not know. */
        UNKNOWN_STATUS,
        /** The local file could not be read. */
        LOCAL_IO
    }

    private final Reason reason;
    private final long ioErrorCode;
    private final long freeSpace;

    /**
     * @param reason  what went wrong
     * @param message a one-line explanation for people
     */
    public FileTransferException(Reason reason, String message) {
        this(reason, message, -1, -1, null);
    }

    /**
     * @param reason      what went wrong
     * @param message     a one-line explanation for people
     * @param ioErrorCode the guest's GLib I/O error code, or -1 if not reported
     * @param freeSpace   the guest's free disk space in bytes, or -1 if not reported
     * @param cause       the underlying failure, or null
     */
    public FileTransferException(Reason reason, String message, long ioErrorCode, long freeSpace, Throwable cause) {
        super(SpiceError.FAILED, message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.ioErrorCode = ioErrorCode;
        this.freeSpace = freeSpace;
    }

    /** @return what went wrong */
    public Reason reason() {
        return reason;
    }

    /** @return the guest's GLib I/O error code ({@code G_IO_ERROR_*}), if the agent reported one */
    public OptionalLong ioErrorCode() {
        return ioErrorCode < 0 ? OptionalLong.empty() : OptionalLong.of(ioErrorCode);
    }

    /** @return the guest's free disk space in bytes, if the agent reported it */
    public OptionalLong freeSpace() {
        return freeSpace < 0 ? OptionalLong.empty() : OptionalLong.of(freeSpace);
    }
}
