package dev.saffron.spice.internal.smartcard;

import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.wire.MessageBuilder;
import dev.saffron.spice.internal.wire.WireReader;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import static dev.saffron.spice.internal.protocol.SmartcardProtocol.VSC_HEADER_BYTES;
import static dev.saffron.spice.internal.protocol.SmartcardProtocol.VSC_MAX_PAYLOAD;

/**
 * One VSC message as the smartcard channel's DATA message carries it.
 *
 * @param type     the VSC message type ({@code SmartcardProtocol.VSC_*})
 * @param readerId the reader it is about, an unsigned 32-bit id
 * @param payload  its bytes, owned by this message
 */
public record VscMessage(int type, long readerId, byte[] payload) {
    /**
     * Reads a DATA message's body. The header's length must match the bytes that follow it exactly, and stay
     * within {@link dev.saffron.spice.internal.protocol.SmartcardProtocol#VSC_MAX_PAYLOAD}, checked before
     * anything is allocated.
     *
     * @throws SpiceException if the body is not one well-formed VSC message
     */
    public static VscMessage parse(MemorySegment body) throws SpiceException {
        WireReader reader = new WireReader(body, "smartcard DATA");
        long type = reader.u32();
        long readerId = reader.u32();
        long length = reader.u32();
        if (length > VSC_MAX_PAYLOAD) {
            throw reader.malformed("a VSC payload of " + length + " bytes, over the limit of " + VSC_MAX_PAYLOAD);
        }
        if (length != reader.remaining()) {
            throw reader.malformed("the VSC header says " + length + " bytes follow, but " + reader.remaining()
                    + " do");
        }
        if (type > Integer.MAX_VALUE) {
            throw reader.malformed("VSC message type " + type);
        }
        return new VscMessage((int) type, readerId, reader.bytes((int) length));
    }

    /** @return the DATA message body that carries this message */
    public ByteBuffer encode() {
        return new MessageBuilder(VSC_HEADER_BYTES + payload.length)
                .u32(type).u32(readerId).u32(payload.length).bytes(payload).build();
    }
}
