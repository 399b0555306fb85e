package dev.saffron.spice.internal.channel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.ScriptedTransport;
import dev.saffron.spice.internal.wire.WireReader;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile server's byte stream through the channel framing (headers, sub-message lists, SET_ACK, PING): the
 * reader either runs to the end of the stream or stops with {@link SpiceException}, and every body it hands
 * over lies inside what was received. Seeds are written by {@code codec.FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelConnectionFuzzTest {
    private static final int MAX_BODY = 4096;

    /** @param input a flags byte (bit 0: mini headers), then the bytes the server sends after the link */
    @FuzzTest
    void read(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        boolean miniHeader = (input[0] & 1) != 0;
        ScriptedTransport transport = new ScriptedTransport(Arrays.copyOfRange(input, 1, input.length));
        ChannelConnection connection = new ChannelConnection(transport, miniHeader, MAX_BODY, "fuzz",
                new ProcessedSerial());
        connection.startWriter();
        try {
            connection.runReader(ChannelConnectionFuzzTest::handle);
        } catch (EOFException | SpiceException e) {
            // The script ran out, or the stream broke the protocol: either ends the channel.
        } finally {
            connection.close();
        }
    }

    private static void handle(int type, MemorySegment body) throws SpiceException {
        if (body.byteSize() > MAX_BODY) {
            throw new AssertionError("message " + type + " with a body of " + body.byteSize() + " bytes");
        }
        new WireReader(body, "fuzzed message").rest();
    }
}
