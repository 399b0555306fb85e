package dev.saffron.spice;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.testing.ChannelHarness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Playback and record messages from a hostile server: each is handled, dropped and counted, or refused with
 * {@link SpiceException}, which ends the channel; no length is trusted before it is checked, and every packet a
 * listener gets holds whole frames of the stream's format. The record channel is fed PCM between messages, so
 * START and STOP race nothing unchecked.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AudioChannelFuzzTest {
    /** A listener that checks what reaches it. */
    private static final PlaybackChannelListener CHECKING = new PlaybackChannelListener() {
        @Override
        public void playbackData(PlaybackChannel channel, PcmPacket packet) {
            if (packet.samples().length % packet.format().channels() != 0 || packet.frames() > 5760) {
                throw new AssertionError("a packet of " + packet.samples().length + " samples for " + packet.format());
            }
        }
    };

    /**
     * @param input messages, each a byte choosing the channel (even: playback, odd: record), a byte that is the
     *              message type less 100, a little-endian u16 body length and the body
     */
    @FuzzTest
    void handleMessages(byte[] input) throws IOException {
        try (ChannelHarness playbackHarness = new ChannelHarness(); ChannelHarness recordHarness = new ChannelHarness()) {
            PlaybackChannel playback = new PlaybackChannel(playbackHarness, 0);
            playback.addListener(CHECKING);
            playbackHarness.link(playback.engine(), 0xF);
            RecordChannel record = new RecordChannel(recordHarness, 0);
            recordHarness.link(record.engine(), 0x7);
            short[] pcm = new short[960];
            ByteBuffer messages = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
            boolean playbackOpen = true;
            boolean recordOpen = true;
            while (messages.remaining() >= 4) {
                boolean toPlayback = (messages.get() & 1) == 0;
                int type = 100 + Byte.toUnsignedInt(messages.get()) % 10;
                int length = Math.min(Short.toUnsignedInt(messages.getShort()), messages.remaining());
                byte[] body = new byte[length];
                messages.get(body);
                try {
                    if (toPlayback && playbackOpen) {
                        playbackHarness.send(type, body);
                    } else if (!toPlayback && recordOpen) {
                        recordHarness.send(type, body);
                        record.send(pcm, 0, pcm.length);
                    }
                } catch (SpiceException e) {
                    // A malformed message ends that channel, as its read loop would end it.
                    if (toPlayback) {
                        playbackOpen = false;
                    } else {
                        recordOpen = false;
                    }
                } catch (IllegalArgumentException e) {
                    // 960 samples are whole frames of 1 to 8 channels except 7: the caller's mistake, refused.
                }
            }
        }
    }
}
