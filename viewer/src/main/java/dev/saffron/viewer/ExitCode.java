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
    /** The server could not be reached: refused, unreachable, unknown host, or no answer in time. */
    UNREACHABLE(3),
    /** The password is missing or wrong. */
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
            case CONNECT_FAILED, TIMEOUT -> UNREACHABLE;
            default -> FAILED;
        };
    }
}
