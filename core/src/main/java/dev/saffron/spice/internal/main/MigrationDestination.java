package dev.saffron.spice.internal.main;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.wire.WireReader;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the source server sends the client in a migration: the body of main MIGRATE_BEGIN,
 * MIGRATE_BEGIN_SEAMLESS and MIGRATE_SWITCH_HOST (protocol reference §3.1, §10). The fixed part is
 * {@code u16 port, u16 sport, u32 host_size, u32 host_offset, u32 subject_size, u32 subject_offset}, each string
 * at its body offset, NUL-terminated with the NUL counted; MIGRATE_BEGIN_SEAMLESS adds {@code u32 src_version}.
 *
 * @param host           the destination host, never empty
 * @param port           the plain-text port; empty when the server sent 0 (none)
 * @param tlsPort        the TLS port; empty when the server sent 0 (none)
 * @param certSubject    the subject the destination's certificate must carry; empty when none was sent
 * @param seamless       whether this is MIGRATE_BEGIN_SEAMLESS
 * @param sourceVersion  the source's migration protocol version (seamless only, else 0)
 */
public record MigrationDestination(String host, OptionalInt port, OptionalInt tlsPort, Optional<String> certSubject,
                                   boolean seamless, long sourceVersion) {
    /** Host names are at most 253 characters; room for an IPv6 literal with a zone and the NUL, and then some. */
    static final int MAX_HOST_BYTES = 1024;
    /** A certificate subject is a short distinguished name; far longer is not a server to trust. */
    static final int MAX_SUBJECT_BYTES = 4096;
    static final int FIXED_SIZE = 20;

    /**
     * @param body     the message body
     * @param seamless whether the body is MIGRATE_BEGIN_SEAMLESS's (with the source version after the fixed part)
     * @param what     the message's name, for the error text
     * @throws SpiceException with {@link SpiceError#PROTOCOL} for a short body, an offset or size outside it, a
     *                        string past its limit or an empty host
     */
    public static MigrationDestination parse(MemorySegment body, boolean seamless, String what)
            throws SpiceException {
        WireReader reader = new WireReader(body, what);
        int port = reader.u16();
        int tlsPort = reader.u16();
        long hostSize = reader.u32();
        long hostOffset = reader.u32();
        long subjectSize = reader.u32();
        long subjectOffset = reader.u32();
        long sourceVersion = seamless ? reader.u32() : 0;
        if (hostSize == 0 || hostSize > MAX_HOST_BYTES) {
            throw reader.malformed("host size " + hostSize + " is outside 1.." + MAX_HOST_BYTES);
        }
        if (subjectSize > MAX_SUBJECT_BYTES) {
            throw reader.malformed("certificate subject size " + subjectSize + " is over " + MAX_SUBJECT_BYTES);
        }
        String host = reader.at(hostOffset).string((int) hostSize);
        if (host.isEmpty()) {
            throw reader.malformed("the host is empty");
        }
        Optional<String> subject = Optional.empty();
        if (subjectSize > 0 && subjectOffset != 0) {
            String text = reader.at(subjectOffset).string((int) subjectSize);
            if (!text.isEmpty()) {
                subject = Optional.of(text);
            }
        }
        return new MigrationDestination(host, port == 0 ? OptionalInt.empty() : OptionalInt.of(port),
                tlsPort == 0 ? OptionalInt.empty() : OptionalInt.of(tlsPort), subject, seamless, sourceVersion);
    }

    @Override
    public String toString() {
        return host + (port.isPresent() ? " port " + port.getAsInt() : "")
                + (tlsPort.isPresent() ? " tls-port " + tlsPort.getAsInt() : "")
                + certSubject.map(value -> " subject " + value).orElse("")
                + (seamless ? " (seamless, source version " + sourceVersion + ")" : "");
    }
}
