package dev.saffron.spice.internal.audio;

import dev.saffron.spice.AudioEncoding;
import dev.saffron.spice.ChannelType;
import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;
import dev.saffron.spice.spi.OpusEncoder;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static dev.saffron.spice.internal.protocol.AudioProtocol.*;

/**
 * The engine of a record channel: when the guest starts recording it takes the caller's PCM ({@link #send}),
 * cuts it into 10 ms packets and sends them raw or Opus-encoded, the encoding chosen as spice-gtk chooses it
 * (Opus when the server takes it, an encoder is here and the rate suits Opus). Each stream begins with MODE and
 * START_MARK, which spice-server needs before the first DATA.
 */
public final class RecordEngine extends ChannelEngine {
    /** What the engine tells its facade; each call is made on the session's event executor. */
    public interface Events {
        void started(PcmFormat format, AudioEncoding encoding);

        void stopped();

        void volume(List<Integer> levels);

        void mute(boolean muted);
    }

    private static final System.Logger LOG = System.getLogger(RecordEngine.class.getName());
    /** Opus at 48 kHz stereo sounds transparent for speech and music at this rate; spice-gtk leaves libopus's default. */
    private static final int OPUS_BITRATE = 96_000;
    private static final List<Integer> OPUS_RATES = List.of(8000, 12_000, 16_000, 24_000, 48_000);

    private final Events events;
    private final boolean opusAvailable;
    private final AtomicLong sentPackets = new AtomicLong();
    private final AtomicLong droppedMessages = new AtomicLong();
    private final Object lock = new Object();

    // Guarded by lock: the stream the guest records, null while it records nothing.
    private Stream stream;

    public RecordEngine(ChannelHost host, int id, Events events) {
        super(host, ChannelType.RECORD, id);
        this.events = events;
        // As spice-gtk: SPICE_DISABLE_OPUS in the environment keeps Opus out of the capabilities.
        this.opusAvailable = System.getenv("SPICE_DISABLE_OPUS") == null && OpusCodecs.installed().available();
    }

    /** One recording, START to STOP: its format, encoder, and the packet being filled. */
    private static final class Stream {
        final PcmFormat format;
        final OpusEncoder encoder;
        final short[] frame;
        final byte[] encoded;
        int filled;
        boolean marked;

        Stream(PcmFormat format, OpusEncoder encoder) {
            this.format = format;
            this.encoder = encoder;
            this.frame = new short[RECORD_FRAME_SAMPLES * format.channels()];
            this.encoded = encoder == null ? null : new byte[MAX_OPUS_PACKET_BYTES];
        }

        int mode() {
            return encoder == null ? MODE_RAW : MODE_OPUS;
        }
    }

    @Override
    public Capabilities clientCapabilities() {
        return opusAvailable ? Capabilities.of(RECORD_CAP_VOLUME, RECORD_CAP_OPUS) : Capabilities.of(RECORD_CAP_VOLUME);
    }

    /** @return whether the guest is recording */
    public boolean isActive() {
        synchronized (lock) {
            return stream != null;
        }
    }

    /** @return packets sent since the channel opened */
    public long sentPackets() {
        return sentPackets.get();
    }

    /** @return server messages dropped since the channel opened (a stream Saffron cannot record, a volume for no channel) */
    public long droppedMessages() {
        return droppedMessages.get();
    }

    /**
     * Sends recorded audio to the guest, in the format the guest asked for; a part packet waits for the rest.
     * Nothing is sent while the guest is not recording.
     *
     * @param samples interleaved samples; {@code length} must be a whole number of frames
     * @return whether the guest is recording (when false, the samples were discarded)
     * @throws IllegalArgumentException if {@code length} is not a whole number of frames of the stream's format
     */
    public boolean send(short[] samples, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        synchronized (lock) {
            Stream current = stream;
            if (current == null) {
                return false;
            }
            if (length % current.format.channels() != 0) {
                throw new IllegalArgumentException(length + " samples are not whole frames of " + current.format);
            }
            long time = host.mmTime();
            if (!current.marked) {
                send(MSGC_RECORD_MODE, ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt((int) time).putShort((short) current.mode()).flip());
                send(MSGC_RECORD_START_MARK, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt((int) time).flip());
                current.marked = true;
            }
            int position = offset;
            int end = offset + length;
            while (position < end) {
                int taken = Math.min(end - position, current.frame.length - current.filled);
                System.arraycopy(samples, position, current.frame, current.filled, taken);
                current.filled += taken;
                position += taken;
                if (current.filled == current.frame.length) {
                    sendFrame(current, time);
                    current.filled = 0;
                }
            }
            return true;
        }
    }

    private void sendFrame(Stream current, long time) {
        ByteBuffer body;
        if (current.encoder == null) {
            body = ByteBuffer.allocate(4 + current.frame.length * 2).order(ByteOrder.LITTLE_ENDIAN).putInt((int) time);
            for (short sample : current.frame) {
                body.putShort(sample);
            }
        } else {
            int length;
            try {
                length = current.encoder.encode(current.frame, 0, RECORD_FRAME_SAMPLES, current.encoded, 0,
                        current.encoded.length);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: Opus could not encode a packet; it is skipped: {1}", name(),
                        e.getMessage());
                return;
            }
            body = ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN).putInt((int) time)
                    .put(current.encoded, 0, length);
        }
        send(MSGC_RECORD_DATA, body.flip());
        sentPackets.incrementAndGet();
    }

    @Override
    protected void handleMessage(int type, MemorySegment body) throws IOException {
        switch (type) {
            case MSG_RECORD_START -> onStart(body);
            case MSG_RECORD_STOP -> onStop();
            case MSG_RECORD_VOLUME -> {
                Optional<List<Integer>> levels = AudioVolume.parse(body, name() + " VOLUME");
                if (levels.isPresent()) {
                    host.fire(() -> events.volume(levels.get()));
                } else {
                    droppedMessages.incrementAndGet();
                }
            }
            case MSG_RECORD_MUTE -> {
                boolean muted = new WireReader(body, name() + " MUTE").u8() != 0;
                host.fire(() -> events.mute(muted));
            }
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring message {1}", name(), type);
        }
    }

    private void onStart(MemorySegment body) throws IOException {
        WireReader reader = new WireReader(body, name() + " START");
        long channels = reader.u32();
        int sampleFormat = reader.u16();
        long frequency = reader.u32();
        onStop();
        if (sampleFormat != FORMAT_S16 || channels < 1 || channels > MAX_CHANNELS || frequency < MIN_FREQUENCY
                || frequency > MAX_FREQUENCY) {
            droppedMessages.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "{0}: the guest records in a format Saffron cannot send (format "
                    + "{1}, {2} channels, {3} Hz); it gets no audio", name(), sampleFormat, channels, frequency);
            return;
        }
        PcmFormat format = new PcmFormat((int) channels, (int) frequency);
        OpusEncoder encoder = null;
        if (opusAvailable && testCapability(RECORD_CAP_OPUS) && OPUS_RATES.contains(format.sampleRate())) {
            encoder = OpusCodecs.installed().openEncoder(format.sampleRate(), format.channels(), OPUS_BITRATE).orElse(null);
        }
        AudioEncoding encoding = encoder == null ? AudioEncoding.RAW : AudioEncoding.OPUS;
        synchronized (lock) {
            stream = new Stream(format, encoder);
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: guest started recording, {1}, sending {2}", name(), format, encoding);
        host.fire(() -> events.started(format, encoding));
    }

    private void onStop() {
        Stream ended;
        synchronized (lock) {
            ended = stream;
            stream = null;
            if (ended != null && ended.encoder != null) {
                ended.encoder.close();
            }
        }
        if (ended != null) {
            host.fire(events::stopped);
        }
    }

    @Override
    public void channelEnded() {
        onStop();
    }

    /** The old server's recording is over; a new one starts with its own START. */
    @Override
    protected void connectionReset() {
        onStop();
    }
}
