package dev.saffron.spice.internal.agent;

import dev.saffron.spice.FileTransferException;
import dev.saffron.spice.FileTransferException.Reason;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.wire.WireReader;

/** Turns a failed FILE_XFER_STATUS into the exception a {@link FileTransfer} fails with. */
final class AgentStatusError {
    private AgentStatusError() {
    }

    /**
     * @param result     the status, not CAN_SEND_DATA or SUCCESS
     * @param detail     the status's detail bytes (empty unless the agent has FILE_XFER_DETAILED_ERRORS)
     * @param totalBytes the file's size, for the not-enough-space text
     */
    static FileTransferException describe(int result, WireReader detail, long totalBytes) {
        return switch (result) {
            case VdAgent.XFER_CANCELLED -> new FileTransferException(Reason.AGENT_CANCELLED,
                    "the guest agent cancelled the file transfer");
            case VdAgent.XFER_ERROR -> agentError(detail);
            case VdAgent.XFER_NOT_ENOUGH_SPACE -> notEnoughSpace(detail, totalBytes);
            case VdAgent.XFER_SESSION_LOCKED -> new FileTransferException(Reason.SESSION_LOCKED,
                    "the guest user's session is locked; unlock it and try again");
            case VdAgent.XFER_VDAGENT_NOT_CONNECTED -> new FileTransferException(Reason.SESSION_AGENT_NOT_CONNECTED,
                    "the guest's session agent is not connected");
            case VdAgent.XFER_DISABLED -> new FileTransferException(Reason.DISABLED,
                    "file transfer is disabled in the guest");
            default -> new FileTransferException(Reason.UNKNOWN_STATUS,
                    "the guest agent answered with unknown file transfer status " + Integer.toUnsignedString(result));
        };
    }

    private static FileTransferException agentError(WireReader detail) {
        if (detail.remaining() >= 5) {
            try {
                int errorType = detail.u8();
                long code = detail.u32();
                if (errorType == VdAgent.XFER_ERROR_GLIB_IO) {
                    Reason reason = code == VdAgent.G_IO_ERROR_INVALID_FILENAME ? Reason.INVALID_FILE_NAME
                            : Reason.AGENT_ERROR;
                    String text = reason == Reason.INVALID_FILE_NAME ? "the guest cannot use the file's name"
                            : "the guest agent failed to write the file (GIO error " + code + ")";
                    return new FileTransferException(reason, text, code, -1, null);
                }
            } catch (SpiceException e) {
                throw new IllegalStateException("five bytes were checked to remain", e);
            }
        }
        return new FileTransferException(Reason.AGENT_ERROR,
                "the guest agent reported an error during the file transfer");
    }

    private static FileTransferException notEnoughSpace(WireReader detail, long totalBytes) {
        if (detail.remaining() >= 8) {
            try {
                long free = detail.u64();
                return new FileTransferException(Reason.NOT_ENOUGH_SPACE, "the guest has too little free space ("
                        + Long.toUnsignedString(free) + " bytes free, " + totalBytes + " to transfer)",
                        -1, free < 0 ? Long.MAX_VALUE : free, null);
            } catch (SpiceException e) {
                throw new IllegalStateException("eight bytes were checked to remain", e);
            }
        }
        return new FileTransferException(Reason.NOT_ENOUGH_SPACE, "the guest has too little free space for the file");
    }
}
