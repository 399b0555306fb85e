package dev.saffron.spice.internal.link;

import dev.saffron.spice.internal.wire.Capabilities;

/** Capability numbers shared by every channel type ({@code SPICE_COMMON_CAP_*}). */
public final class CommonCaps {
    /** The peer understands the auth-mechanism word after the link reply. */
    public static final int PROTOCOL_AUTH_SELECTION = 0;
    /** RSA ticket authentication. */
    public static final int AUTH_SPICE = 1;
    /** SASL authentication. */
    public static final int AUTH_SASL = 2;
    /** 6-byte data headers without serials. */
    public static final int MINI_HEADER = 3;

    /** What this client offers on every link: ticket and SASL auth through mechanism selection, mini headers. */
    public static final Capabilities CLIENT = Capabilities.of(PROTOCOL_AUTH_SELECTION, AUTH_SPICE, AUTH_SASL,
            MINI_HEADER);

    private CommonCaps() {
    }
}
