package dev.saffron.spice;

import dev.saffron.spice.internal.codec.Lz4Block;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static dev.saffron.spice.internal.protocol.SpicevmcProtocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usbredir channel's spicevmc framing, with the server played by the harness: plain and LZ4-compressed data
 * both ways, compression only where the server announced it. The usbredir protocol above is tested in
 * {@code saffron-usbredir}, and against QEMU in its ITs.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UsbRedirChannelTest {
    private static final class Received implements UsbRedirChannelListener {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void usbRedirData(UsbRedirChannel channel, ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            bytes.writeBytes(copy);
        }
    }

    private static UsbRedirChannel channel(ChannelHarness harness, int serverCaps) {
        UsbRedirChannel channel = new UsbRedirChannel(harness, 0);
        harness.link(channel.engine(), serverCaps);
        return channel;
    }

    private static byte[] sample(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 64 < 40 ? 0 : i);
        }
        return bytes;
    }

    private static byte[] readPlain(FakeSpiceServer.Message message) throws IOException {
        if (message.type() == MSGC_DATA) {
            return message.body();
        }
        assertEquals(MSGC_COMPRESSED_DATA, message.type());
        ByteBuffer body = message.view();
        assertEquals(COMPRESSION_LZ4, body.get());
        int size = body.getInt();
        try {
            return Lz4Block.decompress(message.body(), COMPRESSED_HEADER_BYTES,
                    message.body().length - COMPRESSED_HEADER_BYTES, size);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Test
    void theClientOffersLz4AndDeliversPlainAndCompressedDataInOrder() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            UsbRedirChannel channel = channel(harness, 0);
            assertTrue(channel.engine().clientCapabilities().has(CAP_DATA_COMPRESS_LZ4));
            Received received = new Received();
            channel.addListener(received);

            byte[] first = {1, 2, 3};
            byte[] second = sample(5000);
            byte[] block = Lz4Block.compress(second, 0, second.length);
            harness.send(MSG_DATA, first);
            harness.send(MSG_COMPRESSED_DATA, ByteBuffer.allocate(COMPRESSED_HEADER_BYTES + block.length)
                    .order(ByteOrder.LITTLE_ENDIAN).put((byte) COMPRESSION_LZ4).putInt(second.length).put(block)
                    .array());
            harness.send(MSG_COMPRESSED_DATA, new byte[]{COMPRESSION_NONE, 9});

            byte[] expected = new byte[first.length + second.length + 1];
            System.arraycopy(first, 0, expected, 0, first.length);
            System.arraycopy(second, 0, expected, first.length, second.length);
            expected[expected.length - 1] = 9;
            assertArrayEquals(expected, received.bytes.toByteArray());
            assertEquals(expected.length, channel.bytesReceived());
        }
    }

    @Test
    void writesAreCompressedOnlyWhenTheServerTakesLz4AndTheyAreLarge() throws Exception {
        byte[] large = sample(3000);
        try (ChannelHarness harness = new ChannelHarness()) {
            UsbRedirChannel channel = channel(harness, 0);
            channel.write(ByteBuffer.wrap(large)).get(5, TimeUnit.SECONDS);
            FakeSpiceServer.Message message = harness.readMessage();
            assertEquals(MSGC_DATA, message.type(), "a server without the cap gets plain data");
            assertArrayEquals(large, message.body());
        }
        try (ChannelHarness harness = new ChannelHarness()) {
            UsbRedirChannel channel = channel(harness, 1 << CAP_DATA_COMPRESS_LZ4);
            channel.write(ByteBuffer.wrap(new byte[]{4, 5})).get(5, TimeUnit.SECONDS);
            assertEquals(MSGC_DATA, harness.readMessage().type(), "a small write is not worth compressing");
            channel.write(ByteBuffer.wrap(large)).get(5, TimeUnit.SECONDS);
            FakeSpiceServer.Message message = harness.readMessage();
            assertEquals(MSGC_COMPRESSED_DATA, message.type());
            assertTrue(message.body().length < large.length / 2);
            assertArrayEquals(large, readPlain(message));
        }
    }

    @Test
    void aLongWriteIsCutIntoChunksThatReassembleToTheSameBytes() throws Exception {
        byte[] large = new byte[150_000];
        new java.util.Random(9).nextBytes(large);
        try (ChannelHarness harness = new ChannelHarness()) {
            UsbRedirChannel channel = channel(harness, 1 << CAP_DATA_COMPRESS_LZ4);
            channel.write(ByteBuffer.wrap(large)).get(5, TimeUnit.SECONDS);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            while (sent.size() < large.length) {
                FakeSpiceServer.Message message = harness.readMessage();
                assertEquals(MSGC_DATA, message.type(), "random bytes do not compress, so they go plain");
                assertTrue(message.body().length <= 64 * 1024);
                sent.writeBytes(message.body());
            }
            assertArrayEquals(large, sent.toByteArray());
            assertEquals(large.length, channel.bytesSent());
        }
    }

    @Test
    void aBrokenCompressedMessageEndsTheChannelWithAProtocolError() {
        byte[] block = Lz4Block.compress(sample(2000), 0, 2000);
        for (byte[] body : new byte[][]{
                {COMPRESSION_LZ4, 0, 0, 0, 0},
                {7, 1, 2},
                ByteBuffer.allocate(5 + block.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                        .putInt(2001).put(block).array(),
                ByteBuffer.allocate(5 + 4).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                        .putInt(Integer.MAX_VALUE).putInt(0).array(),
                Arrays.copyOf(new byte[]{COMPRESSION_LZ4, (byte) 0xD0, 7, 0, 0, (byte) 0xF0}, 6)}) {
            try (ChannelHarness harness = new ChannelHarness()) {
                channel(harness, 0);
                SpiceException error = assertThrows(SpiceException.class,
                        () -> harness.send(MSG_COMPRESSED_DATA, body));
                assertEquals(SpiceError.PROTOCOL, error.error());
            }
        }
    }
}
