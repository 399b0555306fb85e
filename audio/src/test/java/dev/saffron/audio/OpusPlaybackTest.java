package dev.saffron.audio;

import dev.saffron.spice.AudioEncoding;
import dev.saffron.spice.PcmPacket;
import dev.saffron.spice.PlaybackChannel;
import dev.saffron.spice.PlaybackChannelListener;
import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.internal.audio.PlaybackEngine;
import dev.saffron.spice.internal.audio.RecordEngine;
import dev.saffron.spice.internal.protocol.AudioProtocol;
import dev.saffron.spice.spi.OpusEncoder;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.OpusSignals;
import dev.saffron.audio.opus.ConcentusCodecProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.saffron.spice.internal.protocol.AudioProtocol.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opus streams through the playback and record engines with this module's codec installed: the engines offer
 * OPUS, decode the server's packets and encode the microphone's.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpusPlaybackTest {
    @Test
    void anOpusStreamIsDecodedToTheTonesFrequencyAndAnUndecodablePacketIsDroppedAlone() throws Exception {
        List<PcmPacket> heard = new ArrayList<>();
        List<AudioEncoding> encodings = new ArrayList<>();
        try (ChannelHarness harness = new ChannelHarness()) {
            PlaybackEngine engine = new PlaybackEngine(harness, 0, new PlaybackEngine.Events() {
                @Override
                public void started(PcmFormat format, AudioEncoding encoding) {
                    encodings.add(encoding);
                }

                @Override
                public void data(PcmPacket packet) {
                    heard.add(packet);
                }

                @Override
                public void stopped() {
                }

                @Override
                public void volume(List<Integer> levels) {
                }

                @Override
                public void mute(boolean muted) {
                }

                @Override
                public void latency(java.time.Duration minimum) {
                }
            });
            assertTrue(engine.clientCapabilities().has(PLAYBACK_CAP_OPUS), "a codec is installed: OPUS is offered");
            harness.link(engine, 1 << PLAYBACK_CAP_VOLUME | 1 << PLAYBACK_CAP_LATENCY | 1 << PLAYBACK_CAP_OPUS);
            harness.send(MSG_PLAYBACK_MODE, ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(0)
                    .putShort((short) MODE_OPUS).array());
            harness.send(MSG_PLAYBACK_START, ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putInt(2)
                    .putShort((short) FORMAT_S16).putInt(48_000).putInt(100).array());
            List<byte[]> packets;
            try (OpusEncoder encoder = new ConcentusCodecProvider().openEncoder(48_000, 2, 96_000).orElseThrow()) {
                packets = OpusSignals.encode(encoder, OpusSignals.sine(440, 12_000, 6000, 25));
            }
            int time = 110;
            for (int i = 0; i < packets.size(); i++) {
                byte[] packet = i == 10 ? new byte[]{(byte) 0xFF, (byte) 0xFF} : packets.get(i);
                harness.send(MSG_PLAYBACK_DATA, ByteBuffer.allocate(4 + packet.length).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(time).put(packet).array());
                time += 20;
            }
            assertEquals(List.of(AudioEncoding.OPUS), encodings);
            assertEquals(1, engine.droppedMessages(), "the undecodable packet");
            assertEquals(24, heard.size());
            short[] pcm = new short[24 * 960 * 2];
            for (int i = 0; i < heard.size(); i++) {
                assertEquals(960, heard.get(i).frames());
                System.arraycopy(heard.get(i).samples(), 0, pcm, i * 1920, 1920);
            }
            // Past the packets before the dropped one, where the codec is settled.
            double frequency = OpusSignals.frequency(pcm, 0, 12 * 960);
            assertEquals(440, frequency, 2, "the tone's frequency");
            assertEquals(20 * Math.log10(12_000 / 32768.0 / Math.sqrt(2)), OpusSignals.levelDb(pcm, 0, 12 * 960), 1);
        }
    }

    @Test
    void theMicrophoneIsSentAsOpusWhenTheServerTakesIt() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            List<AudioEncoding> encodings = new ArrayList<>();
            RecordEngine engine = new RecordEngine(harness, 0, new RecordEngine.Events() {
                @Override
                public void started(PcmFormat format, AudioEncoding encoding) {
                    encodings.add(encoding);
                }

                @Override
                public void stopped() {
                }

                @Override
                public void volume(List<Integer> levels) {
                }

                @Override
                public void mute(boolean muted) {
                }
            });
            harness.link(engine, 1 << RECORD_CAP_VOLUME | 1 << RECORD_CAP_OPUS);
            harness.send(MSG_RECORD_START, ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putInt(2)
                    .putShort((short) FORMAT_S16).putInt(48_000).array());
            assertEquals(List.of(AudioEncoding.OPUS), encodings);
            short[] tone = OpusSignals.sine(440, 12_000, 12_000, 5);
            assertTrue(engine.send(tone, 0, tone.length));
            ByteBuffer mode = harness.readMessage().view();
            mode.getInt();
            assertEquals(MODE_OPUS, mode.getShort());
            assertEquals(AudioProtocol.MSGC_RECORD_START_MARK, harness.readMessage().type());
            for (int i = 0; i < 10; i++) {
                var data = harness.readMessage();
                assertEquals(MSGC_RECORD_DATA, data.type());
                assertTrue(data.body().length > 4 && data.body().length < 4 + 1920,
                        "an Opus packet, smaller than raw: " + data.body().length);
            }
        }
    }
}
