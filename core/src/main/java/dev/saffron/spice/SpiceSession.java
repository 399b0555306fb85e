package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelConnection;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.ChannelHost;
import dev.saffron.spice.internal.channel.MainChannelHost;
import dev.saffron.spice.internal.channel.MessageRecorder;
import dev.saffron.spice.internal.channel.PreparedLink;
import dev.saffron.spice.internal.channel.ProblemText;
import dev.saffron.spice.internal.channel.ProcessedSerial;
import dev.saffron.spice.internal.codec.NativeVideo;
import dev.saffron.spice.internal.display.SharedDisplayState;
import dev.saffron.spice.internal.display.SurfaceBudget;
import dev.saffron.spice.internal.link.Credentials;
import dev.saffron.spice.internal.link.LinkHandshake;
import dev.saffron.spice.internal.link.LinkResult;
import dev.saffron.spice.internal.link.TicketCipher;
import dev.saffron.spice.internal.main.MigrationDestination;
import dev.saffron.spice.internal.tls.TlsClientContext;
import dev.saffron.spice.internal.transport.FdTransport;
import dev.saffron.spice.internal.transport.HttpProxyTunnel;
import dev.saffron.spice.internal.transport.SocketTransport;
import dev.saffron.spice.internal.transport.TlsTransport;
import dev.saffron.spice.internal.transport.Transport;
import dev.saffron.spice.internal.transport.UnixDescriptorTransport;
import dev.saffron.spice.internal.transport.Watchdog;
import dev.saffron.spice.spi.UnixSocketAccess;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection to one SPICE server: a main channel plus every channel the server offers that this client
 * implements. Mirrors spice-gtk's {@code SpiceSession}.
 *
 * <p>Threads: each channel reads on its own daemon platform thread; listeners run on the session's event
 * executor, one call at a time, in order. The methods of this class may be called from any thread.
 */
public final class SpiceSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SpiceSession.class.getName());
    /** spice-gtk's threshold for calling a multimedia-time change a jump. */
    private static final long MM_TIME_RESET_THRESHOLD_MS = 500;

    private volatile SessionConfig config;
    private final Optional<HttpProxy> proxy;
    /** Whether GL scanouts are wanted: {@link SessionConfig#effectiveGlScanout} in this process's environment. */
    private final boolean glScanout;
    private final Executor events;
    private final ExecutorService ownedEvents;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SpiceChannel> channels = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Set<Transport> timedOut = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** Guards {@link #tlsSetup}; held while CA files are read, so never the list lock. */
    private final Object tlsLock = new Object();
    private final Host host = new Host();

    private volatile MainChannel main;
    /** The descriptor {@link #openFd} gave for the main channel, until that channel takes it; -1 for none. */
    private final AtomicInteger mainFd = new AtomicInteger(-1);
    private volatile OpenFdHandler openFdHandler;
    private volatile SharedFolderServer sharedFolder;
    private volatile long sessionId;
    private volatile long ramHintBytes;
    private SharedDisplayState sharedDisplay;
    private final SurfaceBudget surfaceBudget;
    private volatile Path displayRecording;
    private TlsClientContext tlsSetup;
    private SessionConfig tlsSetupConfig;
    private volatile String name;
    private volatile UUID uuid;
    private volatile boolean mmTimeKnown;
    private volatile long mmTimeOffsetNanos;
    private volatile boolean closing;
    private volatile SpiceException failure;
    private volatile ReconnectHook reconnectHook;
    private volatile boolean reconnecting;
    private volatile MigrationState migrationState = MigrationState.NORMAL;
    /** Whether {@link #connect} succeeded: only a session that was up reconnects. */
    private volatile boolean up;
    /** The running reconnect loop's thread; guarded by {@link #lock}. */
    private Thread reconnector;
    /** Completes when the main channel's current reconnect attempt is up (INIT), fails when it drops. */
    private volatile CompletableFuture<Void> attemptUp = new CompletableFuture<>();
    /** Set from a reconnect's start until the server lists its channels again, which then relink. */
    private volatile boolean relinkOnList;
    /** The migration under way, if any; guarded by {@link #lock}. */
    private SessionMigration migration;

    /**
     * Creates a session that delivers events on a serial executor of its own: one daemon platform thread. A
     * virtual one cost several times the CPU per listener call (each draw's invalidate woke a carrier, which
     * thawed the thread, ran the call, froze it and scanned the pool before parking), a share of the live
     * session that mattered at hundreds of invalidates a second (README, Performance).
     */
    public SpiceSession(SessionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.proxy = config.effectiveProxy(System.getenv());
        this.glScanout = config.effectiveGlScanout(System.getenv());
        this.ownedEvents = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("spice-session-events").factory());
        this.events = ownedEvents;
        this.surfaceBudget = new SurfaceBudget(config.surfaceMemoryBudget());
    }

    /**
     * Creates a session that delivers events on the given executor, which must run tasks one at a time in
     * submission order (a GUI toolkit's event thread, for example).
     */
    public SpiceSession(SessionConfig config, Executor eventExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.proxy = config.effectiveProxy(System.getenv());
        this.glScanout = config.effectiveGlScanout(System.getenv());
        this.ownedEvents = null;
        this.events = Objects.requireNonNull(eventExecutor, "eventExecutor");
        this.surfaceBudget = new SurfaceBudget(config.surfaceMemoryBudget());
    }

    /**
     * @return the configuration the session connects with: the one it was created with, or the last one a
     *         {@link ReconnectHook} gave
     */
    public SessionConfig config() {
        return config;
    }

    /**
     * spice-gtk's {@code proxy} as the session uses it: {@link SessionConfig#proxy()}, else the
     * {@code SPICE_PROXY} environment variable when the session was created (see
     * {@link SessionConfig#effectiveProxy}). Every TCP connection of the session, TLS ones included, is
     * tunnelled through it with HTTP {@code CONNECT}; the target host is passed to the proxy unresolved.
     *
     * @return the proxy, or empty when the session connects directly
     */
    public Optional<HttpProxy> proxy() {
        return proxy;
    }

    /** Adds a listener for channels and session events. */
    public void addListener(SessionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added before. */
    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Connects the main channel and waits until the server has named the session; the other channels then
     * open in the background as the server lists them (see {@link #awaitChannels}).
     *
     * @throws SpiceException when the server cannot be reached, refuses the link or the credentials, or does
     *                        not answer within the config's connect timeout; the session is closed then
     */
    public void connect() throws SpiceException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a session connects once; create a new session to reconnect");
        }
        start();
    }

    /**
     * Shares a folder with the guest: the session opens the server's webdav channel and {@code server} answers
     * the guest's connections on it ({@link WebdavChannel}). Without a server the session leaves the channel
     * closed, as spice-gtk does without phodav. {@code saffron-webdav}'s {@code SharedFolder} calls this for
     * {@link SessionConfig#sharedDir()}.
     *
     * @throws IllegalStateException once the session has connected
     */
    public void serveSharedFolder(SharedFolderServer server) {
        if (started.get()) {
            throw new IllegalStateException("the shared folder is set before the session connects");
        }
        sharedFolder = Objects.requireNonNull(server, "server");
    }

    /**
     * Like {@link #connect()}, but the main channel runs over {@code fd}, a socket the application already
     * connected to the server's plain-text port (spice-gtk's {@code spice_session_open_fd}); useful for SSH
     * tunnels and sandboxes. The other channels connect as the configuration says, through the
     * {@linkplain #setOpenFdHandler open-fd handler} when {@link SessionConfig#clientSockets()} is set.
     * Needs the {@code saffron-native-bindings} module; the session owns {@code fd} from now on.
     *
     * @param fd an open, connected socket's file descriptor
     * @throws SpiceException as {@link #connect()} does, and with {@link SpiceError#FAILED} when no
     *                        file-descriptor support is present
     */
    public void openFd(int fd) throws SpiceException {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a session connects once; create a new session to reconnect");
        }
        mainFd.set(fd);
        start();
    }

    /**
     * Sets the hook that gives the configuration for each reconnection attempt
     * ({@link SessionConfig#reconnectPolicy()}); without one the session reconnects with the configuration it
     * has, unless that holds a {@linkplain SessionConfig#singleUseTicket() single-use ticket}. May be set or
     * replaced at any time; the next attempt uses the hook set then.
     */
    public void setReconnectHook(ReconnectHook hook) {
        reconnectHook = Objects.requireNonNull(hook, "hook");
    }

    /**
     * @return whether the connection dropped and the session is waiting to connect again, or connecting
     *         (between {@link SessionListener#reconnecting} and {@link SessionListener#reconnected})
     */
    public boolean isReconnecting() {
        return reconnecting;
    }

    /**
     * Sets the handler that supplies each channel's socket when {@link SessionConfig#clientSockets()} is
     * set (spice-gtk's {@code open-fd} signal). Set it before connecting.
     */
    public void setOpenFdHandler(OpenFdHandler handler) {
        openFdHandler = Objects.requireNonNull(handler, "handler");
    }

    private void start() throws SpiceException {
        // Every link but a SASL one encrypts a ticket; the cipher's first lookup is slow (TicketCipher).
        TicketCipher.prepare();
        if (config.videoCodecsEnabled() && config.linkedChannels().contains(ChannelType.DISPLAY)) {
            // The display channels' links name the video codecs they offer; finding them loads FFmpeg.
            NativeVideo.prepare();
        }
        MainChannel channel = new MainChannel(host);
        main = channel;
        addChannel(channel, 0);
        try {
            channel.engine().settled().get(2 * config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail(new SpiceException(SpiceError.TIMEOUT, "the server did not start the session within "
                    + 2 * config.connectTimeout().toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new SpiceException(SpiceError.FAILED, "interrupted while connecting", e));
        } catch (ExecutionException e) {
            fail(new SpiceException(SpiceError.FAILED, "connect failed: " + e.getCause(), e.getCause()));
        }
        if (sessionId == 0) {
            SpiceException error = failure != null ? failure
                    : new SpiceException(SpiceError.FAILED, "the main channel closed before the session started");
            disconnect();
            throw error;
        }
        up = true;
    }

    private void fail(SpiceException error) throws SpiceException {
        failure = error;
        disconnect();
        throw error;
    }

    /**
     * Waits until every channel the server announced, of the types this client implements, is ready or has
     * failed.
     *
     * @return the session's channels at that moment
     * @throws SpiceException with {@link SpiceError#TIMEOUT} if that takes longer than {@code timeout}
     */
    public List<SpiceChannel> awaitChannels(Duration timeout) throws SpiceException {
        MainChannel channel = main;
        if (channel == null) {
            throw new IllegalStateException("connect() first");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            CompletableFuture.anyOf(channel.engine().channelsListFuture(), closedFuture)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (SpiceChannel each : channels) {
                pending.add(each.engine().settled());
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SpiceException(SpiceError.TIMEOUT, "channels not ready within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpiceException(SpiceError.FAILED, "interrupted while waiting for channels", e);
        } catch (ExecutionException e) {
            throw new SpiceException(SpiceError.FAILED, "waiting for channels failed: "
                    + ProblemText.of(e.getCause()), e.getCause());
        }
        return channels();
    }

    /** Closes every channel. Listeners get each channel's end, then {@link SessionListener#sessionClosed}. */
    public void disconnect() {
        List<SpiceChannel> toClose;
        SessionMigration running;
        synchronized (lock) {
            closing = true;
            if (reconnector != null) {
                reconnector.interrupt();
            }
            running = migration;
            migration = null;
            toClose = List.copyOf(channels);
            if (toClose.isEmpty()) {
                finish();
            }
        }
        if (running != null) {
            running.cancel();
        }
        attemptUp.completeExceptionally(new SpiceException(SpiceError.FAILED, "the session was closed"));
        // The main channel last: spice-server ends all of a client's channels when its main connection closes,
        // and one it ended before this side closed it would end with the server's close (ERROR_IO), not CLOSED.
        toClose.stream().filter(channel -> channel.type() != ChannelType.MAIN).forEach(SpiceChannel::disconnect);
        toClose.stream().filter(channel -> channel.type() == ChannelType.MAIN).forEach(SpiceChannel::disconnect);
    }

    /** Same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
    }

    /**
     * Waits until the session has ended (every channel closed and {@link SessionListener#sessionClosed} sent).
     *
     * @return whether it ended within the timeout
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        try {
            closedFuture.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * Records the first display channel's incoming messages to {@code file}, for {@link DisplayReplay}. Call
     * before {@link #connect()}. The recording holds the screen's contents: treat it like a screenshot.
     */
    public void recordDisplay(Path file) {
        displayRecording = Objects.requireNonNull(file, "file");
    }

    /** @return the channels currently in the session */
    public List<SpiceChannel> channels() {
        return List.copyOf(channels);
    }

    /** @return whether the session has a channel of the given type */
    public boolean hasChannelType(ChannelType type) {
        return channels.stream().anyMatch(channel -> channel.type() == type);
    }

    /** @return the main channel, once {@link #connect()} started */
    public Optional<MainChannel> mainChannel() {
        return Optional.ofNullable(main);
    }

    /** @return the open port channel with the given name, if the server offers one */
    public Optional<PortChannel> portChannel(String portName) {
        return channels.stream()
                .filter(channel -> channel instanceof PortChannel)
                .map(PortChannel.class::cast)
                .filter(port -> port.portName().filter(portName::equals).isPresent())
                .findFirst();
    }

    /** @return the smartcard channel, once open; only a session with {@link SessionConfig#smartcardEnabled()} has one */
    public Optional<SmartcardChannel> smartcardChannel() {
        return channels.stream()
                .filter(channel -> channel instanceof SmartcardChannel)
                .map(SmartcardChannel.class::cast)
                .findFirst();
    }

    /** @return the playback channel, once open; only a session with {@link SessionConfig#audioEnabled()} has one */
    public Optional<PlaybackChannel> playbackChannel() {
        return channels.stream()
                .filter(channel -> channel instanceof PlaybackChannel)
                .map(PlaybackChannel.class::cast)
                .findFirst();
    }

    /** @return the record channel, once open; only a session with {@link SessionConfig#audioEnabled()} has one */
    public Optional<RecordChannel> recordChannel() {
        return channels.stream()
                .filter(channel -> channel instanceof RecordChannel)
                .map(RecordChannel.class::cast)
                .findFirst();
    }

    /**
     * @return the usbredir channels, one per USB redirection slot the server announced, in the order announced;
     *         only a session with {@link SessionConfig#usbredirEnabled()} has them
     */
    public List<UsbRedirChannel> usbRedirChannels() {
        return channels.stream()
                .filter(channel -> channel instanceof UsbRedirChannel)
                .map(UsbRedirChannel.class::cast)
                .toList();
    }

    /** @return the webdav channel, once open; only a session with {@link #serveSharedFolder} has one */
    public Optional<WebdavChannel> webdavChannel() {
        return channels.stream()
                .filter(channel -> channel instanceof WebdavChannel)
                .map(WebdavChannel.class::cast)
                .findFirst();
    }

    /** @return the guest's name, if the server sent one */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** @return the guest's UUID, if the server sent one */
    public Optional<UUID> uuid() {
        return Optional.ofNullable(uuid);
    }

    /** @return spice-gtk's {@code migration-state}: where the session stands with a server-driven migration */
    public MigrationState migrationState() {
        return migrationState;
    }

    /**
     * spice-gtk's {@code spice_session_is_for_migration}, which marks the hidden second session spice-gtk opens
     * to link to a migration destination, so that applications can ignore its channels. Saffron links the
     * destination inside the session itself and never shows those links as channels, so an application's
     * session is never one: always false. Follow a migration with {@link #migrationState()} instead.
     *
     * @return false
     */
    public boolean isForMigration() {
        return false;
    }

    /** @return whether the session is read-only (no input is sent), from the configuration */
    public boolean isReadOnly() {
        return config.readOnly();
    }

    /** @return the server's multimedia time now, in milliseconds (an unsigned 32-bit clock) */
    public long mmTime() {
        return ((System.nanoTime() - mmTimeOffsetNanos) / 1_000_000L) & 0xFFFF_FFFFL;
    }

    /** @return why the session ended, if it ended by failure */
    public Optional<SpiceException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return "SpiceSession[" + config.uri().map(Object::toString).orElse("?") + "]";
    }

    // ---- for channels --------------------------------------------------------------------------------

    /** @return what this session's channel engines may ask of it */
    ChannelHost host() {
        return host;
    }

    // ---- reconnect -----------------------------------------------------------------------------------

    /**
     * Whether a channel whose connection ended stays in the session for a new connection: always while the
     * session reconnects or moves to a migration destination; otherwise, a drop with an error starts a reconnect
     * when the policy allows one. The main channel's failed attempt fails the attempt.
     */
    private boolean keepOnDrop(SpiceChannel channel, SpiceException error) {
        SessionReconnect start = null;
        SessionMigration failed = null;
        synchronized (lock) {
            if (closing) {
                return false;
            }
            if (migration != null && migration.isSwitching()) {
                // The destination's main channel broke before the session got there.
                failed = channel == main && error != null ? migration : null;
            }
        }
        if (failed != null) {
            failed.switchFailed(new SpiceException(SpiceError.MIGRATION_FAILED,
                    "the destination dropped the session during the migration: " + error.getMessage(), error));
            return true;
        }
        synchronized (lock) {
            if (closing) {
                return false;
            }
            if (migration != null && migration.isSwitching()) {
                return true;
            }
            if (reconnector != null) {
                if (channel == main) {
                    attemptUp.completeExceptionally(error != null ? error
                            : new SpiceException(SpiceError.IO, "the server closed the connection"));
                }
                return true;
            }
            if (!up || error == null || !config.reconnectPolicy().enabled()) {
                return false;
            }
            start = beginReconnect(error, false);
        }
        if (start == null) {
            return true;
        }
        LOG.log(System.Logger.Level.INFO, "{0} dropped ({1}); reconnecting", channel.name(), error.getMessage());
        startReconnect(start);
        return true;
    }

    /** Starts a reconnect loop; the caller holds {@link #lock} and calls {@link #startReconnect} after. */
    private SessionReconnect beginReconnect(SpiceException cause, boolean switchHost) {
        reconnecting = true;
        relinkOnList = true;
        attemptUp = new CompletableFuture<>();
        SessionReconnect loop = new SessionReconnect(this, cause, switchHost);
        reconnector = Thread.ofVirtual().name("spice-reconnect").unstarted(loop::run);
        return loop;
    }

    private void startReconnect(SessionReconnect loop) {
        Thread thread;
        synchronized (lock) {
            thread = reconnector;
        }
        // Everything still connected leaves the old server: the session starts over as one.
        SessionMigration running = takeMigration();
        if (running != null) {
            running.cancel();
        }
        for (SpiceChannel each : channels) {
            each.engine().dropConnection();
        }
        if (thread != null && loop != null) {
            thread.start();
        }
    }

    private SessionMigration takeMigration() {
        synchronized (lock) {
            SessionMigration running = migration;
            migration = null;
            return running;
        }
    }

    /** @return the hook set now, for the reconnect loop */
    ReconnectHook reconnectHook() {
        return reconnectHook;
    }

    boolean isClosing() {
        return closing;
    }

    /** The reconnect hook's configuration becomes the session's. */
    void useConfig(SessionConfig next) {
        config = next;
    }

    void fireReconnecting(int attempt, Duration delay, SpiceException cause) {
        fire(() -> listeners.forEach(listener -> listener.reconnecting(attempt, delay, cause)));
    }

    /** One reconnect attempt: the main channel links afresh; the future completes at the server's INIT. */
    CompletableFuture<Void> relinkMain() {
        CompletableFuture<Void> attempt = new CompletableFuture<>();
        attemptUp = attempt;
        if (closing) {
            attempt.completeExceptionally(new SpiceException(SpiceError.FAILED, "the session was closed"));
            return attempt;
        }
        main.engine().relink(new ChannelEngine.Relink(0, null));
        return attempt;
    }

    /**
     * Waits, bounded, until the main channel's old connection is down, so that the first attempt's outcome is
     * not the old connection's end.
     */
    void awaitMainSuspended(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!main.engine().isSuspended() && !closing && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Ends an attempt that took too long; the main channel suspends for the next. */
    void dropMain() {
        main.engine().dropConnection();
    }

    void reconnected(int attempts) {
        synchronized (lock) {
            reconnector = null;
            reconnecting = false;
        }
        LOG.log(System.Logger.Level.INFO, "reconnected after {0} attempt(s)", attempts);
        setMigrationState(MigrationState.NORMAL);
        fire(() -> listeners.forEach(listener -> listener.reconnected(attempts)));
    }

    void reconnectGaveUp(SpiceException error) {
        LOG.log(System.Logger.Level.WARNING, "gave up reconnecting: {0}", error.getMessage());
        synchronized (lock) {
            reconnector = null;
            reconnecting = false;
            if (failure == null) {
                failure = error;
            }
        }
        fire(() -> listeners.forEach(listener -> listener.reconnectGaveUp(error)));
        disconnect();
    }

    // ---- migration -----------------------------------------------------------------------------------

    /** @return the session id the server gave at the last INIT */
    long sessionId() {
        return sessionId;
    }

    /** @return a timer task, for bounds on blocking steps */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return Watchdog.arm(delay, task);
    }

    /**
     * The configuration for the migration destination, as spice-gtk derives it: the destination's host and
     * ports, the same credentials; its certificate is checked against the subject the source named, else
     * against the host name.
     */
    SessionConfig destinationConfig(MigrationDestination destination) {
        SessionConfig.Builder builder = config.toBuilder().host(destination.host()).unixPath(null);
        if (destination.port().isPresent()) {
            builder.port(destination.port().getAsInt());
        } else {
            builder.clearPort();
        }
        if (destination.tlsPort().isPresent()) {
            builder.tlsPort(destination.tlsPort().getAsInt());
        } else {
            builder.clearTlsPort();
        }
        if (destination.certSubject().isPresent()) {
            builder.certSubject(destination.certSubject().get()).verify(Set.of(VerifyMode.SUBJECT));
        } else {
            builder.certSubject(null).verify(Set.of(VerifyMode.HOSTNAME));
        }
        return builder.build();
    }

    /**
     * Connects and links one channel to another server (a migration destination), bounded by {@code limit},
     * with the same retry over TLS as {@link ChannelEngine} when the server wants it.
     */
    PreparedLink linkTo(SpiceChannel channel, SessionConfig target, long connectionId, Duration limit)
            throws IOException {
        if (target.clientSockets() || mainFd.get() >= 0) {
            throw new SpiceException(SpiceError.CONNECT_FAILED, "a session on supplied sockets cannot migrate");
        }
        boolean requireTls = false;
        while (true) {
            Transport transport = openTransport(channel, requireTls, target);
            ScheduledFuture<?> watchdog = Watchdog.arm(limit, transport::close);
            try {
                LinkResult link = LinkHandshake.perform(transport, target.protocol(), connectionId,
                        channel.type(), channel.id(), channel.engine().clientCapabilities(),
                        target.host().orElse("localhost"), new Credentials(target.username(), target.password()));
                return new PreparedLink(link, null);
            } catch (SpiceException e) {
                transport.close();
                if (e.error() != SpiceError.LINK_NEED_SECURED || transport.isSecure()) {
                    throw e;
                }
                requireTls = true;
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    void migrationConnected(SessionMigration which) {
        synchronized (lock) {
            if (migration != which) {
                return;
            }
        }
        setMigrationState(MigrationState.MIGRATING);
    }

    /** A migration that had moved the session failed at the destination: reconnect if allowed, else end. */
    void migrationFailed(SessionMigration which, SpiceException error) {
        SessionReconnect loop = null;
        synchronized (lock) {
            if (migration != which || closing) {
                return;
            }
            migration = null;
            if (config.reconnectPolicy().enabled()) {
                loop = beginReconnect(error, false);
            } else if (failure == null) {
                failure = error;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "the migration failed after the source let go: {0}", error.getMessage());
        if (loop != null) {
            startReconnect(loop);
        } else {
            disconnect();
        }
    }

    void migrationOver(SessionMigration which) {
        synchronized (lock) {
            if (migration != which) {
                return;
            }
            migration = null;
        }
        setMigrationState(MigrationState.NORMAL);
    }

    private void setMigrationState(MigrationState state) {
        if (migrationState != state) {
            migrationState = state;
            fire(() -> listeners.forEach(listener -> listener.migrationStateChanged(state)));
        }
    }

    private void migrationBegin(MigrationDestination destination) {
        SessionMigration previous;
        SessionMigration next = new SessionMigration(this, destination);
        synchronized (lock) {
            if (closing || reconnector != null) {
                return;
            }
            previous = migration;
            migration = next;
        }
        if (previous != null) {
            previous.cancel();
        }
        LOG.log(System.Logger.Level.INFO, "the server starts a migration to {0}", destination);
        setMigrationState(MigrationState.CONNECTING);
        next.start();
    }

    private void migrationEnd() {
        SessionMigration running;
        synchronized (lock) {
            running = migration;
        }
        if (running == null || !running.switchOver()) {
            LOG.log(System.Logger.Level.WARNING, "the server ended a migration the session is not linked for; "
                    + "the source will close the session");
            return;
        }
        setMigrationState(MigrationState.SWITCHING);
    }

    private void switchHost(MigrationDestination destination) {
        SessionReconnect loop;
        synchronized (lock) {
            if (closing || reconnector != null) {
                return;
            }
            config = destinationConfig(destination);
            loop = beginReconnect(new SpiceException(SpiceError.IO, "the server moved the session to "
                    + destination), true);
        }
        LOG.log(System.Logger.Level.INFO, "the server switches the session to {0}", destination);
        setMigrationState(MigrationState.SWITCHING);
        startReconnect(loop);
    }

    /** The session as its channel engines see it: the one way in from {@code internal}. */
    private final class Host implements MainChannelHost {
        @Override
        public SpiceSession session() {
            return SpiceSession.this;
        }

        @Override
        public SessionConfig config() {
            return config;
        }

        @Override
        public void fire(Runnable listenerCall) {
            SpiceSession.this.fire(listenerCall);
        }

        @Override
        public long mmTime() {
            return SpiceSession.this.mmTime();
        }

        @Override
        public void setMmTime(long time) {
            SpiceSession.this.setMmTime(time);
        }

        @Override
        public Transport openTransport(ChannelEngine channel, boolean requireTls) throws SpiceException {
            return SpiceSession.this.openTransport(facadeOf(channel), requireTls);
        }

        @Override
        public ScheduledFuture<?> armLinkTimeout(Transport transport) {
            return Watchdog.arm(config.connectTimeout(), () -> {
                timedOut.add(transport);
                transport.close();
            });
        }

        @Override
        public SpiceException explainTimeout(SpiceException error, Transport transport) {
            if (transport != null && timedOut.remove(transport)) {
                return new SpiceException(SpiceError.TIMEOUT, "the server did not complete the link within "
                        + config.connectTimeout().toMillis() + " ms", error);
            }
            return error;
        }

        @Override
        public MessageRecorder recorderFor(ChannelEngine channel, boolean miniHeader) {
            Path file = displayRecording;
            if (file == null || channel.type() != ChannelType.DISPLAY || channel.id() != 0) {
                return null;
            }
            try {
                return new MessageRecorder(file, channel.type().wireValue(), channel.id(), miniHeader,
                        SpiceSession.this::mmTime);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot record to {0}: {1}", file, e.getMessage());
                return null;
            }
        }

        @Override
        public void channelOpened(ChannelEngine channel) {
            fireChannelEvent(facadeOf(channel), ChannelEvent.OPENED, null);
        }

        @Override
        public void channelEnded(ChannelEngine channel, ChannelEvent event, SpiceException error) {
            SpiceSession.this.channelEnded(facadeOf(channel), event, error);
        }

        @Override
        public Optional<ProcessedSerial> processedSerial(int wireType, int id) {
            return channels.stream().filter(c -> c.type().wireValue() == wireType && c.id() == id).findFirst()
                    .map(channel -> channel.engine().processedSerial());
        }

        @Override
        public SurfaceBudget surfaceBudget() {
            return surfaceBudget;
        }

        @Override
        public SharedDisplayState sharedDisplayState() {
            synchronized (lock) {
                if (sharedDisplay == null) {
                    sharedDisplay = SharedDisplayState.create(config.cacheSize(), config.glzWindowSize(),
                            ramHintBytes);
                }
                return sharedDisplay;
            }
        }

        @Override
        public void sessionStarted(long id, long mmTime, long ramHint) {
            boolean anew = sessionId != 0;
            sessionId = id;
            ramHintBytes = ramHint;
            setMmTime(mmTime);
            SessionMigration switching;
            synchronized (lock) {
                switching = migration != null && migration.isSwitching() ? migration : null;
                // A new server knows none of the old one's image ids (reconnect, semi-seamless migration).
                if (anew && sharedDisplay != null) {
                    sharedDisplay.forgetAll();
                }
            }
            if (switching != null) {
                switching.mainStarted();
            }
            attemptUp.complete(null);
        }

        @Override
        public boolean suspendOnDrop(ChannelEngine channel, ChannelEvent event, SpiceException error) {
            return keepOnDrop(facadeOf(channel), error);
        }

        @Override
        public Optional<PreparedLink> takeSeamlessDestination(ChannelEngine channel) {
            SessionMigration running;
            synchronized (lock) {
                running = migration;
            }
            return running == null ? Optional.empty() : running.takeDestination(facadeOf(channel));
        }

        @Override
        public void seamlessSwitched(ChannelEngine channel, ChannelConnection source) {
            SessionMigration running;
            synchronized (lock) {
                running = migration;
            }
            if (running != null) {
                running.channelSwitched(facadeOf(channel), source);
            } else {
                source.close();
            }
        }

        @Override
        public void migrationBegin(MigrationDestination destination) {
            SpiceSession.this.migrationBegin(destination);
        }

        @Override
        public void migrationCancel() {
            SessionMigration running = takeMigration();
            if (running != null) {
                LOG.log(System.Logger.Level.INFO, "the server cancelled the migration; the session stays");
                running.cancel();
                setMigrationState(MigrationState.NORMAL);
            }
        }

        @Override
        public void migrationEnd() {
            SpiceSession.this.migrationEnd();
        }

        @Override
        public void switchHost(MigrationDestination destination) {
            SpiceSession.this.switchHost(destination);
        }

        @Override
        public boolean finishingMigration() {
            synchronized (lock) {
                return migration != null && migration.isSwitching();
            }
        }

        @Override
        public void guestNamed(String value) {
            name = value;
        }

        @Override
        public void guestIdentified(UUID value) {
            uuid = value;
        }

        @Override
        public void channelsAnnounced(List<AnnouncedChannel> announced) {
            openAnnouncedChannels(announced);
        }
    }

    /** @return the facade of one of this session's engines */
    private SpiceChannel facadeOf(ChannelEngine engine) {
        for (SpiceChannel channel : channels) {
            if (channel.engine() == engine) {
                return channel;
            }
        }
        throw new IllegalStateException(engine.name() + " is not a channel of " + this);
    }

    private void setMmTime(long time) {
        long previous = mmTime();
        boolean known = mmTimeKnown;
        mmTimeOffsetNanos = System.nanoTime() - time * 1_000_000L;
        mmTimeKnown = true;
        int ahead = (int) (time - (previous + MM_TIME_RESET_THRESHOLD_MS));
        int behind = (int) (time - previous);
        if (known && (ahead > 0 || behind < 0)) {
            fire(() -> listeners.forEach(SessionListener::mmTimeReset));
        }
    }

    private void openAnnouncedChannels(List<AnnouncedChannel> announced) {
        boolean relink = relinkOnList;
        relinkOnList = false;
        if (relink) {
            relinkOrEnd(announced);
        }
        for (AnnouncedChannel each : announced) {
            Optional<ChannelType> type = each.type();
            if (type.isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, "skipping unknown channel {0}", each);
                continue;
            }
            if (channels.stream().anyMatch(channel -> channel.type() == type.get() && channel.id() == each.id())) {
                continue;
            }
            if (!config.linkedChannels().contains(type.get())) {
                LOG.log(System.Logger.Level.DEBUG, "not linking {0}: not in the session''s linked channels", each);
                continue;
            }
            SpiceChannel channel = switch (type.get()) {
                case PORT -> new PortChannel(host, each.id());
                case DISPLAY -> new DisplayChannel(host, each.id());
                case INPUTS -> new InputsChannel(host, each.id());
                case CURSOR -> new CursorChannel(host, each.id());
                // As spice-gtk: the guest sees no reader unless the user asked to share smartcards.
                case SMARTCARD -> config.smartcardEnabled() ? new SmartcardChannel(host, each.id()) : null;
                case PLAYBACK -> config.audioEnabled() ? new PlaybackChannel(host, each.id()) : null;
                case RECORD -> config.audioEnabled() ? new RecordChannel(host, each.id()) : null;
                // As spice-gtk: without enable-usbredir the guest's usb-redir devices stay unplugged.
                case USBREDIR -> config.usbredirEnabled() ? new UsbRedirChannel(host, each.id()) : null;
                case WEBDAV -> sharedFolder != null ? new WebdavChannel(host, each.id(), sharedFolder) : null;
                default -> null;
            };
            if (channel == null) {
                LOG.log(System.Logger.Level.DEBUG, "Saffron does not implement {0} channels yet", type.get());
            } else {
                addChannel(channel, sessionId);
            }
        }
    }

    /**
     * After a reconnect the channels the new server lists again relink, the same objects as before; those it no
     * longer lists end.
     */
    private void relinkOrEnd(List<AnnouncedChannel> announced) {
        for (SpiceChannel channel : channels) {
            if (channel == main) {
                continue;
            }
            boolean listed = announced.stream()
                    .anyMatch(each -> each.type().orElse(null) == channel.type() && each.id() == channel.id());
            if (listed) {
                channel.engine().relink(new ChannelEngine.Relink(sessionId, null));
            } else {
                channel.disconnect();
            }
        }
    }

    private void addChannel(SpiceChannel channel, long connectionId) {
        synchronized (lock) {
            if (closing) {
                return;
            }
            channels.add(channel);
        }
        fire(() -> listeners.forEach(listener -> listener.channelNew(channel)));
        channel.engine().start(connectionId);
    }

    /**
     * Opens a channel's connection as spice-gtk picks it: TLS to {@code tls-port} when the channel is among
     * the secure channels or {@code requireTls} is set (the server answered NEED_SECURED), else plain text to
     * {@code port}, else TLS to {@code tls-port}. A Unix socket carries no TLS. The main channel uses the
     * descriptor {@link #openFd} gave, once; with client-sockets every channel asks the open-fd handler;
     * neither carries TLS either. TCP connections go through the proxy when there is one.
     */
    private Transport openTransport(SpiceChannel channel, boolean requireTls) throws SpiceException {
        return openTransport(channel, requireTls, config);
    }

    private Transport openTransport(SpiceChannel channel, boolean requireTls, SessionConfig config)
            throws SpiceException {
        ChannelType type = channel.type();
        boolean tls = requireTls || config.secureChannels().contains(type);
        int givenFd = channel == main ? mainFd.getAndSet(-1) : -1;
        if (givenFd >= 0 || config.clientSockets()) {
            if (tls) {
                if (givenFd >= 0) {
                    // The session owns the descriptor, so it closes it even though it cannot use it.
                    FdTransport.open(givenFd).close();
                }
                throw new SpiceException(SpiceError.CONNECT_FAILED, "the " + type.spiceName()
                        + " channel must use TLS, which Saffron cannot run over a supplied file descriptor");
            }
            return FdTransport.open(givenFd >= 0 ? givenFd : askForFd(channel));
        }
        Optional<String> unixPath = config.unixPath();
        if (unixPath.isPresent()) {
            if (tls) {
                throw new SpiceException(SpiceError.CONNECT_FAILED, "the " + type.spiceName()
                        + " channel must use TLS, which a Unix socket (unix-path) cannot carry");
            }
            // Only a display channel can take GL scanouts, and only libc's socket receives their descriptors.
            Optional<UnixSocketAccess> descriptors = type == ChannelType.DISPLAY && glScanout
                    ? UnixDescriptorTransport.access() : Optional.empty();
            return descriptors.isPresent()
                    ? UnixDescriptorTransport.connect(descriptors.get(), Path.of(unixPath.get()))
                    : SocketTransport.connectUnix(Path.of(unixPath.get()));
        }
        String host = config.host().orElse("localhost");
        if (!tls && config.port().isPresent()) {
            return connectTcp(host, config.port().getAsInt(), config.connectTimeout());
        }
        if (config.tlsPort().isEmpty()) {
            if (config.port().isEmpty()) {
                throw new SpiceException(SpiceError.FAILED, "no port given: set port, tls-port or unix-path");
            }
            throw new SpiceException(SpiceError.CONNECT_FAILED, "the " + type.spiceName()
                    + " channel must use TLS, but no tls-port is given");
        }
        int tlsPort = config.tlsPort().getAsInt();
        long start = System.nanoTime();
        TlsClientContext context = tlsContext(config);
        SocketTransport plain = connectTcp(host, tlsPort, config.connectTimeout());
        Duration left = config.connectTimeout().minusNanos(System.nanoTime() - start);
        return TlsTransport.handshake(plain, context, host, tlsPort, left.isNegative() ? Duration.ZERO : left);
    }

    private SocketTransport connectTcp(String host, int port, Duration timeout) throws SpiceException {
        if (proxy.isPresent()) {
            return HttpProxyTunnel.open(proxy.get(), host, port, timeout);
        }
        return SocketTransport.connectTcp(host, port, timeout);
    }

    private int askForFd(SpiceChannel channel) throws SpiceException {
        OpenFdHandler handler = openFdHandler;
        if (handler == null) {
            throw new SpiceException(SpiceError.FAILED, "client-sockets is set, but no open-fd handler supplies "
                    + "the " + channel.type().spiceName() + " channel's socket");
        }
        try {
            int fd = handler.openFd(channel);
            if (fd < 0) {
                throw new SpiceException(SpiceError.CONNECT_FAILED, "the open-fd handler gave no descriptor for the "
                        + channel.type().spiceName() + " channel");
            }
            return fd;
        } catch (SpiceException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SpiceException(SpiceError.CONNECT_FAILED, "the open-fd handler failed for the "
                    + channel.type().spiceName() + " channel: " + e.getMessage(), e);
        }
    }

    /**
     * @return the TLS setup every channel of this session shares, made on first use, and made again for another
     *         configuration (a reconnect hook's, a migration destination's)
     */
    private TlsClientContext tlsContext(SessionConfig config) throws SpiceException {
        synchronized (tlsLock) {
            if (tlsSetup == null || tlsSetupConfig != config) {
                tlsSetup = TlsClientContext.create(config);
                tlsSetupConfig = config;
            }
            return tlsSetup;
        }
    }

    private void fireChannelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
        fire(() -> {
            for (ChannelListener listener : channel.listeners()) {
                listener.channelEvent(channel, event, error);
            }
            for (SessionListener listener : listeners) {
                listener.channelEvent(channel, event, error);
            }
        });
    }

    private void channelEnded(SpiceChannel channel, ChannelEvent event, SpiceException error) {
        fireChannelEvent(channel, event, error);
        fire(() -> listeners.forEach(listener -> listener.channelDestroy(channel)));
        boolean last;
        SessionMigration running;
        synchronized (lock) {
            running = migration;
            channels.remove(channel);
            if (channel == main && !closing) {
                if (error != null) {
                    failure = error;
                }
                closing = true;
                channels.forEach(SpiceChannel::disconnect);
            }
            last = closing && channels.isEmpty();
        }
        if (running != null) {
            running.channelGone(channel);
        }
        if (last) {
            finish();
        }
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        SessionMigration running = takeMigration();
        if (running != null) {
            running.cancel();
        }
        SpiceException error = failure;
        synchronized (lock) {
            if (sharedDisplay != null) {
                sharedDisplay.close();
            }
        }
        fire(() -> {
            listeners.forEach(listener -> listener.sessionClosed(error));
            closedFuture.complete(null);
        });
        if (ownedEvents != null) {
            ownedEvents.shutdown();
        }
    }

    /** Runs a listener call on the event executor; a listener that throws is logged and skipped. */
    private void fire(Runnable call) {
        try {
            events.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a session listener threw", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "event after the session ended was dropped");
        }
    }
}
