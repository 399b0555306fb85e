package dev.saffron.spice;

/**
 * Which parts of the server's TLS certificate a session checks (spice-gtk's {@code SpiceSessionVerify}
 * flags, the {@code verify} property). A session holds a set of them; see {@link SessionConfig#verify()}.
 *
 * <p>They combine as in spice-gtk: a matching {@link #PUBKEY} accepts the certificate outright; otherwise
 * its chain must lead to a trusted CA and be within its dates, and then {@link #SUBJECT} is checked if set,
 * else {@link #HOSTNAME}. With {@link #PUBKEY} alone, another key fails. A failure ends the channel with
 * {@link ChannelEvent#ERROR_TLS} and {@link SpiceError#TLS_FAILED}, before any SPICE data is sent.
 */
public enum VerifyMode {
    /** The certificate's public key must equal {@link SessionConfig#pubkey()}. */
    PUBKEY,
    /**
     * The certificate must name the host connected to: a subjectAltName DNS name or IP address, or, if it has
     * none of either, a common name; {@code *} matches within one label. spice-gtk's default.
     */
    HOSTNAME,
    /** The certificate's subject must equal {@link SessionConfig#certSubject()}. */
    SUBJECT
}
