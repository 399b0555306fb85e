package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.testing.ChannelHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.saffron.spice.internal.protocol.AudioProtocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playback channel on server messages fed to its engine by the harness, as spice-server sends them. Opus
 * streams are tested where a codec is installed (saffron-audio's tests), and the whole path against QEMU and
 * the guest's ALSA in {@code AudioGuestIT}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlaybackChannelTest {
    private static final PcmFormat STEREO_48K = new PcmFormat(2, 48_000);

    /** Every event the channel's listener hears, as text, and the packets. */
    private static final class Heard implements PlaybackChannelListener {
        final List<String> events = new ArrayList<>();
        final List<PcmPacket> packets = new ArrayList<>();

        @Override
        public void playbackStarted(PlaybackChannel channel, PcmFormat format, AudioEncoding encoding) {
            events.add("started " + format.channels() + "x" + format.sampleRate() + " " + encoding);
        }

        @Override
        public void playbackData(PlaybackChannel channel, PcmPacket packet) {
            events.add("data " + packet.frames() + " at " + packet.mmTime());
            packets.add(packet);
        }

        @Override
        public void playbackStopped(PlaybackChannel channel) {
            events.add("stopped");
        }

        @Override
        public void volumeChanged(PlaybackChannel channel, List<Integer> levels) {
            events.add("volume " + levels);
        }

        @Override
        public void muteChanged(PlaybackChannel channel, boolean muted) {
            events.add("mute " + muted);
        }

        @Override
        public void latencyChanged(PlaybackChannel channel, Duration minimum) {
            events.add("latency " + minimum.toMillis());
        }
    }

    private static PlaybackChannel channel(ChannelHarness harness, Heard heard) {
        PlaybackChannel channel = new PlaybackChannel(harness, 0);
        channel.addListener(heard);
        harness.link(channel.engine(), 1 << PLAYBACK_CAP_VOLUME | 1 << PLAYBACK_CAP_LATENCY);
        return channel;
    }

    private static byte[] mode(int mode) {
        return new Bytes().u32(0).u16(mode).bytes();
    }

    private static byte[] start(int channels, int format, int frequency, long time) {
        return new Bytes().u32(channels).u16(format).u32(frequency).u32(time).bytes();
    }

    /** A raw DATA message of {@code samples} samples (all channels together) counting up from {@code first}. */
    private static byte[] raw(long time, int samples, int first) {
        Bytes bytes = new Bytes().u32(time);
        for (int i = 0; i < samples; i++) {
            bytes.u16((first + i) & 0xFFFF);
        }
        return bytes.bytes();
    }

    @Test
    void rawPacketsReachTheListenerAsSamplesWithTheirTimeBetweenStartAndStop() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            PlaybackChannel channel = channel(harness, heard);
            harness.send(MSG_PLAYBACK_MODE, mode(MODE_RAW));
            harness.send(MSG_PLAYBACK_START, start(2, FORMAT_S16, 48_000, 1000));
            assertTrue(channel.isActive());
            harness.send(MSG_PLAYBACK_DATA, raw(1010, 960, -3));
            harness.send(MSG_PLAYBACK_STOP, new byte[0]);
            assertFalse(channel.isActive());

            assertEquals(List.of("started 2x48000 RAW", "data 480 at 1010", "stopped"), heard.events);
            PcmPacket packet = heard.packets.getFirst();
            assertEquals(STEREO_48K, packet.format());
            assertEquals(960, packet.samples().length);
            assertEquals(-3, packet.samples()[0], "samples are signed little-endian");
            assertEquals(956, packet.samples()[959]);
            assertEquals(1, channel.playedPackets());
            assertEquals(0, channel.droppedMessages());
        }
    }

    @Test
    void theClientOffersVolumeAndLatencyAndOpusOnlyWithACodec() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            PlaybackChannel channel = channel(harness, new Heard());
            // Core's own tests have no Opus codec installed (saffron-native-bindings and saffron-audio bring them).
            assertEquals(java.util.Set.of(PLAYBACK_CAP_VOLUME, PLAYBACK_CAP_LATENCY),
                    java.util.Arrays.stream(channel.engine().clientCapabilities().numbers()).boxed().collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void packetsThatCannotPlayAreDroppedAndCountedAndTheStreamGoesOn() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            PlaybackChannel channel = channel(harness, heard);
            harness.send(MSG_PLAYBACK_DATA, raw(5, 960, 0));
            harness.send(MSG_PLAYBACK_START, start(2, FORMAT_S16, 48_000, 10));
            harness.send(MSG_PLAYBACK_DATA, new Bytes().u32(20).raw(new byte[3]).bytes());
            harness.send(MSG_PLAYBACK_DATA, raw(30, 2 * (MAX_PACKET_SAMPLES + 1), 0));
            harness.send(MSG_PLAYBACK_MODE, mode(2));
            harness.send(MSG_PLAYBACK_DATA, raw(40, 960, 0));
            harness.send(MSG_PLAYBACK_MODE, mode(MODE_RAW));
            harness.send(MSG_PLAYBACK_DATA, raw(50, 960, 7));

            assertEquals(4, channel.droppedMessages(),
                    "before START, a part frame, too many frames, and a packet in the retired CELT mode");
            assertEquals(List.of("started 2x48000 RAW", "data 480 at 50"), heard.events);
            assertTrue(channel.isOpen());
        }
    }

    @Test
    void anOpusStreamWithNoCodecIsDroppedPacketByPacket() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            PlaybackChannel channel = channel(harness, heard);
            harness.send(MSG_PLAYBACK_MODE, mode(MODE_OPUS));
            harness.send(MSG_PLAYBACK_START, start(2, FORMAT_S16, 48_000, 10));
            harness.send(MSG_PLAYBACK_DATA, new Bytes().u32(20).raw(new byte[]{(byte) 0xFC, 1, 2}).bytes());
            assertEquals(1, channel.droppedMessages());
            assertEquals(List.of("started 2x48000 OPUS"), heard.events);
        }
    }

    @Test
    void aStreamInAFormatSpiceDoesNotHaveIsRefusedAndNothingPlays() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            PlaybackChannel channel = channel(harness, heard);
            harness.send(MSG_PLAYBACK_START, start(2, 2, 48_000, 10));
            harness.send(MSG_PLAYBACK_START, start(0, FORMAT_S16, 48_000, 10));
            harness.send(MSG_PLAYBACK_START, start(2, FORMAT_S16, 1_000_000, 10));
            harness.send(MSG_PLAYBACK_DATA, raw(20, 960, 0));
            assertFalse(channel.isActive());
            assertEquals(List.of(), heard.events);
            assertEquals(1, channel.droppedMessages());
        }
    }

    @Test
    void volumeMuteAndLatencyReachTheListener() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            PlaybackChannel channel = channel(harness, heard);
            harness.send(MSG_PLAYBACK_VOLUME, new Bytes().u8(2).u16(65535).u16(1234).bytes());
            harness.send(MSG_PLAYBACK_MUTE, new Bytes().u8(1).bytes());
            harness.send(MSG_PLAYBACK_LATENCY, new Bytes().u32(350).bytes());
            harness.send(MSG_PLAYBACK_VOLUME, new Bytes().u8(0).bytes());
            assertEquals(List.of("volume [65535, 1234]", "mute true", "latency 350"), heard.events);
            assertEquals(1, channel.droppedMessages(), "a volume for no channel");
        }
    }

    @Test
    void theSinksDelayPutsTheMultimediaClockOnWhatIsHeard() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            PlaybackChannel channel = channel(harness, new Heard());
            harness.setMmTime(50_000);
            channel.setDelay(Duration.ofMillis(100));
            assertTrue(Math.abs(harness.mmTime() - 50_000) < 50, "no stream plays: the clock stays");

            harness.send(MSG_PLAYBACK_START, start(2, FORMAT_S16, 48_000, 60_000));
            harness.send(MSG_PLAYBACK_DATA, raw(60_010, 960, 0));
            channel.setDelay(Duration.ofMillis(250));
            long now = harness.mmTime();
            assertTrue(now >= 59_760 && now < 59_760 + 50, "the clock is the last packet's time less the delay: " + now);
        }
    }

    @Test
    void aChannelThatEndsMidStreamTellsTheListenerTheStreamStopped() throws Exception {
        Heard heard = new Heard();
        try (ChannelHarness harness = new ChannelHarness()) {
            channel(harness, heard);
            harness.send(MSG_PLAYBACK_START, start(1, FORMAT_S16, 44_100, 10));
            harness.send(MSG_PLAYBACK_DATA, raw(20, 441, 0));
        }
        assertEquals(List.of("started 1x44100 RAW", "data 441 at 20", "stopped"), heard.events);
        assertArrayEquals(new short[]{0, 1, 2}, java.util.Arrays.copyOf(heard.packets.getFirst().samples(), 3));
    }
}
