package dev.saffron.spice;

/**
 * Which parts of the server's TLS certificate a session checks (spice-gtk's {@code SpiceSessionVerify}
 * flags, the {@code verify} property). A session holds a set of them; see {@link SessionConfig#verify()}.
 */
public enum VerifyMode {
    /** The certificate's public key must equal {@link SessionConfig#pubkey()}. */
    PUBKEY,
    /** The certificate must name the host connected to. spice-gtk's default. */
    HOSTNAME,
    /** The certificate's subject must equal {@link SessionConfig#certSubject()}. */
    SUBJECT
}
