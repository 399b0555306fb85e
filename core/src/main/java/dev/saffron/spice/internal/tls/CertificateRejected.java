package dev.saffron.spice.internal.tls;

import java.security.cert.CertificateException;

/**
 * Thrown from the trust manager when the server's certificate fails the session's checks; JSSE aborts the
 * handshake with it as the cause, and the transport turns its message into the session's error.
 */
final class CertificateRejected extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** @param reason why, in words for people: what was expected and what the certificate has */
    CertificateRejected(String reason) {
        super(reason);
    }

    /** @param reason why, in words for people; {@code cause} holds the validator's own account */
    CertificateRejected(String reason, Throwable cause) {
        super(reason, cause);
    }
}
