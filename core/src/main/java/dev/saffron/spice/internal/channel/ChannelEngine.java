package dev.saffron.spice.internal.channel;

import dev.saffron.spice.ChannelEvent;
import dev.saffron.spice.ChannelType;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.link.Credentials;
import dev.saffron.spice.internal.link.EarlyMessage;
import dev.saffron.spice.internal.link.LinkHandshake;
import dev.saffron.spice.internal.link.LinkResult;
import dev.saffron.spice.internal.transport.Transport;
import dev.saffron.spice.internal.wire.Capabilities;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine behind one SPICE channel: its own connection to the server, linked with the session's credentials,
 * running its read loop on its own daemon platform thread. Subclasses handle their channel's messages; this
 * class handles the messages every channel shares and the lifecycle ({@link ChannelEvent}). An engine reaches
 * its session only through its {@link ChannelHost}, and its application-facing facade only through the events
 * interface each subclass declares.
 *
 * <p>One engine outlives its connections: when the session reconnects or migrates, a connection that ends is
 * not the channel's end. The host then {@linkplain ChannelHost#suspendOnDrop keeps} the engine suspended (no
 * end event, its state kept) until {@link #relink} gives it a new connection, on a new reader thread, after
 * {@link #connectionReset()}. A seamless migration instead switches the connection in place, state and all
 * (base MIGRATE / MIGRATE_DATA).
 */
public abstract class ChannelEngine {
    private static final System.Logger LOG = System.getLogger(ChannelEngine.class.getName());
    /** How long WAIT_FOR_CHANNELS may hold this channel for another; spice-gtk waits without bound. */
    private static final Duration WAIT_FOR_CHANNELS_LIMIT = Duration.ofSeconds(30);
    private static final int MAX_WAITS = 256;
    /** How long a seamless migration waits for the flush mark to leave before it closes the source. */
    private static final Duration MIGRATION_FLUSH_LIMIT = Duration.ofSeconds(5);

    protected final ChannelHost host;
    private final ChannelType type;
    private final int id;
    private volatile CompletableFuture<Void> settled = new CompletableFuture<>();
    /** Guards {@link #suspended} and {@link #pendingRelink} against {@link #disconnect()}. */
    private final Object lifecycle = new Object();
    private boolean suspended;
    private Relink pendingRelink;
    /** Set by {@link #dropConnection()}: the connection's end is expected, not an error. */
    private volatile boolean dropRequested;
    /** The destination a seamless migration moves this channel to once MIGRATE_DATA arrives; reader thread only. */
    private PreparedLink awaitingMigrateData;
    /** The flush mark sent to the source in a seamless migration; it must leave before the source closes. */
    private CompletableFuture<Void> flushMark;
    private final ProcessedSerial processedSerial = new ProcessedSerial();
    private volatile LinkResult link;
    private volatile ChannelConnection connection;
    private volatile Transport transport;
    private volatile boolean closeRequested;
    private volatile boolean serverDisconnecting;
    private volatile boolean ended;
    private volatile Thread thread;
    private MessageRecorder recorder;

    protected ChannelEngine(ChannelHost host, ChannelType type, int id) {
        this.host = host;
        this.type = type;
        this.id = id;
    }

    /** @return the channel type */
    public ChannelType type() {
        return type;
    }

    /** @return the channel id (several channels of one type differ by id) */
    public int id() {
        return id;
    }

    /** @return a short name such as {@code display-0} */
    public String name() {
        return type.spiceName() + "-" + id;
    }

    /** @return whether the channel is linked and its connection has not ended */
    public boolean isOpen() {
        ChannelConnection current = connection;
        return current != null && !current.isClosed() && !ended;
    }

    /** @return the server's capabilities for this channel type (none before the link) */
    public Capabilities serverCapabilities() {
        LinkResult current = link;
        return current == null ? Capabilities.none() : current.serverChannelCaps();
    }

    /** @return the server's common capabilities (none before the link) */
    public Capabilities serverCommonCapabilities() {
        LinkResult current = link;
        return current == null ? Capabilities.none() : current.serverCommonCaps();
    }

    /** @return whether the server announced channel capability {@code capability} (spice-gtk's test_capability) */
    public boolean testCapability(int capability) {
        LinkResult current = link;
        return current != null && current.serverChannelCaps().has(capability);
    }

    /**
     * How a suspended channel connects again.
     *
     * @param connectionId the session id to link with (0 for a fresh main channel)
     * @param prepared     a link a migration made to the destination, or null to connect as configured
     */
    public record Relink(long connectionId, PreparedLink prepared) {
    }

    /** Closes this channel's connection; it ends with {@link ChannelEvent#CLOSED}. Idempotent. */
    public void disconnect() {
        boolean endNow;
        synchronized (lifecycle) {
            closeRequested = true;
            endNow = suspended;
            suspended = false;
            if (pendingRelink != null && pendingRelink.prepared() != null) {
                pendingRelink.prepared().close();
            }
            pendingRelink = null;
        }
        if (endNow) {
            // No reader thread is left to end a suspended channel.
            end(ChannelEvent.CLOSED, null);
            return;
        }
        ChannelConnection current = connection;
        if (current != null) {
            current.close();
        }
        Transport open = transport;
        if (open != null) {
            open.close();
        }
        // A channel waiting for another (WAIT_FOR_CHANNELS) is not reading; closing the socket alone would not
        // wake it.
        Thread reader = thread;
        if (reader != null) {
            reader.interrupt();
        }
    }

    @Override
    public String toString() {
        return name();
    }

    // ---- for subclasses, the facade and the session ---------------------------------------------------

    /** @return the channel capabilities this client offers in the link message */
    public abstract Capabilities clientCapabilities();

    /**
     * @return the first message {@link #channelUp} would send, for the link to send right behind the ticket
     *         ({@link EarlyMessage}), or null (the default) to send nothing early; a channel that returns one
     *         asks {@link #earlyMessageSent()} before sending it itself
     */
    protected EarlyMessage earlyMessage() {
        return null;
    }

    /** @return whether this connection's link sent {@link #earlyMessage()} already */
    protected final boolean earlyMessageSent() {
        LinkResult current = link;
        return current != null && current.earlyMessageSent();
    }

    /**
     * Handles a message of this channel's own range (101 and up). Runs on the channel thread; the body is only
     * valid during the call.
     */
    protected abstract void handleMessage(int type, MemorySegment body) throws IOException;

    /** Called on the channel thread right after the link; the channel is ready for users unless overridden. */
    public void channelUp() {
        markReady();
    }

    /** Called on the channel thread once its connection has ended, to free what the channel holds. */
    public void channelEnded() {
    }

    /**
     * Called on the channel's new thread before it relinks to a server that knows nothing of this client
     * (reconnect, semi-seamless migration), to drop what the old connection's server had set up: surfaces,
     * streams, the agent. The default keeps everything.
     */
    protected void connectionReset() {
    }

    /** @return whether the connection ended and the channel waits for {@link #relink} */
    public final boolean isSuspended() {
        synchronized (lifecycle) {
            return suspended;
        }
    }

    /**
     * Ends the current connection without ending the channel, for a reconnect or a migration: the host is asked
     * to {@linkplain ChannelHost#suspendOnDrop keep} it. Any thread.
     */
    public final void dropConnection() {
        dropRequested = true;
        ChannelConnection current = connection;
        if (current != null) {
            current.close();
        }
        Transport open = transport;
        if (open != null) {
            open.close();
        }
        Thread reader = thread;
        if (reader != null) {
            reader.interrupt();
        }
    }

    /**
     * Connects a suspended channel again, on a new reader thread; a channel whose connection is still on its way
     * down relinks as soon as it is suspended. Nothing happens once the channel was closed.
     */
    public final void relink(Relink how) {
        synchronized (lifecycle) {
            if (closeRequested || ended) {
                if (how.prepared() != null) {
                    how.prepared().close();
                }
                return;
            }
            if (!suspended) {
                pendingRelink = how;
                return;
            }
            suspended = false;
            settled = new CompletableFuture<>();
        }
        startThread(how, false);
    }

    /** @return the connection's transport, once connected; the link may replace it (SASL) */
    protected final Transport transport() {
        return transport;
    }

    /** Lets the session's {@code awaitChannels} know this channel is usable. */
    protected final void markReady() {
        settled.complete(null);
    }

    /** Completes when the channel is ready for use, has ended, or lost its connection (until it relinks). */
    public final CompletableFuture<Void> settled() {
        return settled;
    }

    /** Queues a message to the server; fails the future if the channel is not open. */
    public final CompletableFuture<Void> send(int messageType, ByteBuffer body) {
        ChannelConnection current = connection;
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new SpiceException(SpiceError.FAILED, name() + " is not connected"));
        }
        return current.send(messageType, body);
    }

    /** @return the serial of the last message processed, for other channels' WAIT_FOR_CHANNELS */
    public final ProcessedSerial processedSerial() {
        return processedSerial;
    }

    /**
     * Starts the channel's thread: connect, link, then read until the end. A platform thread, not a virtual
     * one: a virtual thread's blocking socket read parks it on the JDK's poller thread, which then waits in
     * epoll_wait for the rest of the process, and HotSpot's exit waits 300 ms for any thread in native code
     * (README, Performance). A platform reader leaves native code when its socket is closed, and reads with
     * one system call instead of a poller round trip.
     */
    public final void start(long connectionId) {
        startThread(new Relink(connectionId, null), true);
    }

    private void startThread(Relink how, boolean first) {
        Thread reader = Thread.ofPlatform().daemon().name("spice-" + name()).unstarted(() -> run(how, first));
        thread = reader;
        reader.start();
    }

    private void run(Relink how, boolean first) {
        ChannelEvent endEvent = ChannelEvent.CLOSED;
        SpiceException error = null;
        boolean linked = false;
        try {
            dropRequested = false;
            if (!first) {
                connectionReset();
            }
            if (how.prepared() != null) {
                link = how.prepared().link();
                transport = link.transport();
            } else {
                link = connectAndLink(how.connectionId());
            }
            if (link == null) {
                return;
            }
            linked = true;
            ChannelConnection handed = how.prepared() == null ? null : how.prepared().connection();
            connection = handed != null ? handed : new ChannelConnection(transport, link.miniHeader(),
                    host.config().maxMessageSize(), name(), processedSerial);
            if (recorder == null) {
                recorder = host.recorderFor(this, link.miniHeader());
            }
            connection.record(recorder);
            if (handed == null) {
                connection.startWriter();
            }
            if (closeRequested || dropRequested) {
                connection.close();
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: linked to {1}{2}, server caps {3}", name(), transport.peer(),
                    transport.isSecure() ? " over TLS" : "", link.serverChannelCaps());
            host.channelOpened(this);
            channelUp();
            readUntilEnd();
        } catch (IOException e) {
            error = explain(e);
            if (error != null) {
                endEvent = classify(error, linked);
            }
        } catch (RuntimeException e) {
            error = new SpiceException(SpiceError.FAILED, name() + ": internal error: " + e, e);
            endEvent = ChannelEvent.ERROR_IO;
            LOG.log(System.Logger.Level.ERROR, name() + ": internal error", e);
        } finally {
            connectionEnded(endEvent, error);
        }
    }

    /** Reads until the connection ends, following the channel to the destination of a seamless migration. */
    private void readUntilEnd() throws IOException {
        while (true) {
            ChannelConnection reading = connection;
            reading.runReader(this::dispatch);
            if (connection == reading || closeRequested || dropRequested) {
                return;
            }
        }
    }

    /** The connection ended: the channel ends too, unless the host keeps it for a new connection. */
    private void connectionEnded(ChannelEvent endEvent, SpiceException error) {
        if (!closeRequested && host.suspendOnDrop(this, endEvent, error)) {
            releaseConnection();
            Relink next;
            synchronized (lifecycle) {
                if (!closeRequested) {
                    next = pendingRelink;
                    pendingRelink = null;
                    suspended = next == null;
                    settled.complete(null);
                    if (next != null) {
                        settled = new CompletableFuture<>();
                        startThread(next, false);
                    }
                    return;
                }
            }
        }
        end(endEvent, error);
    }

    private void releaseConnection() {
        if (connection != null) {
            connection.close();
        }
        if (transport != null) {
            transport.close();
        }
        PreparedLink waiting = awaitingMigrateData;
        awaitingMigrateData = null;
        if (waiting != null) {
            waiting.close();
        }
    }

    /**
     * Runs the data stage over a connection that is already linked, without threads of its own: the caller
     * feeds the connection's reader and the engine handles what it reads on the caller's thread, and every
     * message the engine sends is written on the thread that sends it (the test harness runs channels this
     * way). End it with {@link #detach()}.
     *
     * @return the connection, for the caller to read from
     */
    public final ChannelConnection attach(LinkResult linked) {
        link = linked;
        transport = linked.transport();
        connection = new ChannelConnection(transport, linked.miniHeader(), host.config().maxMessageSize(), name(),
                processedSerial);
        connection.writeOnCaller();
        host.channelOpened(this);
        channelUp();
        return connection;
    }

    /** Ends a channel that {@link #attach} started, as its read loop ends when the channel is closed. */
    public final void detach() {
        closeRequested = true;
        end(ChannelEvent.CLOSED, null);
    }

    /** Ends a channel that {@link #attach} started, as its read loop ends when reading fails with {@code failure}. */
    public final void detach(IOException failure) {
        SpiceException error = explain(failure);
        end(error == null ? ChannelEvent.CLOSED : classify(error, true), error);
    }

    /**
     * @return why the channel ended, or null when {@code e} is only the expected end: the application closed
     *         the channel, or the server said it was disconnecting and then closed the connection
     */
    private SpiceException explain(IOException e) {
        if (closeRequested || dropRequested || (serverDisconnecting && !(e instanceof SpiceException))) {
            return null;
        }
        return host.explainTimeout(e instanceof SpiceException spice ? spice
                : new SpiceException(SpiceError.IO, name() + ": connection lost: " + ProblemText.of(e), e), transport);
    }

    private void end(ChannelEvent endEvent, SpiceException error) {
        ended = true;
        processedSerial.end();
        releaseConnection();
        if (error != null) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: ended with {1}: {2}", name(), endEvent, error.getMessage());
        }
        channelEnded();
        closeRecorder();
        host.channelEnded(this, endEvent, error);
        settled.complete(null);
    }

    private void closeRecorder() {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the recording is incomplete: {1}", name(), e.getMessage());
            }
        }
    }

    /**
     * Connects and links, over TLS from the start if the session says so, and once more over TLS if the
     * server answers plain text with NEED_SECURED, as spice-gtk does. The server refuses before the ticket
     * is sent, so the password never travels in plain text to a server that wants TLS.
     *
     * @return the link, or null if the channel was closed meanwhile
     */
    private LinkResult connectAndLink(long connectionId) throws IOException {
        boolean requireTls = false;
        while (true) {
            transport = host.openTransport(this, requireTls);
            if (closeRequested) {
                return null;
            }
            ScheduledFuture<?> watchdog = host.armLinkTimeout(transport);
            try {
                SessionConfig config = host.config();
                LinkResult link = LinkHandshake.perform(transport, config.protocol(), connectionId, type, id,
                        clientCapabilities(), config.host().orElse("localhost"),
                        new Credentials(config.username(), config.password()), earlyMessage());
                transport = link.transport();
                return link;
            } catch (SpiceException e) {
                if (e.error() != SpiceError.LINK_NEED_SECURED || transport.isSecure()) {
                    throw e;
                }
                LOG.log(System.Logger.Level.DEBUG, "{0}: the server wants TLS; reconnecting to the TLS port", name());
                transport.close();
                requireTls = true;
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    private static ChannelEvent classify(SpiceException error, boolean linked) {
        return switch (error.error()) {
            case CONNECT_FAILED -> ChannelEvent.ERROR_CONNECT;
            case TIMEOUT -> linked ? ChannelEvent.ERROR_IO : ChannelEvent.ERROR_CONNECT;
            case TLS_FAILED -> ChannelEvent.ERROR_TLS;
            case AUTH_NEEDS_PASSWORD, AUTH_NEEDS_USERNAME, AUTH_NEEDS_PASSWORD_AND_USERNAME -> ChannelEvent.ERROR_AUTH;
            default -> linked ? ChannelEvent.ERROR_IO : ChannelEvent.ERROR_LINK;
        };
    }

    /** Handles one message: the shared ones here, the channel's own in {@link #handleMessage}. */
    public final void dispatch(int messageType, MemorySegment body) throws IOException {
        switch (messageType) {
            case BaseMessages.WAIT_FOR_CHANNELS -> waitForChannels(body);
            case BaseMessages.DISCONNECTING -> {
                WireReader reader = new WireReader(body, name() + " DISCONNECTING");
                reader.u64();
                long reason = reader.u32();
                serverDisconnecting = true;
                LOG.log(System.Logger.Level.INFO, "{0}: server is disconnecting (reason {1})", name(), reason);
            }
            case BaseMessages.NOTIFY -> notifyFromServer(body);
            case BaseMessages.MIGRATE -> migrate(new WireReader(body, name() + " MIGRATE").u32());
            case BaseMessages.MIGRATE_DATA -> migrateData(body);
            default -> {
                if (messageType > 100) {
                    handleMessage(messageType, body);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring unknown base message {1}", name(), messageType);
                }
            }
        }
    }

    /**
     * The source server let go of this channel in a seamless migration: flush if asked, wait for MIGRATE_DATA if
     * announced, then carry on at the destination the session linked to beforehand.
     */
    private void migrate(long flags) throws IOException {
        Optional<PreparedLink> destination = host.takeSeamlessDestination(this);
        if (destination.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the server moved the channel in a migration the session did "
                    + "not prepare; the channel may end", name());
            return;
        }
        if ((flags & BaseMessages.MIGRATE_NEED_FLUSH) != 0) {
            flushMark = send(BaseMessages.MIGRATE_FLUSH_MARK, ByteBuffer.allocate(0));
        }
        if ((flags & BaseMessages.MIGRATE_NEED_DATA_TRANSFER) != 0) {
            awaitingMigrateData = destination.get();
        } else {
            switchTo(destination.get(), null);
        }
    }

    private void migrateData(MemorySegment body) throws IOException {
        PreparedLink destination = awaitingMigrateData;
        if (destination == null) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: ignoring MIGRATE_DATA that no MIGRATE announced", name());
            return;
        }
        awaitingMigrateData = null;
        switchTo(destination, ByteBuffer.wrap(body.toArray(ValueLayout.JAVA_BYTE)));
    }

    /**
     * Moves the channel to the destination's connection with its state untouched and hands the source's
     * migration data over first; {@link #readUntilEnd} then reads from the destination. The source connection
     * goes to the host, which closes it once every channel has moved.
     */
    private void switchTo(PreparedLink destination, ByteBuffer data) throws IOException {
        CompletableFuture<Void> mark = flushMark;
        flushMark = null;
        if (mark != null) {
            try {
                mark.get(MIGRATION_FLUSH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpiceException(SpiceError.IO, name() + ": interrupted while migrating", e);
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: the flush mark did not reach the source: {1}", name(),
                        ProblemText.of(e));
            }
        }
        ChannelConnection source = connection;
        LinkResult target = destination.link();
        ChannelConnection next = destination.connection() != null ? destination.connection()
                : new ChannelConnection(target.transport(), target.miniHeader(), host.config().maxMessageSize(),
                        name(), processedSerial);
        next.record(recorder);
        if (destination.connection() == null) {
            next.startWriter();
        }
        link = target;
        transport = target.transport();
        connection = next;
        if (data != null) {
            next.send(BaseMessages.MIGRATE_DATA_CLIENT, data);
        }
        source.stopReading();
        LOG.log(System.Logger.Level.DEBUG, "{0}: migrated to {1}", name(), transport.peer());
        host.seamlessSwitched(this, source);
    }

    /** Handles WAIT_FOR_CHANNELS, and the same list at the start of INVAL_ALL_PIXMAPS. */
    protected final void waitForChannels(MemorySegment body) throws IOException {
        WireReader reader = new WireReader(body, name() + " WAIT_FOR_CHANNELS");
        int count = reader.count8(10, MAX_WAITS);
        for (int i = 0; i < count; i++) {
            int waitType = reader.u8();
            int waitId = reader.u8();
            long serial = reader.u64();
            Optional<ProcessedSerial> other = host.processedSerial(waitType, waitId);
            if (other.isEmpty() || other.get() == processedSerial) {
                continue;
            }
            try {
                if (!other.get().await(serial, WAIT_FOR_CHANNELS_LIMIT)) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: gave up waiting for channel {1}:{2} to reach "
                            + "serial {3}", name(), waitType, waitId, serial);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpiceException(SpiceError.IO, name() + ": interrupted", e);
            }
        }
    }

    private void notifyFromServer(MemorySegment body) throws IOException {
        WireReader reader = new WireReader(body, name() + " NOTIFY");
        reader.u64();
        long severity = reader.u32();
        reader.u32();
        reader.u32();
        int length = reader.count32(1, 64 * 1024);
        String text = reader.string(length);
        // spice-gtk only debug-logs these; one level down from the server's keeps routine notices, such as
        // spice-server's warning that the inputs channel is not encrypted, out of a launcher's default output.
        System.Logger.Level level = severity >= 2 ? System.Logger.Level.WARNING
                : severity == 1 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
        LOG.log(level, "{0}: server says: {1}", name(), text);
    }
}
