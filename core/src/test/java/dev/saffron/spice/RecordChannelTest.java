package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.saffron.spice.internal.protocol.AudioProtocol.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record channel against server messages fed by the harness: what it sends while the guest records, and
 * nothing otherwise. Opus streams are tested where a codec is installed (saffron-audio), and the whole path
 * against QEMU and the guest's {@code arecord} in {@code AudioGuestIT}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordChannelTest {
    private static final class Heard implements RecordChannelListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void recordStarted(RecordChannel channel, PcmFormat format, AudioEncoding encoding) {
            events.add("started " + format.channels() + "x" + format.sampleRate() + " " + encoding);
        }

        @Override
        public void recordStopped(RecordChannel channel) {
            events.add("stopped");
        }

        @Override
        public void volumeChanged(RecordChannel channel, List<Integer> levels) {
            events.add("volume " + levels);
        }

        @Override
        public void muteChanged(RecordChannel channel, boolean muted) {
            events.add("mute " + muted);
        }
    }

    private static RecordChannel channel(ChannelHarness harness, Heard heard) {
        RecordChannel channel = new RecordChannel(harness, 0);
        channel.addListener(heard);
        harness.link(channel.engine(), 1 << RECORD_CAP_VOLUME | 1 << RECORD_CAP_OPUS);
        return channel;
    }

    private static byte[] start(int channels, int frequency) {
        return new Bytes().u32(channels).u16(FORMAT_S16).u32(frequency).bytes();
    }

    private static short[] ramp(int length, int first) {
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) (first + i);
        }
        return samples;
    }

    @Test
    void whileTheGuestRecordsAudioLeavesInTenMillisecondPacketsAfterModeAndStartMark() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            RecordChannel channel = channel(harness, heard);
            harness.send(MSG_RECORD_START, start(2, 48_000));
            assertTrue(channel.isActive());
            // One and a half packets, then the other half: exactly two packets leave, in order.
            assertTrue(channel.send(ramp(1440, -100), 0, 1440));
            FakeSpiceServer.Message modeMessage = harness.readMessage();
            assertEquals(MSGC_RECORD_MODE, modeMessage.type());
            ByteBuffer mode = modeMessage.view();
            mode.getInt();
            assertEquals(MODE_RAW, mode.getShort(), "no Opus codec in core's tests: raw");
            assertEquals(MSGC_RECORD_START_MARK, harness.readMessage().type());
            FakeSpiceServer.Message first = harness.readMessage();
            assertEquals(MSGC_RECORD_DATA, first.type());
            assertEquals(4 + RECORD_FRAME_SAMPLES * 2 * 2, first.body().length);
            ByteBuffer firstData = first.view();
            firstData.getInt();
            assertEquals(-100, firstData.getShort());
            assertTrue(harness.silentFor(200), "half a packet waits for the rest");

            assertTrue(channel.send(ramp(480, 860), 0, 480));
            FakeSpiceServer.Message second = harness.readMessage();
            assertEquals(MSGC_RECORD_DATA, second.type());
            ByteBuffer secondData = second.view();
            secondData.getInt();
            assertEquals(860, secondData.getShort(), "the second packet continues where the first ended");
            assertEquals(2, channel.sentPackets());
            assertEquals(List.of("started 2x48000 RAW"), heard.events);
        }
    }

    @Test
    void nothingLeavesWhileTheGuestDoesNotRecord() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            RecordChannel channel = channel(harness, heard);
            assertFalse(channel.send(ramp(960, 0), 0, 960));
            harness.send(MSG_RECORD_START, start(2, 48_000));
            harness.send(MSG_RECORD_STOP, new byte[0]);
            assertFalse(channel.send(ramp(960, 0), 0, 960));
            assertTrue(harness.silentFor(200));
            assertEquals(List.of("started 2x48000 RAW", "stopped"), heard.events);
        }
    }

    @Test
    void eachNewRecordingBeginsWithItsOwnStartMark() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            RecordChannel channel = channel(harness, new Heard());
            for (int round = 0; round < 2; round++) {
                harness.send(MSG_RECORD_START, start(1, 48_000));
                channel.send(ramp(480, 0), 0, 480);
                assertEquals(MSGC_RECORD_MODE, harness.readMessage().type());
                assertEquals(MSGC_RECORD_START_MARK, harness.readMessage().type());
                FakeSpiceServer.Message data = harness.readMessage();
                assertEquals(MSGC_RECORD_DATA, data.type());
                assertEquals(4 + 480 * 2, data.body().length, "mono: 480 samples");
                harness.send(MSG_RECORD_STOP, new byte[0]);
            }
        }
    }

    @Test
    void partFramesAreRefusedAndAFormatSpiceDoesNotHaveRecordsNothing() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            RecordChannel channel = channel(harness, heard);
            harness.send(MSG_RECORD_START, new Bytes().u32(2).u16(7).u32(48_000).bytes());
            assertFalse(channel.isActive());
            harness.send(MSG_RECORD_START, start(2, 48_000));
            assertThrows(IllegalArgumentException.class, () -> channel.send(ramp(3, 0), 0, 3));
            assertEquals(List.of("started 2x48000 RAW"), heard.events);
        }
    }

    @Test
    void theGuestMixersVolumeAndMuteReachTheListener() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            Heard heard = new Heard();
            channel(harness, heard);
            harness.send(MSG_RECORD_VOLUME, new Bytes().u8(2).u16(100).u16(200).bytes());
            harness.send(MSG_RECORD_MUTE, new Bytes().u8(0).bytes());
            assertEquals(List.of("volume [100, 200]", "mute false"), heard.events);
        }
    }
}
