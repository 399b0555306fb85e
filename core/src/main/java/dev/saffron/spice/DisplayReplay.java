package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelConnection;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.channel.MessageRecording;
import dev.saffron.spice.internal.channel.ProcessedSerial;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Plays a display recording ({@link SpiceSession#recordDisplay}) into a display channel with no server: the
 * recorded bytes go through the same framing, parsing, decoding and drawing as live ones. For tests,
 * benchmarks and bug reports.
 */
public final class DisplayReplay implements AutoCloseable {
    private final MessageRecording recording;
    private final SessionConfig config;
    private SpiceSession session;
    private DisplayChannel channel;

    private DisplayReplay(MessageRecording recording, SessionConfig config) {
        this.recording = recording;
        this.config = config;
    }

    /**
     * @throws SpiceException with {@link SpiceError#PROTOCOL} if the file is not a display recording
     */
    public static DisplayReplay open(Path file) throws IOException {
        return open(file, SessionConfig.builder().build());
    }

    /**
     * @param config the session configuration the channel plays under: its decode threads and cache sizes
     * @throws SpiceException with {@link SpiceError#PROTOCOL} if the file is not a display recording
     */
    public static DisplayReplay open(Path file, SessionConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        MessageRecording recording = MessageRecording.read(file);
        if (recording.channelType() != ChannelType.DISPLAY.wireValue()) {
            throw new SpiceException(SpiceError.PROTOCOL, file + " records channel type "
                    + recording.channelType() + ", not a display");
        }
        return new DisplayReplay(recording, config);
    }

    /** @return how many messages the recording holds */
    public int messageCount() {
        return recording.entries().size();
    }

    /** @return the recorded bytes, headers included */
    public long byteCount() {
        return recording.entries().stream().mapToLong(entry -> entry.bytes().length).sum();
    }

    /**
     * Plays every message into a fresh display channel.
     *
     * @param paced whether to keep the recorded timing; otherwise as fast as the client can go
     * @return the channel, holding the surfaces as the last message left them (every draw drawn), until
     *         {@link #close()} or the next play
     * @throws SpiceException if a recorded message breaks the protocol
     */
    public DisplayChannel play(boolean paced) throws IOException, InterruptedException {
        closeChannel();
        session = new SpiceSession(config);
        ChannelHost host = session.host();
        channel = new DisplayChannel(host, recording.channelId());
        channel.engine().channelUp();
        long start = System.nanoTime();
        recording.rewind();
        recording.pacer(entry -> {
            if (paced) {
                long wait = entry.nanos() - (System.nanoTime() - start);
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            host.setMmTime(entry.mmTime());
        });
        ChannelConnection connection = new ChannelConnection(recording, recording.miniHeader(),
                session.config().maxMessageSize(), channel.name() + "-replay", new ProcessedSerial());
        connection.startWriter();
        try {
            connection.runReader(channel.engine()::dispatch);
        } catch (EOFException end) {
            // The whole recording was played.
        } finally {
            connection.close();
        }
        channel.engine().awaitDraws();
        return channel;
    }

    /** Waits until video frames scheduled by the last play have been drawn or dropped. */
    public void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (channel != null && channel.engine().pendingStreamFrames() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private void closeChannel() {
        if (channel != null) {
            channel.engine().channelEnded();
            channel = null;
            session.disconnect();
        }
    }

    /** Frees the surfaces of the last play. */
    @Override
    public void close() {
        closeChannel();
    }
}
