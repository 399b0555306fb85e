package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.channel.BaseMessages;
import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.internal.protocol.PortProtocol;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Session behaviours that QEMU without a guest never exercises (clock jumps, cross-channel waits), driven by a
 * scripted server. The main channel's agent state is {@link MainChannelAgentTest}'s.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionProtocolTest {
    private static byte[] init(long mmTime) {
        return new Bytes().u32(7).u32(1).u32(1).u32(1).u32(0).u32(0).u32(mmTime).u32(0).bytes();
    }

    private static SpiceSession session(FakeSpiceServer server) {
        return new SpiceSession(SessionConfig.builder().host("127.0.0.1").port(server.port())
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void multimediaTimeJumpsAreReportedAndSmallStepsAreNot() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            channel.send(MainProtocol.MSG_INIT, init(100_000));
            channel.readMessageType();
            channel.send(MainProtocol.MSG_MULTI_MEDIA_TIME, new Bytes().u32(100_100).bytes());
            channel.send(MainProtocol.MSG_MULTI_MEDIA_TIME, new Bytes().u32(50_000).bytes());
            channel.send(MainProtocol.MSG_MULTI_MEDIA_TIME, new Bytes().u32(900_000).bytes());
            channel.holdUntilClientCloses();
        }); SpiceSession session = session(server)) {
            BlockingQueue<Long> resets = new LinkedBlockingQueue<>();
            session.addListener(new SessionListener() {
                @Override
                public void mmTimeReset() {
                    resets.add(session.mmTime());
                }
            });
            session.connect();
            Long backwards = resets.poll(10, TimeUnit.SECONDS);
            Long forwards = resets.poll(10, TimeUnit.SECONDS);
            // 100 ms ahead is within spice-gtk's 500 ms threshold; going back, or a big leap, is a reset.
            assertEquals(2, (backwards == null ? 0 : 1) + (forwards == null ? 0 : 1));
            assertNull(resets.poll(300, TimeUnit.MILLISECONDS));
            long now = session.mmTime();
            assertEquals(900_000, now, 5_000, "the clock follows the last server time");
        }
    }

    @Test
    void waitForChannelsHoldsAChannelUntilAnotherCatchesUp() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                channel.send(MainProtocol.MSG_INIT, init(1000));
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST,
                        new Bytes().u32(1).u8(ChannelType.PORT.wireValue()).u8(0).bytes());
                // Hold main until the port has processed its third message (INIT, then two data messages).
                channel.send(BaseMessages.WAIT_FOR_CHANNELS,
                        new Bytes().u8(1).u8(ChannelType.PORT.wireValue()).u8(0).u64(3).bytes());
                channel.send(MainProtocol.MSG_MOUSE_MODE, new Bytes().u16(3).u16(2).bytes());
            } else {
                channel.send(PortProtocol.MSG_PORT_INIT,
                        new Bytes().u32(2).u32(9).u8(1).raw("p\0".getBytes(StandardCharsets.US_ASCII)).bytes());
                Thread.sleep(500);
                channel.send(PortProtocol.MSG_DATA, new byte[]{1});
                channel.send(PortProtocol.MSG_DATA, new byte[]{2});
            }
            channel.holdUntilClientCloses();
        }); SpiceSession session = session(server)) {
            BlockingQueue<String> order = new LinkedBlockingQueue<>();
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    if (channel instanceof MainChannel typed) {
                        typed.addListener(new MainChannelListener() {
                            @Override
                            public void mouseModeChanged(MainChannel main, Set<MouseMode> supported,
                                    MouseMode current) {
                                order.add("mouse-" + current);
                            }
                        });
                    }
                    if (channel instanceof PortChannel typed) {
                        typed.addListener(new PortChannelListener() {
                            @Override
                            public void portData(PortChannel port, ByteBuffer data) {
                                order.add("data-" + data.get(0));
                            }
                        });
                    }
                }
            });
            session.connect();
            assertEquals("mouse-SERVER", order.poll(10, TimeUnit.SECONDS), "from INIT");
            assertEquals("data-1", order.poll(10, TimeUnit.SECONDS));
            assertEquals("data-2", order.poll(10, TimeUnit.SECONDS));
            assertEquals("mouse-CLIENT", order.poll(10, TimeUnit.SECONDS), "only after the port caught up");
        }
    }
}
