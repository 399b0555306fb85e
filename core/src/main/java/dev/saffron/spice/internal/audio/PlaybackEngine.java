package dev.saffron.spice.internal.audio;

import dev.saffron.spice.AudioEncoding;
import dev.saffron.spice.ChannelType;
import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.PcmPacket;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;
import dev.saffron.spice.spi.OpusDecoder;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static dev.saffron.spice.internal.protocol.AudioProtocol.*;

/**
 * The engine of a playback channel: decodes the server's packets (raw PCM or Opus) into {@link PcmPacket}s for
 * its facade, and keeps the session's multimedia clock on what is being heard once the sink reports its delay
 * ({@link #setDelay}), as spice-gtk does, so that video frames scheduled on that clock stay with the sound.
 *
 * <p>A packet that cannot be played (before START, larger than the mode allows, an Opus packet that does not
 * decode) is dropped and counted; the channel goes on, since the next packet is independent of it.
 */
public final class PlaybackEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void started(PcmFormat format, AudioEncoding encoding);

        void data(PcmPacket packet);

        void stopped();

        void volume(List<Integer> levels);

        void mute(boolean muted);

        void latency(Duration minimum);
    }

    private static final System.Logger LOG = System.getLogger(PlaybackEngine.class.getName());
    private static final ValueLayout.OfShort SAMPLE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Drops beyond this many are logged at DEBUG only, so a broken stream cannot flood the log. */
    private static final int LOGGED_DROPS = 5;

    private final Events events;
    private final boolean opusAvailable;
    private final AtomicLong droppedMessages = new AtomicLong();
    private final AtomicLong playedPackets = new AtomicLong();

    // Channel thread only.
    private int mode = MODE_RAW;
    private PcmFormat format;
    private OpusDecoder decoder;
    private short[] decodeBuffer;
    /** The Opus packet being decoded, copied out of the read buffer; reused, since a packet comes every 10 ms. */
    private final byte[] opusPacket = new byte[MAX_OPUS_PACKET_BYTES];

    private volatile boolean active;
    private volatile long lastTime;

    public PlaybackEngine(ChannelHost host, int id, Events events) {
        super(host, ChannelType.PLAYBACK, id);
        this.events = events;
        // As spice-gtk: SPICE_DISABLE_OPUS in the environment keeps Opus out of the capabilities.
        this.opusAvailable = System.getenv("SPICE_DISABLE_OPUS") == null && OpusCodecs.installed().available();
    }

    @Override
    public Capabilities clientCapabilities() {
        return opusAvailable
                ? Capabilities.of(PLAYBACK_CAP_VOLUME, PLAYBACK_CAP_LATENCY, PLAYBACK_CAP_OPUS)
                : Capabilities.of(PLAYBACK_CAP_VOLUME, PLAYBACK_CAP_LATENCY);
    }

    /** @return messages dropped since the channel opened: packets before START, too large or undecodable, volumes for no channel */
    public long droppedMessages() {
        return droppedMessages.get();
    }

    /** @return packets handed to the listeners since the channel opened */
    public long playedPackets() {
        return playedPackets.get();
    }

    /** @return whether the server has started a stream and not stopped it */
    public boolean isActive() {
        return active;
    }

    /**
     * Sets the session's multimedia time to the time of the last packet received minus {@code delay}, the time
     * the sink needs before that packet is heard: the clock then says what the listener hears now. Ignored while
     * no stream plays.
     */
    public void setDelay(Duration delay) {
        if (active) {
            host.setMmTime((lastTime - delay.toMillis()) & 0xFFFF_FFFFL);
        }
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_PLAYBACK_MODE -> onMode(body);
            case MSG_PLAYBACK_START -> onStart(body);
            case MSG_PLAYBACK_DATA -> onData(body);
            case MSG_PLAYBACK_STOP -> onStop();
            case MSG_PLAYBACK_VOLUME -> {
                Optional<List<Integer>> levels = AudioVolume.parse(body, name() + " VOLUME");
                if (levels.isPresent()) {
                    host.fire(() -> events.volume(levels.get()));
                } else {
                    drop("a VOLUME message for no channel");
                }
            }
            case MSG_PLAYBACK_MUTE -> {
                boolean muted = new WireReader(body, name() + " MUTE").u8() != 0;
                host.fire(() -> events.mute(muted));
            }
            case MSG_PLAYBACK_LATENCY -> {
                Duration minimum = Duration.ofMillis(new WireReader(body, name() + " LATENCY").u32());
                host.fire(() -> events.latency(minimum));
            }
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring message {1}", name(), type);
        }
    }

    private void onMode(MemorySegment body) throws IOException {
        WireReader reader = new WireReader(body, name() + " MODE");
        reader.u32();
        mode = reader.u16();
        if (mode != MODE_RAW && mode != MODE_OPUS) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the server chose audio mode {1}, which Saffron cannot play;"
                    + " its packets are dropped", name(), mode);
        }
    }

    private void onStart(MemorySegment body) throws IOException {
        WireReader reader = new WireReader(body, name() + " START");
        long channels = reader.u32();
        int sampleFormat = reader.u16();
        long frequency = reader.u32();
        long time = reader.u32();
        closeDecoder();
        if (sampleFormat != FORMAT_S16 || channels < 1 || channels > MAX_CHANNELS || frequency < MIN_FREQUENCY
                || frequency > MAX_FREQUENCY) {
            active = false;
            format = null;
            LOG.log(System.Logger.Level.WARNING, "{0}: the server started a stream Saffron cannot play (format {1},"
                    + " {2} channels, {3} Hz); its packets are dropped", name(), sampleFormat, channels, frequency);
            return;
        }
        format = new PcmFormat((int) channels, (int) frequency);
        if (mode == MODE_OPUS) {
            Optional<OpusDecoder> opened;
            try {
                opened = OpusCodecs.installed().openDecoder(format.sampleRate(), format.channels());
            } catch (IllegalArgumentException notOpus) {
                opened = Optional.empty();
            }
            if (opened.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "{0}: no Opus decoder for {1}; the stream''s packets are "
                        + "dropped", name(), format);
            }
            decoder = opened.orElse(null);
        }
        lastTime = time;
        active = true;
        PcmFormat started = format;
        AudioEncoding encoding = mode == MODE_OPUS ? AudioEncoding.OPUS : AudioEncoding.RAW;
        LOG.log(System.Logger.Level.DEBUG, "{0}: stream started, {1}, {2}", name(), started, encoding);
        host.fire(() -> events.started(started, encoding));
    }

    private void onData(MemorySegment body) throws IOException {
        WireReader reader = new WireReader(body, name() + " DATA");
        long time = reader.u32();
        MemorySegment data = reader.rest();
        if (!active) {
            drop("a DATA message outside a stream (before START or after STOP)");
            return;
        }
        short[] samples = switch (mode) {
            case MODE_RAW -> raw(data);
            case MODE_OPUS -> opus(data);
            default -> {
                drop("a packet in audio mode " + mode);
                yield null;
            }
        };
        if (samples == null) {
            return;
        }
        lastTime = time;
        playedPackets.incrementAndGet();
        PcmPacket packet = new PcmPacket(format, samples, time);
        host.fire(() -> events.data(packet));
    }

    private short[] raw(MemorySegment data) {
        long frameBytes = format.bytesPerFrame();
        if (data.byteSize() % frameBytes != 0) {
            drop("a raw packet of " + data.byteSize() + " bytes, not a whole number of " + frameBytes + "-byte frames");
            return null;
        }
        if (data.byteSize() > MAX_PACKET_SAMPLES * frameBytes) {
            drop("a raw packet of " + data.byteSize() + " bytes, more than " + MAX_PACKET_SAMPLES + " frames");
            return null;
        }
        short[] samples = new short[(int) (data.byteSize() / 2)];
        MemorySegment.copy(data, SAMPLE, 0, samples, 0, samples.length);
        return samples;
    }

    private short[] opus(MemorySegment data) {
        if (decoder == null) {
            drop("an Opus packet with no Opus decoder");
            return null;
        }
        if (data.byteSize() == 0 || data.byteSize() > MAX_OPUS_PACKET_BYTES) {
            drop("an Opus packet of " + data.byteSize() + " bytes (1 to " + MAX_OPUS_PACKET_BYTES + " allowed)");
            return null;
        }
        if (decodeBuffer == null || decodeBuffer.length < MAX_PACKET_SAMPLES * format.channels()) {
            decodeBuffer = new short[MAX_PACKET_SAMPLES * format.channels()];
        }
        int length = (int) data.byteSize();
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, opusPacket, 0, length);
        try {
            int frames = decoder.decode(opusPacket, 0, length, decodeBuffer, 0, MAX_PACKET_SAMPLES);
            return Arrays.copyOf(decodeBuffer, frames * format.channels());
        } catch (IOException e) {
            drop("an Opus packet that does not decode: " + e.getMessage());
            return null;
        }
    }

    private void onStop() {
        closeDecoder();
        if (active) {
            active = false;
            host.fire(events::stopped);
        }
    }

    private void drop(String what) {
        long count = droppedMessages.incrementAndGet();
        LOG.log(count <= LOGGED_DROPS ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "{0}: dropped {1} (dropped {2} so far)", name(), what, count);
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }

    @Override
    public void channelEnded() {
        onStop();
    }

    /** The old server's stream is over; a new one starts with its own START. */
    @Override
    protected void connectionReset() {
        onStop();
    }
}
