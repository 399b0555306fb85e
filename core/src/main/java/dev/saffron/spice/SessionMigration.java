package dev.saffron.spice;

import dev.saffron.spice.internal.channel.ChannelConnection;
import dev.saffron.spice.internal.channel.ChannelEngine;
import dev.saffron.spice.internal.channel.PreparedLink;
import dev.saffron.spice.internal.channel.ProblemText;
import dev.saffron.spice.internal.main.MigrationDestination;
import dev.saffron.spice.internal.wire.MessageBuilder;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.saffron.spice.internal.protocol.MainProtocol.*;

/**
 * One server-driven migration of a session, as spice-gtk runs it (protocol reference §10): on MIGRATE_BEGIN it
 * links every channel to the destination while the source still serves (the main channel first, with the
 * seamless handshake when asked for), answers the source, and then either moves every channel at MIGRATE_END
 * (semi-seamless: each relinks over its prepared link after a reset) or lets each channel move itself at base
 * MIGRATE (seamless: the channel's state goes on as it was; the source connections close together once the
 * last channel has moved, as spice-gtk closes them). MIGRATE_CANCEL or a failed link drops the destination and
 * leaves the session on the source.
 *
 * <p>Every step is bounded: the links by the connect timeout, at most {@link #CONNECT_LIMIT}, below the ten
 * seconds spice-server gives a client to answer, so that a destination that does not answer ends in
 * MIGRATE_CONNECT_ERROR instead of a hang.
 */
final class SessionMigration {
    private static final System.Logger LOG = System.getLogger(SessionMigration.class.getName());
    /** The whole pre-connection, main channel and the others; spice-server waits ten seconds for the answer. */
    static final Duration CONNECT_LIMIT = Duration.ofSeconds(8);
    /** How long the destination may take to accept MIGRATE_END and send INIT, or the channels to switch. */
    static final Duration SWITCH_LIMIT = Duration.ofSeconds(20);

    private final SpiceSession session;
    private final MigrationDestination destination;
    private final Map<SpiceChannel, PreparedLink> links = new ConcurrentHashMap<>();
    /** Guards {@link #unmoved}, {@link #sources} and {@link #sourcesClosed}. */
    private final Object moves = new Object();
    /** Seamless: the channels that have not yet moved to the destination. */
    private final Set<SpiceChannel> unmoved = new HashSet<>();
    /**
     * Seamless: the source connections of the channels that moved, owned here and kept open until the last
     * channel has moved, since spice-server ends all of a client's channels once the main channel's closes.
     */
    private final List<ChannelConnection> sources = new ArrayList<>();
    private boolean sourcesClosed;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean connected;
    private volatile boolean seamless;
    private volatile boolean switching;
    private volatile Thread connector;
    private volatile SessionConfig target;
    private volatile ScheduledFuture<?> switchWatchdog;

    SessionMigration(SpiceSession session, MigrationDestination destination) {
        this.session = session;
        this.destination = destination;
    }

    /** Starts linking to the destination on a thread of its own; the answer goes to the source when done. */
    void start() {
        connector = Thread.ofVirtual().name("spice-migration").start(this::connect);
    }

    /** @return whether the source may now move the channels: every link is made and the source was told */
    boolean isConnected() {
        return connected;
    }

    /** @return whether the destination agreed to a seamless migration */
    boolean isSeamless() {
        return seamless;
    }

    /** @return whether the channels are being moved to the destination (semi-seamless MIGRATE_END) */
    boolean isSwitching() {
        return switching;
    }

    private void connect() {
        MainChannel main = session.mainChannel().orElseThrow();
        SessionConfig target;
        try {
            target = session.destinationConfig(destination);
            this.target = target;
        } catch (IllegalArgumentException e) {
            fail(new SpiceException(SpiceError.PROTOCOL, "the migration destination is unusable: " + e.getMessage()));
            return;
        }
        Duration bound = target.connectTimeout().compareTo(CONNECT_LIMIT) < 0 ? target.connectTimeout() : CONNECT_LIMIT;
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            PreparedLink mainLink = session.linkTo(main, target, session.sessionId(), timeLeft(deadline));
            links.put(main, mainLink);
            boolean agreed = false;
            if (destination.seamless()) {
                if (mainLink.link().serverChannelCaps().has(CAP_SEAMLESS_MIGRATE)) {
                    ChannelConnection connection = new ChannelConnection(mainLink.link().transport(),
                            mainLink.link().miniHeader(), target.maxMessageSize(), "main-0 (destination)",
                            main.engine().processedSerial());
                    connection.startWriter();
                    links.put(main, new PreparedLink(mainLink.link(), connection));
                    connection.send(MSGC_MIGRATE_DST_DO_SEAMLESS,
                            new MessageBuilder(4).u32(destination.sourceVersion()).build());
                    agreed = awaitSeamlessAnswer(connection, deadline, bound);
                } else {
                    LOG.log(System.Logger.Level.INFO, "migration: the destination cannot migrate seamlessly; "
                            + "falling back to semi-seamless");
                }
            }
            linkOthers(target, deadline, bound);
            if (cancelled.get()) {
                throw new SpiceException(SpiceError.FAILED, "the migration was cancelled");
            }
            if (agreed) {
                synchronized (moves) {
                    // A channel that ended while linking is no longer listed, or channelGone follows this.
                    List<SpiceChannel> listed = session.channels();
                    links.keySet().stream().filter(listed::contains).forEach(unmoved::add);
                }
            }
            seamless = agreed;
            connected = true;
            session.migrationConnected(this);
            main.engine().send(agreed ? MSGC_MIGRATE_CONNECTED_SEAMLESS : MSGC_MIGRATE_CONNECTED,
                    ByteBuffer.allocate(0));
            LOG.log(System.Logger.Level.INFO, "migration: linked {0} channels to {1}{2}", links.size(), destination,
                    agreed ? ", seamless" : "");
        } catch (IOException e) {
            fail(e instanceof SpiceException spice ? spice
                    : new SpiceException(SpiceError.IO, "migration: " + ProblemText.of(e), e));
        }
    }

    /** Links every other channel that is open to the destination, each on its own thread, within the deadline. */
    private void linkOthers(SessionConfig target, long deadline, Duration bound) throws IOException {
        List<SpiceChannel> others = session.channels().stream()
                .filter(channel -> channel.type() != ChannelType.MAIN && channel.isOpen()).toList();
        List<Future<PreparedLink>> pending = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (SpiceChannel channel : others) {
                pending.add(threads.submit(() -> {
                    PreparedLink link = session.linkTo(channel, target, session.sessionId(), timeLeft(deadline));
                    links.put(channel, link);
                    return link;
                }));
            }
            for (int i = 0; i < pending.size(); i++) {
                try {
                    pending.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof SpiceException spice ? spice : new SpiceException(SpiceError.FAILED,
                            "migration: linking " + others.get(i).name() + " failed: " + ProblemText.of(cause), cause);
                } catch (TimeoutException e) {
                    throw new SpiceException(SpiceError.TIMEOUT, "migration: " + others.get(i).name()
                            + " did not link to the destination within " + bound.toMillis() + " ms");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SpiceException(SpiceError.FAILED, "migration: interrupted", e);
                }
            }
        }
    }

    /** Reads the destination's main channel until it accepts or refuses the seamless migration. */
    private boolean awaitSeamlessAnswer(ChannelConnection connection, long deadline, Duration bound)
            throws IOException {
        Boolean[] answer = new Boolean[1];
        ScheduledFuture<?> watchdog = session.schedule(timeLeft(deadline), connection::close);
        try {
            while (answer[0] == null) {
                connection.readMessage((type, body) -> answer[0] = seamlessAnswer(type, body));
            }
        } catch (IOException e) {
            throw new SpiceException(SpiceError.TIMEOUT, "migration: the destination did not answer the seamless "
                    + "handshake within " + bound.toMillis() + " ms", e);
        } finally {
            watchdog.cancel(false);
        }
        LOG.log(System.Logger.Level.DEBUG, "migration: the destination {0} the seamless migration",
                answer[0] ? "accepted" : "refused");
        return answer[0];
    }

    private static Boolean seamlessAnswer(int type, MemorySegment body) {
        return switch (type) {
            case MSG_MIGRATE_DST_SEAMLESS_ACK -> Boolean.TRUE;
            case MSG_MIGRATE_DST_SEAMLESS_NACK -> Boolean.FALSE;
            default -> {
                LOG.log(System.Logger.Level.DEBUG, "migration: destination main message {0} ({1} bytes) before "
                        + "the seamless answer, skipped", type, body.byteSize());
                yield null;
            }
        };
    }

    private static Duration timeLeft(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private void fail(SpiceException error) {
        LOG.log(System.Logger.Level.WARNING, "migration to {0} failed; the session stays on the source: {1}",
                destination, error.getMessage());
        closeLinks();
        if (!cancelled.get()) {
            session.mainChannel().ifPresent(main -> main.engine().send(MSGC_MIGRATE_CONNECT_ERROR,
                    ByteBuffer.allocate(0)));
        }
        session.migrationOver(this);
    }

    /** MIGRATE_CANCEL, or the session closes: drop the destination, stay on the source. */
    void cancel() {
        cancelled.set(true);
        Thread thread = connector;
        if (thread != null) {
            thread.interrupt();
        }
        closeLinks();
        session.migrationOver(this);
    }

    private void closeLinks() {
        for (PreparedLink link : links.values()) {
            link.close();
        }
        links.clear();
        takeSources().forEach(ChannelConnection::close);
    }

    /** @return the source connections kept so far, for the caller to close; none is kept after this */
    private List<ChannelConnection> takeSources() {
        synchronized (moves) {
            sourcesClosed = true;
            List<ChannelConnection> left = List.copyOf(sources);
            sources.clear();
            return left;
        }
    }

    /**
     * Semi-seamless MIGRATE_END: every channel leaves the source and, reset, relinks over its prepared link, the
     * main channel first; the others follow once the destination's INIT arrives ({@link #mainStarted}).
     *
     * @return whether the switch started; false when the links are not all made (the source is told nothing
     *         more, as the destination would refuse the session anyway)
     */
    boolean switchOver() {
        if (!connected || seamless) {
            return false;
        }
        MainChannel main = session.mainChannel().orElseThrow();
        PreparedLink mainLink = links.remove(main);
        if (mainLink == null) {
            return false;
        }
        switching = true;
        switchWatchdog = session.schedule(SWITCH_LIMIT, () -> switchFailed(new SpiceException(
                SpiceError.MIGRATION_FAILED, "the destination did not take the session within "
                + SWITCH_LIMIT.toSeconds() + " s of MIGRATE_END")));
        for (SpiceChannel channel : session.channels()) {
            channel.engine().dropConnection();
        }
        main.engine().relink(new ChannelEngine.Relink(0, mainLink));
        return true;
    }

    /**
     * The switch to the destination failed after the source let go (its main channel closed, or no INIT came):
     * the session cannot go back, so it ends with the error, or reconnects if its policy says so.
     */
    void switchFailed(SpiceException error) {
        if (!switching) {
            return;
        }
        switching = false;
        ScheduledFuture<?> watchdog = switchWatchdog;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        closeLinks();
        session.migrationFailed(this, error);
    }

    /** The destination's INIT arrived on the main channel: the others relink over their prepared links. */
    void mainStarted() {
        ScheduledFuture<?> watchdog = switchWatchdog;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        // From now on the session lives at the destination: a later reconnect goes there too, as in spice-gtk.
        session.useConfig(target);
        for (SpiceChannel channel : session.channels()) {
            PreparedLink link = links.remove(channel);
            if (link != null) {
                channel.engine().relink(new ChannelEngine.Relink(0, link));
            } else if (channel.type() != ChannelType.MAIN) {
                // A channel the destination was not linked for (it opened during the migration) ends.
                channel.disconnect();
            }
        }
        switching = false;
        session.migrationOver(this);
    }

    /** Seamless base MIGRATE on one channel: its prepared link, once. */
    Optional<PreparedLink> takeDestination(SpiceChannel channel) {
        if (!connected || !seamless) {
            return Optional.empty();
        }
        return Optional.ofNullable(links.remove(channel));
    }

    /**
     * A channel moved in a seamless migration, leaving {@code source} here. A channel whose MIGRATE_DATA is still
     * to come needs its source connection, which spice-server ends with the main channel's: so the source
     * connections close only when no channel is left to move, and the migration is over then.
     */
    void channelSwitched(SpiceChannel channel, ChannelConnection source) {
        boolean kept;
        synchronized (moves) {
            kept = !sourcesClosed;
            if (kept) {
                sources.add(source);
                unmoved.remove(channel);
            }
        }
        if (!kept) {
            source.close();
            return;
        }
        finishIfAllMoved();
    }

    /** A channel ended during the migration (closed, or its source connection dropped): none waits for it. */
    void channelGone(SpiceChannel channel) {
        PreparedLink link = links.remove(channel);
        if (link != null) {
            link.close();
        }
        synchronized (moves) {
            unmoved.remove(channel);
        }
        finishIfAllMoved();
    }

    private void finishIfAllMoved() {
        synchronized (moves) {
            if (sourcesClosed || sources.isEmpty() || !unmoved.isEmpty()) {
                return;
            }
            sourcesClosed = true;
        }
        // The source connections, and any link of a channel that ended before it moved.
        closeLinks();
        session.useConfig(target);
        session.migrationOver(this);
    }
}
