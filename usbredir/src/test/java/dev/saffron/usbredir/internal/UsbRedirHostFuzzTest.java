package dev.saffron.usbredir.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.usbredir.EmulatedUsbDisk;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hostile guest's usbredir stream against the host with the emulated disk plugged in: whatever arrives, the
 * parser allocates nothing a length claims beyond its limit, the disk answers every request without throwing,
 * everything the host sends back is well-formed usbredir, and the image keeps its size.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UsbRedirHostFuzzTest {
    private static final int IMAGE_BYTES = 64 * 1024;

    /**
     * @param input a byte of the guest's capabilities (bit n: usbredir cap n), then the stream, cut into feeds
     *              at each byte 0xC5 after the first 8 (so the fuzzer controls how packets split across messages)
     */
    @FuzzTest
    void guestStream(byte[] input) throws Exception {
        if (input.length < 1) {
            return;
        }
        Path image = Files.createTempFile("saffron-fuzz", ".img");
        try {
            Files.write(image, new byte[IMAGE_BYTES]);
            try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, (input[0] & 0x80) != 0)) {
                GuestSide guest = new GuestSide(new Capabilities(new int[]{input[0] & 0x7F}));
                guest.connect();
                guest.host.plug(disk);
                int start = 1;
                for (int i = 1; i < input.length; i++) {
                    if (i - start >= 8 && input[i] == (byte) 0xC5) {
                        guest.send(java.util.Arrays.copyOfRange(input, start, i));
                        start = i;
                    }
                }
                guest.send(java.util.Arrays.copyOfRange(input, start, input.length));
                guest.host.drain();
                guest.drainWritten();
                assertEquals(0, guest.host.failedRequests(), "a request the disk threw on");
                guest.shutdown();
            }
            assertEquals(IMAGE_BYTES, Files.size(image));
        } finally {
            Files.deleteIfExists(image);
        }
    }
}
