package dev.saffron.spice;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.display.DisplayEngine;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Display channel messages from a hostile server, handled as the channel's read loop hands them over: every
 * message is either handled (an image that fails to decode only skips its draw) or refused with
 * {@link SpiceException}, which ends the channel. Seeds are written by {@code codec.FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DisplayChannelFuzzTest {
    /** The message types the display channel handles, picked by a byte of the input modulo their count. */
    static final int[] TYPES = {
        DisplayProtocol.MSG_MODE, DisplayProtocol.MSG_MARK, DisplayProtocol.MSG_RESET, DisplayProtocol.MSG_COPY_BITS,
        DisplayProtocol.MSG_INVAL_LIST, DisplayProtocol.MSG_INVAL_ALL_PIXMAPS, DisplayProtocol.MSG_INVAL_PALETTE,
        DisplayProtocol.MSG_INVAL_ALL_PALETTES, DisplayProtocol.MSG_DRAW_FILL, DisplayProtocol.MSG_DRAW_COPY,
        DisplayProtocol.MSG_SURFACE_CREATE, DisplayProtocol.MSG_SURFACE_DESTROY, DisplayProtocol.MSG_MONITORS_CONFIG,
    };

    private static final ImageLimits LIMITS = new ImageLimits(256, 256, 1 << 14);
    private static final SessionConfig CONFIG = SessionConfig.builder().host("127.0.0.1").port(5900)
            .cacheSize(1 << 20).glzWindowSize(1 << 20).build();
    /**
     * @param input messages, each a type byte (an index into {@link #TYPES}), a little-endian u16 body length
     *              and the body
     */
    @FuzzTest
    void handleMessages(byte[] input) throws IOException {
        SpiceSession session = new SpiceSession(CONFIG, Runnable::run);
        DisplayEngine channel = new DisplayChannel(session.host(), 0, LIMITS).engine();
        channel.channelUp();
        ByteBuffer messages = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (messages.remaining() >= 3) {
                int type = TYPES[Byte.toUnsignedInt(messages.get()) % TYPES.length];
                int length = Math.min(Short.toUnsignedInt(messages.getShort()), messages.remaining());
                MemorySegment body = MemorySegment.ofArray(input).asSlice(messages.position(), length);
                messages.position(messages.position() + length);
                channel.dispatch(type, body);
            }
        } catch (SpiceException e) {
            // A malformed message: the channel ends here, as its read loop would end it.
        } finally {
            channel.channelEnded();
        }
    }
}
