package dev.saffron.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LiveSampleTest {
    /** A line as the C collector prints it: its own number formats, not {@link LiveSample#toJson()}'s. */
    private static final String C_LINE = "{\"client\":\"spice-client-glib\",\"warmup_ms\":2000.000,"
            + "\"first_frame_ms\":66.650,"
            + "\"window_ms\":5008.533,\"frames\":95,\"published_pixels\":23552000,\"invalidates\":1840,"
            + "\"invalidated_pixels\":23552000,\"cpu_ms\":120.000,\"cpu_total_ms\":210.000,\"peak_rss_kib\":47952}\n";

    @Test
    void readsTheReferenceCollectorsLine() {
        LiveSample sample = LiveSample.parse(C_LINE);
        assertEquals("spice-client-glib", sample.client());
        assertEquals(2000, sample.warmupMs(), 1e-9);
        assertEquals(66.65, sample.firstFrameMs(), 1e-9);
        assertEquals(95, sample.frames());
        assertEquals(1840, sample.invalidates());
        assertEquals(47952, sample.peakRssKib());
        assertEquals(95 * 1000.0 / 5008.533, sample.framesPerSecond(), 1e-9);
        assertEquals(120.0 / 95, sample.cpuMsPerFrame(), 1e-9);
    }

    @Test
    void readsBackWhatItWrites() {
        LiveSample sample = new LiveSample("saffron", 45_000, 305.5, 10000.25, 190, 46_000_000, 3600, 46_100_000,
                980.5, 2910.125, 352_596);
        assertEquals(sample, LiveSample.parse(sample.toJson()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "{}",
        "[1]",
        "{\"client\":\"saffron\"}",
        "{\"client\":\"saffron\",\"warmup_ms\":1,"
            + "\"first_frame_ms\":1,\"window_ms\":1,\"frames\":1.5,\"published_pixels\":1,"
            + "\"invalidates\":1,\"invalidated_pixels\":1,\"cpu_ms\":1,\"cpu_total_ms\":1,\"peak_rss_kib\":1}",
        "{\"client\":\"saffron\",\"warmup_ms\":1,"
            + "\"first_frame_ms\":-1,\"window_ms\":1,\"frames\":1,\"published_pixels\":1,"
            + "\"invalidates\":1,\"invalidated_pixels\":1,\"cpu_ms\":1,\"cpu_total_ms\":1,\"peak_rss_kib\":1}",
        "{\"client\":7,\"warmup_ms\":1,"
            + "\"first_frame_ms\":1,\"window_ms\":1,\"frames\":1,\"published_pixels\":1,"
            + "\"invalidates\":1,\"invalidated_pixels\":1,\"cpu_ms\":1,\"cpu_total_ms\":1,\"peak_rss_kib\":1}",
        "{\"frames\":1,\"frames\":2}",
        "{\"client\":\"saffron\" trailing",
        "{\"client\":\"saf\\\"fron\"}",
        "{\"client\":\"saffron\"}{}"
    })
    void refusesAnythingElse(String line) {
        assertThrows(IllegalArgumentException.class, () -> LiveSample.parse(line));
    }

    @Test
    void refusesAnOverlongLine() {
        assertThrows(IllegalArgumentException.class, () -> LiveSample.parse(C_LINE.repeat(100)));
    }
}
