package dev.saffron.spice.internal.sasl;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.transport.Transport;

import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A SASL security layer over another transport. Cyrus SASL, which SPICE servers use, frames each protected
 * packet with a 4-byte big-endian length (RFC 2831 §2.3 and RFC 4422 §3.7); the JDK's {@link SaslClient}
 * wraps and unwraps the packet alone, so this class adds and strips the frame.
 */
final class SaslLayerTransport implements Transport {
    private final Transport inner;
    private final SaslClient client;
    private final int maxIncomingPacket;
    private final int maxOutgoingChunk;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private ByteBuffer decoded = ByteBuffer.allocate(0);

    SaslLayerTransport(Transport inner, SaslClient client, int maxIncomingPacket) {
        this.inner = inner;
        this.client = client;
        this.maxIncomingPacket = maxIncomingPacket;
        this.maxOutgoingChunk = rawSendSize(client);
    }

    /** @return the most plain bytes one packet may carry, as negotiated with the server */
    private static int rawSendSize(SaslClient client) {
        Object value = client.getNegotiatedProperty(Sasl.RAW_SEND_SIZE);
        try {
            int size = value == null ? 0 : Integer.parseInt(value.toString());
            return size > 0 ? size : 4096;
        } catch (NumberFormatException e) {
            return 4096;
        }
    }

    @Override
    public void readFully(ByteBuffer destination) throws IOException {
        synchronized (readLock) {
            while (destination.hasRemaining()) {
                if (!decoded.hasRemaining()) {
                    decoded = ByteBuffer.wrap(readPacket());
                }
                int count = Math.min(decoded.remaining(), destination.remaining());
                destination.put(decoded.slice(decoded.position(), count));
                decoded.position(decoded.position() + count);
            }
        }
    }

    private byte[] readPacket() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
        inner.readFully(header);
        long length = Integer.toUnsignedLong(header.getInt(0));
        if (length == 0 || length > maxIncomingPacket) {
            throw new SpiceException(SpiceError.PROTOCOL, "SASL security-layer packet of " + length
                    + " bytes (at most " + maxIncomingPacket + " allowed)");
        }
        ByteBuffer packet = ByteBuffer.allocate((int) length);
        inner.readFully(packet);
        byte[] plain;
        try {
            plain = client.unwrap(packet.array(), 0, packet.capacity());
        } catch (SaslException e) {
            throw new SpiceException(SpiceError.PROTOCOL, "a SASL security-layer packet failed its check: "
                    + e.getMessage(), e);
        }
        if (plain.length == 0) {
            // The JDK's DIGEST-MD5 drops a packet whose MAC or sequence number is wrong and returns nothing;
            // a server never sends an empty packet, so this is tampering or a lost packet, not data.
            throw new SpiceException(SpiceError.PROTOCOL, "a SASL security-layer packet failed its integrity check");
        }
        return plain;
    }

    @Override
    public void writeFully(ByteBuffer source) throws IOException {
        synchronized (writeLock) {
            while (source.hasRemaining()) {
                byte[] chunk = new byte[Math.min(maxOutgoingChunk, source.remaining())];
                source.get(chunk);
                byte[] wrapped = client.wrap(chunk, 0, chunk.length);
                ByteBuffer packet = ByteBuffer.allocate(4 + wrapped.length).order(ByteOrder.BIG_ENDIAN);
                inner.writeFully(packet.putInt(wrapped.length).put(wrapped).flip());
            }
        }
    }

    @Override
    public String peer() {
        return inner.peer();
    }

    @Override
    public boolean isSecure() {
        return inner.isSecure();
    }

    @Override
    public void close() {
        inner.close();
        try {
            client.dispose();
        } catch (SaslException ignored) {
            // The layer's keys are dropped with the client either way.
        }
    }
}
