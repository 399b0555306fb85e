package dev.saffron.spice.internal.main;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The body of MIGRATE_BEGIN, MIGRATE_BEGIN_SEAMLESS or MIGRATE_SWITCH_HOST from a hostile source server: it
 * parses to a destination with a non-empty host and strings within their limits, or fails with
 * {@link SpiceError#PROTOCOL}; nothing else, and no allocation beyond the limits.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MigrationDestinationFuzzTest {
    /** @param input a flag byte (bit 0: seamless), then the body */
    @FuzzTest
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean seamless = (input[0] & 1) != 0;
        MemorySegment body = MemorySegment.ofArray(input).asSlice(1);
        try {
            MigrationDestination destination = MigrationDestination.parse(body, seamless, "fuzzed migration");
            if (destination.host().isEmpty()
                    || destination.host().length() > MigrationDestination.MAX_HOST_BYTES
                    || destination.certSubject().map(String::length).orElse(0)
                    > MigrationDestination.MAX_SUBJECT_BYTES) {
                throw new AssertionError("parsed out of bounds: " + destination);
            }
            destination.port().ifPresent(port -> check(port > 0 && port <= 0xFFFF, port));
            destination.tlsPort().ifPresent(port -> check(port > 0 && port <= 0xFFFF, port));
        } catch (SpiceException e) {
            if (e.error() != SpiceError.PROTOCOL) {
                throw new AssertionError("failed with " + e.error(), e);
            }
        }
    }

    private static void check(boolean valid, int port) {
        if (!valid) {
            throw new AssertionError("port out of range: " + port);
        }
    }
}
