package dev.saffron.spice.internal.audio;

import dev.saffron.spice.spi.OpusCodecProvider;
import dev.saffron.spice.spi.OpusDecoder;
import dev.saffron.spice.spi.OpusEncoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpusCodecsTest {
    /** A provider whose decoders and encoders are recognisable by identity; closes are counted. */
    private static final class FakeProvider implements OpusCodecProvider {
        final String name;
        final int priority;
        final boolean works;
        final List<String> closed = new ArrayList<>();
        final OpusDecoder decoder = new OpusDecoder() {
            @Override
            public int decode(byte[] packet, int offset, int length, short[] pcm, int pcmOffset, int max) {
                return 0;
            }

            @Override
            public void close() {
                closed.add("decoder");
            }
        };
        final OpusEncoder encoder = new OpusEncoder() {
            @Override
            public int encode(short[] pcm, int pcmOffset, int samples, byte[] packet, int packetOffset, int max) {
                return 0;
            }

            @Override
            public void close() {
                closed.add("encoder");
            }
        };

        FakeProvider(String name, int priority, boolean works) {
            this.name = name;
            this.priority = priority;
            this.works = works;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Optional<OpusDecoder> openDecoder(int sampleRate, int channels) {
            return works ? Optional.of(decoder) : Optional.empty();
        }

        @Override
        public Optional<OpusEncoder> openEncoder(int sampleRate, int channels, int bitrate) {
            return works ? Optional.of(encoder) : Optional.empty();
        }
    }

    @Test
    void theHighestPriorityWorkingProviderWins() {
        FakeProvider pureJava = new FakeProvider("pure", 10, true);
        FakeProvider nativeMissing = new FakeProvider("missing", 100, false);
        FakeProvider nativeLib = new FakeProvider("native", 50, true);
        OpusCodecs codecs = new OpusCodecs(List.of(pureJava, nativeMissing, nativeLib));

        assertTrue(codecs.available());
        assertEquals(Optional.of("native"), codecs.preferred());
        assertSame(nativeLib.decoder, codecs.openDecoder(48_000, 2).orElseThrow());
        assertSame(nativeLib.encoder, codecs.openEncoder(48_000, 2, 64_000).orElseThrow());
        // The probe's decoder was closed; the pure-Java one was probed and closed as well.
        assertEquals(List.of("decoder"), nativeLib.closed);
        assertEquals(List.of("decoder"), pureJava.closed);
    }

    @Test
    void withoutAWorkingProviderNothingIsAvailable() {
        OpusCodecs codecs = new OpusCodecs(List.of(new FakeProvider("missing", 100, false)));

        assertFalse(codecs.available());
        assertEquals(Optional.empty(), codecs.preferred());
        assertTrue(codecs.openDecoder(48_000, 2).isEmpty());
        assertTrue(codecs.openEncoder(48_000, 2, 64_000).isEmpty());
    }

    @Test
    void coreAloneHasNoOpusProvider() {
        // Core's own tests run without saffron-native-bindings and saffron-audio on the class path.
        assertFalse(OpusCodecs.installed().available());
    }
}
