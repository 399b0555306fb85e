package dev.saffron.spice;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.spi.PassedDescriptor;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeDescriptors;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GL_SCANOUT_UNIX and GL_DRAW from a hostile server, with descriptors of every kind (none, memfds of any size,
 * pipes, unmappable buffers): every message is handled or refused with {@link SpiceException}, every GL_DRAW
 * handled is answered by exactly one GL_DRAW_DONE, and when the channel ends every descriptor and mapping was
 * closed exactly once.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GlScanoutFuzzTest {
    private static final ImageLimits LIMITS = new ImageLimits(256, 256, 1 << 14);
    private static final SessionConfig CONFIG = SessionConfig.builder().glScanout(true)
            .cacheSize(1 << 20).glzWindowSize(1 << 20).build();

    /**
     * @param input steps, each an operation byte then its data: 0 a scanout (a descriptor-kind byte, a u16 buffer
     *              size, 20 body bytes), 1 a draw (16 body bytes), 2 a message of either type with a body of
     *              arbitrary length (a u8 length, then the bytes)
     */
    @FuzzTest
    void handleGlMessages(byte[] input) throws IOException {
        FakeDescriptors fds = new FakeDescriptors();
        ByteBuffer steps = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        try (ChannelHarness channel = new ChannelHarness(CONFIG)) {
            channel.receiveDescriptors();
            DisplayChannel display = new DisplayChannel(channel, 0, LIMITS);
            channel.link(display.engine(), 0);
            channel.readMessageType();
            try {
                while (steps.remaining() >= 2) {
                    int operation = Byte.toUnsignedInt(steps.get()) % 3;
                    if (operation == 0 && steps.remaining() >= 23) {
                        int kind = Byte.toUnsignedInt(steps.get()) % 4;
                        int size = Short.toUnsignedInt(steps.getShort());
                        if (kind > 0) {
                            PassedDescriptor descriptor = fds.create(Arena.ofAuto().allocate(Math.max(1, size))
                                    .asSlice(0, size), FakeDescriptors.Kind.values()[kind - 1]);
                            channel.passDescriptor(descriptor);
                        }
                        byte[] body = take(steps, 20);
                        boolean off = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getInt(12) == 0;
                        Bytes message = new Bytes().u16(DisplayProtocol.MSG_GL_SCANOUT_UNIX).u32(20).raw(body);
                        // The marker follows only a scanout that is not "off", as the server sends it.
                        channel.raw(off ? message.bytes() : message.raw(new byte[]{'@'}).bytes());
                    } else if (operation == 1 && steps.remaining() >= 16) {
                        long before = display.glDrawsAnswered();
                        channel.send(DisplayProtocol.MSG_GL_DRAW, take(steps, 16));
                        assertEquals(before + 1, display.glDrawsAnswered());
                        assertEquals(DisplayProtocol.MSGC_GL_DRAW_DONE, channel.readMessageType());
                    } else {
                        int type = (steps.get() & 1) == 0 ? DisplayProtocol.MSG_GL_SCANOUT_UNIX : DisplayProtocol.MSG_GL_DRAW;
                        int length = steps.hasRemaining() ? Math.min(Byte.toUnsignedInt(steps.get()), steps.remaining()) : 0;
                        channel.send(type, take(steps, length));
                    }
                }
            } catch (SpiceException | EOFException e) {
                // A malformed message, or a scanout whose marker never came: the channel ends here, as its read
                // loop would end it (a real socket would wait for the marker, or take the next message's byte).
            }
        }
        assertEquals(0, fds.stillOpen(), "every descriptor and mapping is closed when the channel ends");
        assertEquals(0, fds.extraCloses(), "and closed once");
    }

    private static byte[] take(ByteBuffer steps, int length) {
        byte[] bytes = new byte[Math.min(length, steps.remaining())];
        steps.get(bytes);
        return bytes;
    }
}
