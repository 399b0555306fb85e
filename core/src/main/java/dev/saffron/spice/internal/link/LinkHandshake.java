package dev.saffron.spice.internal.link;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.sasl.SaslAuthenticator;
import dev.saffron.spice.internal.transport.Transport;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The per-connection link stage: link message, link reply, auth mechanism, ticket or SASL exchange, link
 * result (protocol reference §1). SASL wins when the server offers it, as in spice-gtk. Runs on the
 * channel's own thread before any data message flows.
 */
public final class LinkHandshake {
    /** {@code "REDQ"} read as a little-endian u32. */
    public static final int MAGIC = 0x51444552;
    /**
     * The protocol major version whose messages Saffron speaks, and the one a link offers by default; a
     * server with another major cannot talk to us.
     */
    public static final int MAJOR_VERSION = 2;
    /** Protocol minor version sent to the server. */
    public static final int MINOR_VERSION = 2;

    static final int HEADER_SIZE = 16;
    /** A data message's header when both sides take mini headers: type (u16) and size (u32). */
    public static final int MINI_HEADER_SIZE = 6;
    static final int LINK_MESS_SIZE = 18;
    static final int PUBLIC_KEY_SIZE = 162;
    static final int REPLY_FIXED_SIZE = 4 + PUBLIC_KEY_SIZE + 12;
    static final int MAX_REPLY_SIZE = REPLY_FIXED_SIZE + 2 * 4 * Capabilities.MAX_WORDS;
    static final int AUTH_MECHANISM_SPICE = CommonCaps.AUTH_SPICE;
    static final int AUTH_MECHANISM_SASL = CommonCaps.AUTH_SASL;

    private LinkHandshake() {
    }

    /**
     * Links one channel.
     *
     * @param majorVersion the protocol major version to offer (spice-gtk's {@code protocol}); the server must
     *                     answer with the same
     * @param connectionId 0 for a new main channel, else the session id from the main channel's INIT
     * @param serverName   the server's host name as configured, for SASL mechanisms that bind to it
     * @throws SpiceException with a link, auth or protocol code when the server refuses or misbehaves
     * @throws IOException    when the connection breaks
     */
    public static LinkResult perform(Transport transport, int majorVersion, long connectionId, ChannelType type,
                                     int channelId, Capabilities channelCaps, String serverName,
                                     Credentials credentials) throws IOException {
        return perform(transport, majorVersion, connectionId, type, channelId, channelCaps, serverName, credentials,
                null);
    }

    /**
     * Links one channel, sending {@code early} right behind the ticket when the link takes a ticket and mini
     * headers: the server reads the ticket alone, and the message waits in the connection for the channel.
     * A SASL link, or one with full headers (whose serials the connection numbers), sends it afterwards as
     * usual ({@link LinkResult#earlyMessageSent()} says which).
     *
     * @param early the channel's first data message, or null
     * @see #perform(Transport, int, long, ChannelType, int, Capabilities, String, Credentials)
     */
    public static LinkResult perform(Transport transport, int majorVersion, long connectionId, ChannelType type,
                                     int channelId, Capabilities channelCaps, String serverName,
                                     Credentials credentials, EarlyMessage early) throws IOException {
        transport.writeFully(encodeLinkMessage(majorVersion, connectionId, type, channelId, CommonCaps.CLIENT,
                channelCaps));

        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        transport.readFully(header);
        int replySize = checkReplyHeader(header.flip(), majorVersion);
        ByteBuffer reply = ByteBuffer.allocate(replySize).order(ByteOrder.LITTLE_ENDIAN);
        transport.readFully(reply);
        Reply parsed = parseReply(MemorySegment.ofBuffer(reply.flip()));

        Transport linked = transport;
        String password = credentials.password().orElse("");
        boolean mini = parsed.commonCaps.has(CommonCaps.MINI_HEADER) && CommonCaps.CLIENT.has(CommonCaps.MINI_HEADER);
        boolean earlySent = false;
        if (parsed.commonCaps.has(CommonCaps.PROTOCOL_AUTH_SELECTION)
                && parsed.commonCaps.has(CommonCaps.AUTH_SASL)) {
            transport.writeFully(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(AUTH_MECHANISM_SASL).flip());
            linked = SaslAuthenticator.authenticate(transport, serverName, credentials);
        } else {
            sendTicket(transport, parsed, password);
            if (early != null && mini) {
                byte[] body = early.body();
                transport.writeFully(ByteBuffer.allocate(MINI_HEADER_SIZE + body.length).order(ByteOrder.LITTLE_ENDIAN)
                        .putShort((short) early.type()).putInt(body.length).put(body).flip());
                earlySent = true;
            }
        }

        ByteBuffer result = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        linked.readFully(result);
        checkLinkResult(Integer.toUnsignedLong(result.getInt(0)), !password.isEmpty());

        return new LinkResult(parsed.commonCaps, parsed.channelCaps, mini, linked, earlySent);
    }

    private static void sendTicket(Transport transport, Reply parsed, String password) throws IOException {
        ByteBuffer auth = ByteBuffer.allocate(4 + 256).order(ByteOrder.LITTLE_ENDIAN);
        if (parsed.commonCaps.has(CommonCaps.PROTOCOL_AUTH_SELECTION)) {
            if (!parsed.commonCaps.has(CommonCaps.AUTH_SPICE)) {
                throw new SpiceException(SpiceError.FAILED,
                        "the server offers neither ticket nor SASL authentication");
            }
            auth.putInt(AUTH_MECHANISM_SPICE);
        }
        byte[] ticket = TicketCipher.encrypt(parsed.publicKey, password);
        if (ticket.length > 256) {
            throw new SpiceException(SpiceError.PROTOCOL, "server RSA key is larger than SPICE allows");
        }
        auth.put(ticket);
        transport.writeFully(auth.flip());
    }

    /** @return the link header and SpiceLinkMess with capabilities, ready to write */
    static ByteBuffer encodeLinkMessage(int majorVersion, long connectionId, ChannelType type, int channelId,
                                        Capabilities commonCaps, Capabilities channelCaps) {
        int[] common = commonCaps.words();
        int[] channel = channelCaps.words();
        int bodySize = LINK_MESS_SIZE + 4 * (common.length + channel.length);
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + bodySize).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(majorVersion).putInt(MINOR_VERSION).putInt(bodySize);
        out.putInt((int) connectionId).put((byte) type.wireValue()).put((byte) channelId);
        out.putInt(common.length).putInt(channel.length).putInt(LINK_MESS_SIZE);
        for (int word : common) {
            out.putInt(word);
        }
        for (int word : channel) {
            out.putInt(word);
        }
        return out.flip();
    }

    /** Checks the reply's link header against the version offered and returns the size of the reply that follows. */
    static int checkReplyHeader(ByteBuffer header, int majorVersion) throws SpiceException {
        int magic = header.getInt(0);
        if (magic != MAGIC) {
            throw new SpiceException(SpiceError.LINK_INVALID_MAGIC,
                    String.format("the peer is not a SPICE server (link magic 0x%08x)", magic));
        }
        long major = Integer.toUnsignedLong(header.getInt(4));
        if (major != majorVersion) {
            throw new SpiceException(SpiceError.LINK_VERSION_MISMATCH, "the server speaks SPICE protocol " + major
                    + ", but this connection offered protocol " + majorVersion
                    + (majorVersion == MAJOR_VERSION ? "" : " (the protocol setting); Saffron speaks only "
                    + MAJOR_VERSION));
        }
        long size = Integer.toUnsignedLong(header.getInt(12));
        if (size < 4 || size > MAX_REPLY_SIZE) {
            throw new SpiceException(SpiceError.PROTOCOL, "link reply size " + size + " is out of range");
        }
        return (int) size;
    }

    private record Reply(byte[] publicKey, Capabilities commonCaps, Capabilities channelCaps) {
    }

    private static Reply parseReply(MemorySegment body) throws SpiceException {
        WireReader reader = new WireReader(body, "link reply");
        long error = reader.u32();
        if (error != 0) {
            SpiceError code = SpiceError.fromLinkResult(error);
            throw new SpiceException(code, "the server refused the link: " + code);
        }
        if (body.byteSize() < REPLY_FIXED_SIZE) {
            throw reader.malformed("only " + body.byteSize() + " bytes, at least " + REPLY_FIXED_SIZE + " expected");
        }
        byte[] publicKey = reader.bytes(PUBLIC_KEY_SIZE);
        long commonCount = reader.u32();
        long channelCount = reader.u32();
        long capsOffset = reader.u32();
        if (commonCount > Capabilities.MAX_WORDS || channelCount > Capabilities.MAX_WORDS) {
            throw reader.malformed("too many capability words");
        }
        WireReader caps = reader.at(capsOffset);
        if (caps.remaining() < 4 * (commonCount + channelCount)) {
            throw reader.malformed("capabilities run past the end of the reply");
        }
        return new Reply(publicKey, readWords(caps, (int) commonCount), readWords(caps, (int) channelCount));
    }

    private static Capabilities readWords(WireReader reader, int count) throws SpiceException {
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = reader.i32();
        }
        return Capabilities.fromWords(words);
    }

    private static void checkLinkResult(long result, boolean passwordGiven) throws SpiceException {
        if (result == 0) {
            return;
        }
        SpiceError code = SpiceError.fromLinkResult(result);
        if (code == SpiceError.LINK_PERMISSION_DENIED) {
            throw new SpiceException(SpiceError.AUTH_NEEDS_PASSWORD, passwordGiven
                    ? "Authentication failed: wrong password?"
                    : "Authentication failed: the server requires a password");
        }
        throw new SpiceException(code, "the server refused the channel: " + code);
    }
}
