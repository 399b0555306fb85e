package dev.saffron.spice;

/**
 * Why a SPICE operation failed. The first group matches spice-gtk's {@code SpiceClientError} codes, the
 * second the link results a server sends ({@code SpiceLinkErr}), the last Saffron's own transport and
 * protocol failures.
 */
public enum SpiceError {
    /** Generic failure (spice-gtk {@code SPICE_CLIENT_ERROR_FAILED}). */
    FAILED,
    /** The USB device was rejected by a filter or the guest. */
    USB_DEVICE_REJECTED,
    /** The USB device went away while redirected. */
    USB_DEVICE_LOST,
    /** The server wants a password and none was given. */
    AUTH_NEEDS_PASSWORD,
    /** The server wants a username and none was given. */
    AUTH_NEEDS_USERNAME,
    /** The server wants both a username and a password. */
    AUTH_NEEDS_PASSWORD_AND_USERNAME,
    /** The USB redirection helper service failed. */
    USB_SERVICE,

    /** Link result 1: unspecified server-side error. */
    LINK_ERROR,
    /** Link result 2: the peer did not speak SPICE. */
    LINK_INVALID_MAGIC,
    /** Link result 3: the server rejected the link data. */
    LINK_INVALID_DATA,
    /** Link result 4: incompatible protocol major version. */
    LINK_VERSION_MISMATCH,
    /** Link result 5: this channel must use TLS. */
    LINK_NEED_SECURED,
    /** Link result 6: this channel must not use TLS. */
    LINK_NEED_UNSECURED,
    /** Link result 7: wrong or expired password. */
    LINK_PERMISSION_DENIED,
    /** Link result 8: the connection id names no live session. */
    LINK_BAD_CONNECTION_ID,
    /** Link result 9: the server does not offer this channel. */
    LINK_CHANNEL_NOT_AVAILABLE,

    /** The server could not be reached (refused, unreachable, unknown host). */
    CONNECT_FAILED,
    /** An operation did not finish within its time limit. */
    TIMEOUT,
    /** The TLS handshake or certificate verification failed. */
    TLS_FAILED,
    /** The HTTP proxy wants credentials (status 407, or 401 from some): none were given, or it rejected them. */
    PROXY_AUTH_FAILED,
    /**
     * The HTTP proxy would not open the tunnel: it forbids the target (403), could not reach it (500, 502, 504),
     * or answered with another non-success status; the message names the status.
     */
    PROXY_REFUSED,
    /** The peer sent bytes that break the protocol (bad length, truncated message, garbage). */
    PROTOCOL,
    /** The connection broke while reading or writing. */
    IO,
    /**
     * The password is a single-use ticket ({@link SessionConfig#singleUseTicket()}) that the session already
     * spent, and no {@link ReconnectHook} gives a fresh one, so the session does not reconnect with it.
     */
    TICKET_SPENT,
    /** A migration to another server failed after the source had let go of the session. */
    MIGRATION_FAILED;

    /**
     * Maps a {@code SpiceLinkErr} value from the wire to its error.
     *
     * @param linkResult the non-zero u32 link result
     * @return the matching code, or {@link #LINK_ERROR} for values this client does not know
     */
    public static SpiceError fromLinkResult(long linkResult) {
        return switch ((int) linkResult) {
            case 2 -> LINK_INVALID_MAGIC;
            case 3 -> LINK_INVALID_DATA;
            case 4 -> LINK_VERSION_MISMATCH;
            case 5 -> LINK_NEED_SECURED;
            case 6 -> LINK_NEED_UNSECURED;
            case 7 -> LINK_PERMISSION_DENIED;
            case 8 -> LINK_BAD_CONNECTION_ID;
            case 9 -> LINK_CHANNEL_NOT_AVAILABLE;
            default -> LINK_ERROR;
        };
    }

    /** @return true for the codes that mean the credentials were missing or wrong */
    public boolean isAuthError() {
        return this == AUTH_NEEDS_PASSWORD || this == AUTH_NEEDS_USERNAME
                || this == AUTH_NEEDS_PASSWORD_AND_USERNAME || this == LINK_PERMISSION_DENIED;
    }
}
