package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.PortProtocol;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeSpiceServer;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webdav channel's port messages and DATA framing, against a fake server with hand-made bytes. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WebdavChannelTest {
    private static final String NAME = "org.spice-space.webdav.0";

    private static byte[] init(boolean opened) {
        byte[] name = (NAME + "\0").getBytes(StandardCharsets.US_ASCII);
        return new Bytes().u32(name.length).u32(9).u8(opened ? 1 : 0).raw(name).bytes();
    }

    private static byte[] frame(long id, byte[] data) {
        return ByteBuffer.allocate(10 + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(id)
                .putShort((short) data.length).put(data).array();
    }

    /** Answers "pong" to whatever single request line comes, then returns, which closes the connection. */
    private static void pong(InputStream in, java.io.OutputStream out) throws java.io.IOException {
        while (in.read() != '\n') {
            // the request line
        }
        out.write("pong".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aGuestConnectionIsServedAndClosedInFramesOfItsOwnId() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            WebdavChannel channel = new WebdavChannel(harness, 0, WebdavChannelTest::pong);
            harness.link(channel.engine(), 0);
            harness.send(PortProtocol.MSG_PORT_INIT, init(false));
            assertFalse(channel.isPortOpened());
            harness.send(PortProtocol.MSG_PORT_EVENT, new byte[]{(byte) PortChannel.EVENT_OPENED});
            assertTrue(channel.isPortOpened());
            byte[] request = frame(0x7f00_1234_5678L, "ping\n".getBytes(StandardCharsets.US_ASCII));
            // The frame split across two DATA messages, inside its header.
            harness.send(PortProtocol.MSG_DATA, java.util.Arrays.copyOfRange(request, 0, 5));
            harness.send(PortProtocol.MSG_DATA, java.util.Arrays.copyOfRange(request, 5, request.length));
            FakeSpiceServer.Message data = harness.readMessage();
            assertEquals(PortProtocol.MSGC_DATA, data.type());
            ByteBuffer answer = data.view();
            assertEquals(0x7f00_1234_5678L, answer.getLong());
            assertEquals(4, answer.getShort());
            byte[] text = new byte[4];
            answer.get(text);
            assertEquals("pong", new String(text, StandardCharsets.US_ASCII));
            FakeSpiceServer.Message close = harness.readMessage();
            assertEquals(PortProtocol.MSGC_DATA, close.type());
            assertEquals(10, close.body().length, "a close is a header with size 0");
            assertEquals(0x7f00_1234_5678L, close.view().getLong(0));
            assertEquals(1, channel.connectionsOpened());
            harness.send(PortProtocol.MSG_PORT_EVENT, new byte[]{(byte) PortChannel.EVENT_CLOSED});
            assertFalse(channel.isPortOpened());
            assertEquals(0, channel.activeConnections());
        }
    }
}
