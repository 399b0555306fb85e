package dev.saffron.viewer;

import dev.saffron.spice.SpiceError;

/** Process exit codes, stable so that scripts and kiosk launchers can act on them. */
enum ExitCode {
    /** Everything worked. */
    OK(0),
    /** The session failed for another reason (protocol error, TLS failure, lost connection, missing port). */
    FAILED(1),
    /** The command line or the URI is wrong. */
    USAGE(2),
    /**
     * The server could not be reached: refused, unreachable, unknown host, no answer in time, or the HTTP
     * proxy would not open the tunnel.
     */
    UNREACHABLE(3),
    /** The password, SASL username or proxy credentials are missing or wrong. */
    AUTH(4),
    /** The viewer window cannot open: no display server, or no OpenGL 3.3. */
    NO_WINDOW(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static ExitCode of(SpiceError error) {
        if (error.isAuthError()) {
            return AUTH;
        }
        return switch (error) {
            case PROXY_AUTH_FAILED -> AUTH;
            case CONNECT_FAILED, TIMEOUT, PROXY_REFUSED -> UNREACHABLE;
            default -> FAILED;
        };
    }
}
