package dev.saffron.usbredir.internal;

import java.io.IOException;

/** The usbredir stream broke in a way that loses its framing (a packet too long to take): the stream must end. */
public final class UsbRedirProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public UsbRedirProtocolException(String message) {
        super(message);
    }
}
