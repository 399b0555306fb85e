package dev.saffron.spice.internal.sasl;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.ScriptedTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security layer's framing, against the JDK's own DIGEST-MD5 server standing in for Cyrus: each
 * packet carries a 4-byte big-endian length, and a bad length or a tampered packet is a protocol error.
 */
class SaslLayerTransportTest {
    private SaslClient client;
    private SaslServer server;

    @BeforeEach
    void negotiate() throws Exception {
        Map<String, String> properties = SaslAuthenticator.properties(false);
        server = Sasl.createSaslServer("DIGEST-MD5", SaslAuthenticator.SERVICE, "localhost", properties,
                callbacks -> {
                    for (Callback callback : callbacks) {
                        switch (callback) {
                            case RealmCallback realm -> realm.setText("test");
                            case NameCallback name -> name.setName("alice");
                            case PasswordCallback password -> password.setPassword("pw".toCharArray());
                            case AuthorizeCallback authorize -> authorize.setAuthorized(true);
                            default -> throw new IllegalStateException("unexpected " + callback);
                        }
                    }
                });
        client = Sasl.createSaslClient(new String[] {"DIGEST-MD5"}, null, SaslAuthenticator.SERVICE, "localhost",
                properties, callbacks -> {
                    for (Callback callback : callbacks) {
                        switch (callback) {
                            case RealmCallback realm -> realm.setText(realm.getDefaultText());
                            case NameCallback name -> name.setName("alice");
                            case PasswordCallback password -> password.setPassword("pw".toCharArray());
                            default -> throw new IllegalStateException("unexpected " + callback);
                        }
                    }
                });
        byte[] rspauth = server.evaluateResponse(client.evaluateChallenge(server.evaluateResponse(new byte[0])));
        client.evaluateChallenge(rspauth);
        assertTrue(client.isComplete() && server.isComplete());
        assertEquals(SaslAuthenticator.QOP_CONFIDENTIAL, client.getNegotiatedProperty(Sasl.QOP));
    }

    private byte[] framed(byte[] plain) throws Exception {
        byte[] token = server.wrap(plain, 0, plain.length);
        return new Bytes().raw(ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(token.length).array())
                .raw(token).bytes();
    }

    @Test
    void readsUnwrapFramedPacketsAcrossPacketBoundaries() throws Exception {
        byte[] first = "link result and ".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "the first message".getBytes(StandardCharsets.US_ASCII);
        byte[] script = new Bytes().raw(framed(first)).raw(framed(second)).bytes();
        SaslLayerTransport layer = new SaslLayerTransport(new ScriptedTransport(script), client, 65536);
        ByteBuffer head = ByteBuffer.allocate(4);
        layer.readFully(head);
        ByteBuffer rest = ByteBuffer.allocate(first.length + second.length - 4);
        layer.readFully(rest);
        assertEquals("link result and the first message", new String(head.array(), StandardCharsets.US_ASCII)
                + new String(rest.array(), StandardCharsets.US_ASCII));
    }

    @Test
    void writesCarryABigEndianLengthBeforeEachWrappedPacket() throws Exception {
        ScriptedTransport wire = new ScriptedTransport(new byte[0]);
        SaslLayerTransport layer = new SaslLayerTransport(wire, client, 65536);
        byte[] message = "a SPICE message".getBytes(StandardCharsets.US_ASCII);
        layer.writeFully(ByteBuffer.wrap(message));
        ByteBuffer written = ByteBuffer.wrap(wire.written()).order(ByteOrder.BIG_ENDIAN);
        int length = written.getInt();
        assertEquals(written.remaining(), length);
        byte[] token = Arrays.copyOfRange(wire.written(), 4, 4 + length);
        assertArrayEquals(message, server.unwrap(token, 0, token.length));
    }

    @Test
    void aPacketLengthOverTheLimitIsRefusedBeforeReading() {
        byte[] script = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(70000).array();
        SaslLayerTransport layer = new SaslLayerTransport(new ScriptedTransport(script), client, 65536);
        SpiceException e = assertThrows(SpiceException.class, () -> layer.readFully(ByteBuffer.allocate(1)));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }

    @Test
    void aTamperedPacketFailsItsCheck() throws Exception {
        byte[] script = framed("integrity".getBytes(StandardCharsets.US_ASCII));
        script[script.length - 12] ^= 1;
        SaslLayerTransport layer = new SaslLayerTransport(new ScriptedTransport(script), client, 65536);
        SpiceException e = assertThrows(SpiceException.class, () -> layer.readFully(ByteBuffer.allocate(1)));
        assertEquals(SpiceError.PROTOCOL, e.error());
    }
}
