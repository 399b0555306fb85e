package dev.saffron.audio.opus;

import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;
import dev.saffron.spice.testing.OpusCodecContract;
import dev.saffron.spice.testing.OpusSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static dev.saffron.spice.testing.OpusSignals.CHANNELS;
import static dev.saffron.spice.testing.OpusSignals.RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libopus (saffron-native-bindings, on the test class path) and concentus speak the same Opus: what one encodes
 * the other decodes to the same tone, so a server's packets decode whichever codec a machine has.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossDecodingTest {
    private static final int BITRATE = 128_000;

    private static Map<String, OpusCodecProvider> installed() {
        Map<String, OpusCodecProvider> providers = new HashMap<>();
        ServiceLoader.load(OpusCodecProvider.class).forEach(provider -> providers.put(provider.name(), provider));
        assertEquals(List.of("concentus", "libopus"), providers.keySet().stream().sorted().toList());
        return providers;
    }

    private static void assertCrossDecodes(OpusCodecProvider from, OpusCodecProvider to) throws IOException {
        List<byte[]> packets;
        try (OpusEncoder encoder = from.openEncoder(RATE, CHANNELS, BITRATE).orElseThrow()) {
            packets = OpusSignals.encode(encoder, OpusSignals.sine(1000, OpusCodecContract.LEFT_LEVEL,
                    OpusCodecContract.RIGHT_LEVEL, 50));
        }
        try (OpusDecoder decoder = to.openDecoder(RATE, CHANNELS).orElseThrow()) {
            OpusCodecContract.assertTone(OpusSignals.decode(decoder, packets));
        }
    }

    @Test
    void concentusDecodesWhatLibopusEncodes() throws IOException {
        Map<String, OpusCodecProvider> providers = installed();
        assertCrossDecodes(providers.get("libopus"), providers.get("concentus"));
    }

    @Test
    void libopusDecodesWhatConcentusEncodes() throws IOException {
        Map<String, OpusCodecProvider> providers = installed();
        assertCrossDecodes(providers.get("concentus"), providers.get("libopus"));
    }

    @Test
    void libopusRanksAboveConcentus() {
        Map<String, OpusCodecProvider> providers = installed();
        assertTrue(providers.get("libopus").priority() > providers.get("concentus").priority(),
                "core picks the highest priority that works");
    }
}
