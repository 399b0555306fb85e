package dev.saffron.spice.testing;

import dev.saffron.spice.AnnouncedChannel;
import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.internal.channel.ChannelConnection;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.channel.MainChannelHost;
import dev.saffron.spice.internal.channel.MessageRecorder;
import dev.saffron.spice.internal.channel.ProcessedSerial;
import dev.saffron.spice.internal.display.DisplayEngine;
import dev.saffron.spice.internal.display.SharedDisplayState;
import dev.saffron.spice.internal.display.SurfaceBudget;
import dev.saffron.spice.internal.link.LinkResult;
import dev.saffron.spice.internal.transport.Transport;
import dev.saffron.spice.spi.PassedDescriptor;
import dev.saffron.spice.internal.wire.Capabilities;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one channel engine with no socket, no link and no reader or writer thread, like Netty's
 * {@code EmbeddedChannel} (threads of the engine's own, such as a display's video presenter, still run): the
 * test plays the server, feeding it message bytes with {@link #send} and reading what the client sent with
 * {@link #readMessage}. The engine reads, handles and answers on the test's thread, through the same framing
 * ({@link ChannelConnection}) as over a socket, and listener calls run inline. The harness is the engine's
 * {@link ChannelHost} (a {@link MainChannelHost}, for the main channel): a session of its own with the given
 * configuration, never connected; it records the channel's lifecycle events, and takes a main channel's
 * session calls without opening other channels. Writes never block, as there is no socket buffer to fill:
 * only the channel's own flow control (agent tokens, motion acknowledgements) holds a sender back. Real-server
 * behaviour is tested against QEMU, never against this.
 */
public final class ChannelHarness implements MainChannelHost, AutoCloseable {
    private static final int MINI_HEADER_SIZE = 6;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final SessionConfig config;
    private final SpiceSession session;
    private final Wire wire = new Wire();
    private final Queue<FakeSpiceServer.Message> sent = new ArrayDeque<>();
    private final List<String> lifecycle = new ArrayList<>();
    private final SurfaceBudget surfaceBudget;
    private final AtomicInteger firedTasks = new AtomicInteger();
    private SharedDisplayState sharedDisplay;
    private ChannelEngine engine;
    private ChannelConnection connection;
    private long mmTimeOffsetNanos = System.nanoTime();

    /** A harness whose session has the default configuration. */
    public ChannelHarness() {
        this(SessionConfig.builder().build());
    }

    /** @param config the configuration the engine reads (read-only mode, preferred codecs, cache sizes) */
    public ChannelHarness(SessionConfig config) {
        this.config = config;
        this.session = new SpiceSession(config, Runnable::run);
        this.surfaceBudget = new SurfaceBudget(config.surfaceMemoryBudget());
    }

    /**
     * Links {@code engine} as if the server had answered with {@code serverChannelCaps} (the first word of its
     * channel capabilities) and mini headers, then runs the engine's start-up ({@code channelUp}), whose
     * messages {@link #readMessage} then returns.
     *
     * @return {@code engine}
     */
    public <E extends ChannelEngine> E link(E engine, int serverChannelCaps) {
        if (this.engine != null) {
            throw new IllegalStateException("the harness runs one channel");
        }
        this.engine = engine;
        connection = engine.attach(new LinkResult(Capabilities.none(),
                Capabilities.fromWords(new int[]{serverChannelCaps}), true, wire, false));
        return engine;
    }

    /**
     * Makes the harness's connection one that receives file descriptors, as libc's unix socket does: each
     * marker byte the server sends after a message takes the next descriptor {@link #passDescriptor} queued,
     * or none when the queue is empty. Call before {@link #link}, whose capabilities then offer GL scanouts.
     */
    public void receiveDescriptors() {
        wire.receivesDescriptors = true;
    }

    /** Queues a descriptor to come with the next marker byte (see {@link #receiveDescriptors()}). */
    public void passDescriptor(PassedDescriptor descriptor) {
        wire.passed.add(descriptor);
    }

    /** Sends one server message with a mini header; the engine has handled it when this returns. */
    public void send(int type, byte[] body) throws IOException {
        raw(ByteBuffer.allocate(MINI_HEADER_SIZE + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) type).putInt(body.length).put(body).array());
    }

    /**
     * Sends raw bytes from the server; the engine handles every message they complete. When a message breaks
     * the protocol, the channel ends as its read loop would end it, and the error is thrown.
     */
    public void raw(byte[] bytes) throws IOException {
        wire.incoming(bytes);
        try {
            while (wire.holdsWholeMessage()) {
                connection.readMessage(engine::dispatch);
            }
            // A display channel with decode threads may still be drawing what it read.
            if (engine instanceof DisplayEngine display) {
                display.awaitDraws();
            }
        } catch (IOException e) {
            engine.detach(e);
            throw e;
        } finally {
            collectSent();
        }
    }

    /**
     * @return the client's next message, in the order sent. What the engine sends while handling a call on the
     *         test's thread is there at once; a message from a thread of the engine's own (a file transfer's)
     *         is waited for, up to ten seconds, before the test fails.
     */
    public FakeSpiceServer.Message readMessage() throws IOException {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        collectSent();
        while (sent.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client sent nothing within " + READ_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the client");
            }
            collectSent();
        }
        return sent.poll();
    }

    /** @return the type of the client's next message */
    public int readMessageType() throws IOException {
        return readMessage().type();
    }

    /** @return whether the client sent nothing that {@link #readMessage} has not returned yet */
    public boolean silent() {
        collectSent();
        return sent.isEmpty();
    }

    /**
     * @return whether the client sent nothing more within {@code millis} milliseconds: for what threads of the
     *         engine's own might send, where {@link #silent} would not wait for them
     */
    public boolean silentFor(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return silent();
    }

    /** @return the channel's lifecycle so far, each as {@code "<name> <event>[ <error>]"} */
    public List<String> lifecycle() {
        return List.copyOf(lifecycle);
    }

    /** Ends the channel as a close by the application does. */
    @Override
    public void close() {
        if (engine != null && engine.isOpen()) {
            engine.detach();
        }
        wire.close();
    }

    private void collectSent() {
        sent.addAll(wire.takeMessages());
    }

    // ---- the engine's host -------------------------------------------------------------------------

    @Override
    public SpiceSession session() {
        return session;
    }

    @Override
    public SessionConfig config() {
        return config;
    }

    @Override
    public void fire(Runnable listenerCall) {
        firedTasks.incrementAndGet();
        listenerCall.run();
    }

    /** @return how many tasks the engine has handed to the event executor, each run at once on its thread */
    public int firedTasks() {
        return firedTasks.get();
    }

    @Override
    public long mmTime() {
        return ((System.nanoTime() - mmTimeOffsetNanos) / 1_000_000L) & 0xFFFF_FFFFL;
    }

    @Override
    public void setMmTime(long time) {
        mmTimeOffsetNanos = System.nanoTime() - time * 1_000_000L;
    }

    @Override
    public Transport openTransport(ChannelEngine channel, boolean requireTls) throws SpiceException {
        throw new IllegalStateException("the harness links its channel itself");
    }

    @Override
    public ScheduledFuture<?> armLinkTimeout(Transport transport) {
        throw new IllegalStateException("the harness links its channel itself");
    }

    @Override
    public SpiceException explainTimeout(SpiceException error, Transport transport) {
        return error;
    }

    @Override
    public MessageRecorder recorderFor(ChannelEngine channel, boolean miniHeader) {
        return null;
    }

    @Override
    public void channelOpened(ChannelEngine channel) {
        lifecycle.add(channel.name() + " " + ChannelEvent.OPENED);
    }

    @Override
    public void channelEnded(ChannelEngine channel, ChannelEvent event, SpiceException error) {
        lifecycle.add(channel.name() + " " + event + (error == null ? "" : " " + error.error()));
    }

    @Override
    public Optional<ProcessedSerial> processedSerial(int wireType, int id) {
        return Optional.empty();
    }

    @Override
    public SurfaceBudget surfaceBudget() {
        return surfaceBudget;
    }

    @Override
    public SharedDisplayState sharedDisplayState() {
        if (sharedDisplay == null) {
            sharedDisplay = SharedDisplayState.create(config.cacheSize(), config.glzWindowSize(), 0);
        }
        return sharedDisplay;
    }

    @Override
    public void sessionStarted(long id, long mmTime, long ramHintBytes) {
        setMmTime(mmTime);
    }

    @Override
    public void guestNamed(String name) {
    }

    @Override
    public void guestIdentified(UUID uuid) {
    }

    @Override
    public void channelsAnnounced(List<AnnouncedChannel> channels) {
    }

    /**
     * The bytes between the test and the engine: what the test sent and the engine has not read yet, read on
     * the test's thread, and what the engine wrote and the test has not taken yet, written on whichever thread
     * sent it.
     */
    private static final class Wire implements Transport {
        private ByteBuffer in = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Queue<PassedDescriptor> passed = new ArrayDeque<>();
        private boolean receivesDescriptors;

        void incoming(byte[] bytes) {
            ByteBuffer joined = ByteBuffer.allocate(in.remaining() + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
            in = joined.put(in).put(bytes).flip();
        }

        /** @return whether the unread bytes hold a whole message, header and body */
        boolean holdsWholeMessage() {
            return in.remaining() >= MINI_HEADER_SIZE
                    && in.remaining() - MINI_HEADER_SIZE >= Integer.toUnsignedLong(in.getInt(in.position() + 2));
        }

        /** @return the whole messages written so far and not taken yet; a part of one waits for the rest */
        synchronized List<FakeSpiceServer.Message> takeMessages() {
            ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            List<FakeSpiceServer.Message> messages = new ArrayList<>();
            while (bytes.remaining() >= MINI_HEADER_SIZE
                    && bytes.remaining() - MINI_HEADER_SIZE >= bytes.getInt(bytes.position() + 2)) {
                int type = Short.toUnsignedInt(bytes.getShort());
                byte[] body = new byte[bytes.getInt()];
                bytes.get(body);
                messages.add(new FakeSpiceServer.Message(type, body));
            }
            out.reset();
            out.write(bytes.array(), bytes.position(), bytes.remaining());
            return messages;
        }

        /** Like a socket's count of arrived bytes: what the test sent in one {@code raw} call has all arrived. */
        @Override
        public boolean hasArrivedInput() {
            return in.hasRemaining();
        }

        @Override
        public void readFully(ByteBuffer destination) throws IOException {
            if (in.remaining() < destination.remaining()) {
                throw new EOFException("the test sent no more bytes");
            }
            ByteBuffer part = in.slice(in.position(), destination.remaining());
            destination.put(part);
            in.position(in.position() + part.capacity());
        }

        @Override
        public synchronized void writeFully(ByteBuffer source) {
            byte[] bytes = new byte[source.remaining()];
            source.get(bytes);
            out.write(bytes, 0, bytes.length);
        }

        @Override
        public boolean receivesDescriptors() {
            return receivesDescriptors;
        }

        @Override
        public Optional<PassedDescriptor> receiveDescriptor() throws IOException {
            if (!receivesDescriptors) {
                return Transport.super.receiveDescriptor();
            }
            readFully(ByteBuffer.allocate(1));
            return Optional.ofNullable(passed.poll());
        }

        @Override
        public String peer() {
            return "the test";
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        /** As the kernel does for a closed socket: descriptors passed but never received are closed. */
        @Override
        public void close() {
            passed.forEach(PassedDescriptor::close);
            passed.clear();
        }
    }
}
