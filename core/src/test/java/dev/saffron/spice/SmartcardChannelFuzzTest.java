package dev.saffron.spice;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.SmartcardProtocol;
import dev.saffron.spice.testing.ChannelHarness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Smartcard channel messages from a hostile server, to a channel with one attached reader: each VSC message is
 * either handled (answered with an APDU or a VSC Error) or refused with {@link SpiceException}, which ends the
 * channel; a length is never trusted before it is checked, and the reader only ever sees command APDUs.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SmartcardChannelFuzzTest {
    /** A card that checks what reaches it: a command APDU has at least the four header bytes. */
    private static final SmartcardReader CHECKING_READER = new SmartcardReader() {
        @Override
        public String name() {
            return "fuzz";
        }

        @Override
        public byte[] transmit(byte[] command) {
            if (command.length < 4) {
                throw new AssertionError("a reader was given " + command.length + " bytes as a command APDU");
            }
            return new byte[]{(byte) 0x90, 0x00};
        }
    };

    /**
     * @param input messages, each a little-endian u16 body length and the body, sent as smartcard DATA; the
     *              body is a VSC header and payload when well-formed
     */
    @FuzzTest
    void handleMessages(byte[] input) throws IOException {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = new SmartcardChannel(harness, 0);
            harness.link(channel.engine(), 0);
            channel.attach(CHECKING_READER);
            harness.readMessage();
            harness.send(SmartcardProtocol.MSG_DATA, new Bytes().u32(SmartcardProtocol.VSC_ERROR).u32(0).u32(4)
                    .u32(SmartcardProtocol.VSC_SUCCESS).bytes());
            ByteBuffer messages = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
            while (messages.remaining() >= 2) {
                int length = Math.min(Short.toUnsignedInt(messages.getShort()), messages.remaining());
                byte[] body = new byte[length];
                messages.get(body);
                harness.send(SmartcardProtocol.MSG_DATA, body);
            }
        } catch (SpiceException e) {
            // A malformed message: the channel ends here, as its read loop would end it.
        }
    }
}
