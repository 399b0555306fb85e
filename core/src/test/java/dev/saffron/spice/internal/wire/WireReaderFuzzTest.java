package dev.saffron.spice.internal.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Reads driven by the input over a body made of the input: each read either succeeds inside the body or
 * fails with a {@link SpiceError#PROTOCOL} error, and counts and slices never promise more than the body holds.
 * Seeds are written by {@code codec.FuzzSeedWriter}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WireReaderFuzzTest {
    /**
     * @param input a count byte n, then n operation bytes (the low four bits pick a read, the high four its
     *              argument), then the body
     */
    @FuzzTest
    void read(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int operations = Math.min(input[0] & 0xFF, input.length - 1);
        MemorySegment body = MemorySegment.ofArray(input).asSlice(1 + operations);
        WireReader reader = new WireReader(body, "fuzzed body");
        for (int i = 0; i < operations; i++) {
            int op = input[1 + i] & 0x0F;
            int argument = (input[1 + i] & 0xFF) >>> 4;
            try {
                reader = apply(reader, op, argument);
            } catch (SpiceException e) {
                if (e.error() != SpiceError.PROTOCOL) {
                    throw new AssertionError("a read failed with " + e.error(), e);
                }
            }
            if (reader.position() < 0 || reader.position() > body.byteSize()
                    || reader.remaining() != body.byteSize() - reader.position()) {
                throw new AssertionError("cursor at " + reader.position() + " in a body of " + body.byteSize());
            }
        }
    }

    private static WireReader apply(WireReader reader, int op, int argument) throws SpiceException {
        switch (op) {
            case 0 -> reader.u8();
            case 1 -> reader.u16();
            case 2 -> reader.u32();
            case 3 -> reader.i32();
            case 4 -> reader.u64();
            case 5 -> checkCount(reader, reader.count32(argument + 1, 1 << argument), argument + 1);
            case 6 -> checkCount(reader, reader.count16(argument + 1, 1 << argument), argument + 1);
            case 7 -> checkCount(reader, reader.count8(argument + 1, 1 << argument), argument + 1);
            case 8 -> {
                long length = argument;
                if (reader.slice(length).byteSize() != length) {
                    throw new AssertionError("slice of " + length + " bytes has another size");
                }
            }
            case 9 -> reader.rest();
            case 10 -> reader.bytes(argument);
            case 11 -> reader.string(argument);
            case 12 -> reader.skip(argument);
            case 13 -> {
                return reader.at(reader.position() + argument - 8);
            }
            case 14 -> {
                return reader.at(reader.u32());
            }
            default -> reader.remaining();
        }
        return reader;
    }

    private static void checkCount(WireReader reader, int count, int elementSize) {
        if ((long) count * elementSize > reader.remaining()) {
            throw new AssertionError("count " + count + " of " + elementSize + "-byte elements with "
                    + reader.remaining() + " bytes left");
        }
    }
}
