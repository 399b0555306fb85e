package dev.saffron.spice.internal.link;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.ScriptedTransport;
import dev.saffron.spice.internal.wire.Capabilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;

import static dev.saffron.spice.internal.link.Credentials.ticket;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkHandshakeTest {
    private static final String HOST = "localhost";
    private static KeyPair keys;

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        keys = generator.generateKeyPair();
    }

    /** A server reply as spice-server builds it: header, error, key, cap counts, offset 178, caps. */
    private static Bytes reply(int magic, int major, long error, Capabilities common, Capabilities channel) {
        byte[] key = keys.getPublic().getEncoded();
        assertEquals(162, key.length, "a 1024-bit SubjectPublicKeyInfo is 162 bytes");
        int[] c = common.words();
        int[] ch = channel.words();
        int size = 178 + 4 * (c.length + ch.length);
        Bytes bytes = new Bytes().u32(magic).u32(major).u32(2).u32(size)
                .u32(error).raw(key).u32(c.length).u32(ch.length).u32(178);
        Arrays.stream(c).forEach(bytes::u32);
        Arrays.stream(ch).forEach(bytes::u32);
        return bytes;
    }

    private static Bytes goodReply(Capabilities common) {
        return reply(LinkHandshake.MAGIC, 2, 0, common, Capabilities.of(1, 2));
    }

    private static final Capabilities SERVER_COMMON = Capabilities.of(
            CommonCaps.PROTOCOL_AUTH_SELECTION, CommonCaps.AUTH_SPICE, CommonCaps.MINI_HEADER);

    private static String decryptTicket(byte[] ticket) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate(), new OAEPParameterSpec(
                "SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        byte[] plain = cipher.doFinal(ticket);
        assertEquals(0, plain[plain.length - 1], "ticket ends with NUL");
        return new String(plain, 0, plain.length - 1, StandardCharsets.UTF_8);
    }

    @Test
    void linksWithTicketAndMiniHeader() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(goodReply(SERVER_COMMON).u32(0).bytes());
        LinkResult result = LinkHandshake.perform(transport, 2, 0x1234, ChannelType.DISPLAY, 3,
                Capabilities.of(0, 5), HOST, ticket("s3cret"));

        assertTrue(result.miniHeader());
        assertEquals(Capabilities.of(1, 2), result.serverChannelCaps());
        assertEquals(SERVER_COMMON, result.serverCommonCaps());
        assertEquals(0, transport.unread());

        ByteBuffer out = ByteBuffer.wrap(transport.written()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(LinkHandshake.MAGIC, out.getInt());
        assertEquals(2, out.getInt());
        assertEquals(2, out.getInt());
        assertEquals(18 + 4 + 4, out.getInt(), "link message size: fixed part plus one word of each caps");
        assertEquals(0x1234, out.getInt(), "connection id");
        assertEquals(ChannelType.DISPLAY.wireValue(), out.get());
        assertEquals(3, out.get());
        assertEquals(1, out.getInt(), "one common caps word");
        assertEquals(1, out.getInt(), "one channel caps word");
        assertEquals(18, out.getInt(), "caps offset");
        assertEquals(CommonCaps.CLIENT.words()[0], out.getInt());
        assertEquals(0b100001, out.getInt());
        assertEquals(CommonCaps.AUTH_SPICE, out.getInt(), "auth mechanism: SPICE ticket");
        byte[] ticket = new byte[out.remaining()];
        out.get(ticket);
        assertEquals(128, ticket.length, "RSA-1024 ticket");
        assertEquals("s3cret", decryptTicket(ticket));
    }

    @Test
    void sendsAnEmptyTicketWithoutPassword() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(goodReply(SERVER_COMMON).u32(0).bytes());
        LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket(""));
        byte[] out = transport.written();
        assertEquals("", decryptTicket(Arrays.copyOfRange(out, out.length - 128, out.length)));
    }

    @Test
    void fullHeaderWhenServerLacksMiniHeader() throws Exception {
        Capabilities common = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION, CommonCaps.AUTH_SPICE);
        ScriptedTransport transport = new ScriptedTransport(goodReply(common).u32(0).bytes());
        assertFalse(LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket(""))
                .miniHeader());
    }

    @Test
    void theChannelsFirstMessageFollowsTheTicketBeforeTheLinkResult() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(goodReply(SERVER_COMMON).u32(0).bytes());
        LinkResult result = LinkHandshake.perform(transport, 2, 7, ChannelType.DISPLAY, 0, Capabilities.none(), HOST,
                ticket("pw"), new EarlyMessage(101, new byte[]{1, 2, 3}));

        assertTrue(result.earlyMessageSent());
        byte[] out = transport.written();
        int ticketEnd = 16 + 18 + 4 + 4 + 128;
        assertEquals("pw", decryptTicket(Arrays.copyOfRange(out, ticketEnd - 128, ticketEnd)));
        ByteBuffer message = ByteBuffer.wrap(out, ticketEnd, out.length - ticketEnd).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(101, message.getShort(), "mini header: the type");
        assertEquals(3, message.getInt(), "mini header: the size");
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(message.get(), message.get(), message.get()));
        assertEquals(0, message.remaining(), "nothing else");
    }

    @Test
    void withFullHeadersTheFirstMessageWaitsForTheChannel() throws Exception {
        Capabilities common = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION, CommonCaps.AUTH_SPICE);
        ScriptedTransport transport = new ScriptedTransport(goodReply(common).u32(0).bytes());
        LinkResult result = LinkHandshake.perform(transport, 2, 7, ChannelType.DISPLAY, 0, Capabilities.none(), HOST,
                ticket(""), new EarlyMessage(101, new byte[]{1, 2, 3}));

        assertFalse(result.earlyMessageSent(), "the connection numbers full headers' serials");
        assertEquals(16 + 18 + 4 + 4 + 128, transport.written().length, "the ticket is the last thing written");
    }

    @Test
    void legacyServerGetsTicketWithoutMechanismWord() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(goodReply(Capabilities.none()).u32(0).bytes());
        LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("pw"));
        int linkMessage = 16 + 18 + 4;
        byte[] out = transport.written();
        assertEquals(linkMessage + 128, out.length, "only the ticket follows the link message");
        assertEquals("pw", decryptTicket(Arrays.copyOfRange(out, linkMessage, out.length)));
    }

    @Test
    void badMagicIsTyped() {
        ScriptedTransport transport = new ScriptedTransport(
                reply(0x50545448, 2, 0, SERVER_COMMON, Capabilities.none()).bytes());
        SpiceException e = assertThrows(SpiceException.class, () ->
                LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.LINK_INVALID_MAGIC, e.error());
    }

    @Test
    void otherMajorVersionIsTyped() {
        ScriptedTransport transport = new ScriptedTransport(
                reply(LinkHandshake.MAGIC, 1, 0, SERVER_COMMON, Capabilities.none()).bytes());
        SpiceException e = assertThrows(SpiceException.class, () ->
                LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.LINK_VERSION_MISMATCH, e.error());
    }

    @Test
    void theProtocolSettingIsTheMajorVersionOfferedAndExpectedBack() {
        ScriptedTransport transport = new ScriptedTransport(
                reply(LinkHandshake.MAGIC, 2, 0, SERVER_COMMON, Capabilities.none()).bytes());
        SpiceException e = assertThrows(SpiceException.class, () ->
                LinkHandshake.perform(transport, 1, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.LINK_VERSION_MISMATCH, e.error());
        assertTrue(e.getMessage().contains("offered protocol 1"), e.getMessage());
        ByteBuffer sent = ByteBuffer.wrap(transport.written()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(LinkHandshake.MAGIC, sent.getInt(0));
        assertEquals(1, sent.getInt(4), "major version in the link header");
    }

    @Test
    void everyLinkErrorInTheReplyMapsToItsCode() {
        SpiceError[] expected = {null, SpiceError.LINK_ERROR, SpiceError.LINK_INVALID_MAGIC,
                SpiceError.LINK_INVALID_DATA, SpiceError.LINK_VERSION_MISMATCH, SpiceError.LINK_NEED_SECURED,
                SpiceError.LINK_NEED_UNSECURED, SpiceError.LINK_PERMISSION_DENIED,
                SpiceError.LINK_BAD_CONNECTION_ID, SpiceError.LINK_CHANNEL_NOT_AVAILABLE};
        for (int code = 1; code < expected.length; code++) {
            byte[] errorOnly = new Bytes().u32(LinkHandshake.MAGIC).u32(2).u32(2).u32(4).u32(code).bytes();
            SpiceException e = assertThrows(SpiceException.class, () -> LinkHandshake.perform(
                    new ScriptedTransport(errorOnly), 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
            assertEquals(expected[code], e.error(), "link error " + code);
        }
    }

    @Test
    void rejectedTicketIsAnAuthErrorThatHidesThePassword() {
        ScriptedTransport transport = new ScriptedTransport(goodReply(SERVER_COMMON).u32(7).bytes());
        SpiceException e = assertThrows(SpiceException.class, () ->
                LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("hunter2")));
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error());
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void missingPasswordIsReportedAsNeeded() {
        ScriptedTransport transport = new ScriptedTransport(goodReply(SERVER_COMMON).u32(7).bytes());
        SpiceException e = assertThrows(SpiceException.class, () ->
                LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error());
        assertTrue(e.getMessage().contains("requires a password"), e.getMessage());
    }

    @Test
    void otherLinkResultsKeepTheirCode() {
        ScriptedTransport transport = new ScriptedTransport(goodReply(SERVER_COMMON).u32(8).bytes());
        SpiceException e = assertThrows(SpiceException.class, () ->
                LinkHandshake.perform(transport, 2, 77, ChannelType.PORT, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.LINK_BAD_CONNECTION_ID, e.error());
    }

    @Test
    void oversizedReplyIsRejectedBeforeReadingIt() {
        byte[] header = new Bytes().u32(LinkHandshake.MAGIC).u32(2).u32(2).u32(0x7FFF_FFFFL).bytes();
        SpiceException e = assertThrows(SpiceException.class, () -> LinkHandshake.perform(
                new ScriptedTransport(header), 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void capabilitiesPastTheEndAreRejected() {
        byte[] good = goodReply(SERVER_COMMON).bytes();
        ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).putInt(16 + 4 + 162, 600);
        SpiceException e = assertThrows(SpiceException.class, () -> LinkHandshake.perform(
                new ScriptedTransport(good), 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void shortReplyIsRejected() {
        byte[] shortReply = new Bytes().u32(LinkHandshake.MAGIC).u32(2).u32(2).u32(20)
                .u32(0).raw(new byte[16]).bytes();
        SpiceException e = assertThrows(SpiceException.class, () -> LinkHandshake.perform(
                new ScriptedTransport(shortReply), 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void truncatedReplyEndsWithEndOfStream() {
        byte[] good = goodReply(SERVER_COMMON).bytes();
        for (int cut : new int[]{0, 7, 16, 100, good.length - 1}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(EOFException.class, () -> LinkHandshake.perform(
                    new ScriptedTransport(truncated), 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")),
                    "cut at " + cut);
        }
    }

    @Test
    void saslServerGetsSaslChosenAndAMechanismItCannotUseIsRefusedClearly() {
        Capabilities sasl = Capabilities.of(CommonCaps.PROTOCOL_AUTH_SELECTION, CommonCaps.AUTH_SASL);
        byte[] mechanisms = ",PLAIN,".getBytes(StandardCharsets.US_ASCII);
        ScriptedTransport transport = new ScriptedTransport(
                goodReply(sasl).u32(mechanisms.length).raw(mechanisms).bytes());
        SpiceException e = assertThrows(SpiceException.class, () -> LinkHandshake.perform(
                transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket("")));
        assertEquals(SpiceError.FAILED, e.error());
        assertTrue(e.getMessage().contains("PLAIN") && e.getMessage().contains("without TLS"), e.getMessage());
        ByteBuffer written = ByteBuffer.wrap(transport.written()).order(ByteOrder.LITTLE_ENDIAN);
        int linkMessage = LinkHandshake.encodeLinkMessage(2, 0, ChannelType.MAIN, 0, CommonCaps.CLIENT,
                Capabilities.none()).remaining();
        assertEquals(linkMessage + 4, written.remaining(), "the mechanism word and nothing else");
        assertEquals(CommonCaps.AUTH_SASL, written.getInt(linkMessage));
    }

    @Test
    void passwordOverSixtyBytesIsRefusedWithoutSendingIt() {
        ScriptedTransport transport = new ScriptedTransport(goodReply(SERVER_COMMON).u32(0).bytes());
        String tooLong = "x".repeat(61);
        SpiceException e = assertThrows(SpiceException.class, () ->
                LinkHandshake.perform(transport, 2, 0, ChannelType.MAIN, 0, Capabilities.none(), HOST, ticket(tooLong)));
        assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error());
        assertFalse(e.getMessage().contains(tooLong));
        assertArrayEquals(LinkHandshake.encodeLinkMessage(2, 0, ChannelType.MAIN, 0, CommonCaps.CLIENT,
                Capabilities.none()).array(), transport.written(), "nothing after the link message");
    }
}
