package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.channel.BaseMessages;
import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.internal.protocol.PortProtocol;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migration against two scripted servers, a source and a destination, with the message sequences spice-server
 * uses (protocol reference §10): semi-seamless, seamless, cancel, and destinations that fail. Two real QEMUs
 * are MigrationIT's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionMigrationTest {
    private static final long SESSION_ID = 7;
    private static final int PORT = ChannelType.PORT.wireValue();
    private static final int MAIN = ChannelType.MAIN.wireValue();

    private static byte[] init(long sessionId) {
        return new Bytes().u32(sessionId).u32(1).u32(1).u32(1).u32(0).u32(0).u32(1000).u32(0).bytes();
    }

    private static byte[] portInit() {
        return new Bytes().u32(2).u32(9).u8(1).raw("p\0".getBytes(StandardCharsets.US_ASCII)).bytes();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    /** DstInfo for a destination on 127.0.0.1, plus the source version for the seamless form. */
    private static byte[] destination(int port, Long sourceVersion) {
        byte[] host = text("127.0.0.1\0");
        int fixed = sourceVersion == null ? 20 : 24;
        Bytes body = new Bytes().u16(port).u16(0).u32(host.length).u32(fixed).u32(0).u32(0);
        if (sourceVersion != null) {
            body.u32(sourceVersion);
        }
        return body.raw(host).bytes();
    }

    /** The main channel's part of a source server: INIT, the channel list with one port, then {@code then}. */
    private interface MainScript {
        void run(FakeSpiceServer.LinkedChannel main) throws Exception;
    }

    private static FakeSpiceServer source(CountDownLatch portLinked, List<String> portLog, MainScript then)
            throws Exception {
        return new FakeSpiceServer("", channel -> {
            if (channel.type() == MAIN) {
                channel.send(MainProtocol.MSG_INIT, init(SESSION_ID));
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST, new Bytes().u32(1).u8(PORT).u8(0).bytes());
                portLinked.await();
                // Let the client read what the source's port sent before the migration moves it.
                Thread.sleep(300);
                try {
                    then.run(channel);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                channel.holdUntilClientCloses();
            } else {
                channel.send(PortProtocol.MSG_PORT_INIT, portInit());
                channel.send(PortProtocol.MSG_DATA, text("from source"));
                portLinked.countDown();
                portLog.add("source port up");
                try {
                    channel.holdUntilClientCloses();
                } finally {
                    portLog.add("source port closed");
                }
            }
        });
    }

    /** The session's events as text, in order. */
    private static final class Events implements SessionListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        /** Every event so far, for checks where only the order within one channel matters. */
        final List<String> history = new CopyOnWriteArrayList<>();
        final List<SpiceChannel> created = new CopyOnWriteArrayList<>();
        final List<MigrationState> states = new CopyOnWriteArrayList<>();

        @Override
        public void channelNew(SpiceChannel channel) {
            created.add(channel);
            if (channel instanceof PortChannel port) {
                port.addListener(new PortChannelListener() {
                    @Override
                    public void portData(PortChannel p, ByteBuffer data) {
                        record("data " + StandardCharsets.US_ASCII.decode(data));
                    }
                });
            }
            if (channel instanceof MainChannel main) {
                main.addListener(new MainChannelListener() {
                    @Override
                    public void mouseModeChanged(MainChannel m, Set<MouseMode> supported, MouseMode current) {
                        record("mouse " + current);
                    }
                });
            }
        }

        @Override
        public void channelDestroy(SpiceChannel channel) {
            record("destroy " + channel.name());
        }

        @Override
        public void migrationStateChanged(MigrationState state) {
            states.add(state);
            record("state " + state);
        }

        private void record(String event) {
            history.add(event);
            events.add(event);
        }

        /** Waits until {@code event} happened, whatever else came before or between. */
        void awaitSeen(String event) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!history.contains(event)) {
                assertTrue(System.nanoTime() < deadline, "no '" + event + "' within 20 s: " + history);
                Thread.sleep(10);
            }
        }

        /** Waits until the migration state went back to NORMAL, whatever came between. */
        void awaitBackToNormal() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (states.isEmpty() || states.getLast() != MigrationState.NORMAL) {
                assertTrue(System.nanoTime() < deadline, "still migrating after 20 s: " + states);
                Thread.sleep(10);
            }
        }

        String awaitPrefix(String prefix) throws InterruptedException {
            while (true) {
                String event = events.poll(20, TimeUnit.SECONDS);
                assertNotNull(event, "no '" + prefix + "' event within 20 s");
                if (event.startsWith(prefix)) {
                    return event;
                }
            }
        }
    }

    private static SpiceSession session(FakeSpiceServer source) {
        return new SpiceSession(SessionConfig.builder().host("127.0.0.1").port(source.port())
                .connectTimeout(Duration.ofSeconds(2)).build());
    }

    @Test
    void semiSeamlessMovesEveryChannelToTheDestination() throws Exception {
        List<Long> destinationLinks = new CopyOnWriteArrayList<>();
        BlockingQueue<Integer> destinationMain = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> replies = new LinkedBlockingQueue<>();
        List<String> portLog = new CopyOnWriteArrayList<>();
        try (FakeSpiceServer destination = new FakeSpiceServer("", channel -> {
            destinationLinks.add(channel.type() * 1000L + channel.connectionId());
            if (channel.type() == MAIN) {
                destinationMain.add(channel.readMessageType());
                channel.send(MainProtocol.MSG_INIT, init(SESSION_ID));
            } else {
                channel.send(PortProtocol.MSG_PORT_INIT, portInit());
                channel.send(PortProtocol.MSG_DATA, text("from destination"));
            }
            channel.holdUntilClientCloses();
        }); FakeSpiceServer source = source(new CountDownLatch(1), portLog, main -> {
            main.send(MainProtocol.MSG_MIGRATE_BEGIN, destination(destination.port(), null));
            int reply = main.readMessageType();
            replies.add(reply);
            if (reply == MainProtocol.MSGC_MIGRATE_CONNECTED) {
                main.send(MainProtocol.MSG_MIGRATE_END, new byte[0]);
            }
        }); SpiceSession session = session(source)) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals("data from source", events.awaitPrefix("data"));
            PortChannel port = session.portChannel("p").orElseThrow();
            MainChannel main = session.mainChannel().orElseThrow();

            assertEquals("data from destination", events.awaitPrefix("data"));
            assertEquals(MainProtocol.MSGC_MIGRATE_CONNECTED, replies.poll(10, TimeUnit.SECONDS));
            assertEquals(MainProtocol.MSGC_MIGRATE_END, destinationMain.poll(10, TimeUnit.SECONDS),
                    "the destination's main channel heard MIGRATE_END first");
            events.awaitBackToNormal();
            assertEquals(List.of(MigrationState.CONNECTING, MigrationState.MIGRATING, MigrationState.SWITCHING,
                    MigrationState.NORMAL), events.states);
            assertEquals(List.of(MAIN * 1000L + SESSION_ID, PORT * 1000L + SESSION_ID), destinationLinks,
                    "both channels linked with the session's id");
            assertSame(port, session.portChannel("p").orElseThrow());
            assertSame(main, session.mainChannel().orElseThrow());
            assertEquals(List.of(main, port), events.created);
            assertTrue(port.isOpen());
            assertEquals(destination.port(), session.config().port().getAsInt(), "a reconnect would go there");
            assertTrue(events.events.stream().noneMatch(event -> event.startsWith("destroy")));
        }
    }

    @Test
    void seamlessHandsEachChannelsDataToTheDestination() throws Exception {
        BlockingQueue<FakeSpiceServer.Message> destinationMain = new LinkedBlockingQueue<>();
        BlockingQueue<FakeSpiceServer.Message> destinationPort = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> sourcePort = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> replies = new LinkedBlockingQueue<>();
        CountDownLatch migrateChannels = new CountDownLatch(1);
        try (FakeSpiceServer destination = new FakeSpiceServer("", channel -> {
            if (channel.type() == MAIN) {
                destinationMain.add(channel.readMessage());
                channel.send(MainProtocol.MSG_MIGRATE_DST_SEAMLESS_ACK, new byte[0]);
                destinationMain.add(channel.readMessage());
                channel.send(MainProtocol.MSG_MOUSE_MODE, new Bytes().u16(3).u16(2).bytes());
            } else {
                destinationPort.add(channel.readMessage());
                channel.send(PortProtocol.MSG_DATA, text("from destination"));
            }
            channel.holdUntilClientCloses();
        }); FakeSpiceServer source = new FakeSpiceServer("", channel -> {
            if (channel.type() == MAIN) {
                channel.send(MainProtocol.MSG_INIT, init(SESSION_ID));
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST, new Bytes().u32(1).u8(PORT).u8(0).bytes());
                Thread.sleep(300);
                channel.send(MainProtocol.MSG_MIGRATE_BEGIN_SEAMLESS, destination(destination.port(), 2L));
                replies.add(channel.readMessageType());
                migrateChannels.countDown();
                channel.send(BaseMessages.MIGRATE, new Bytes().u32(BaseMessages.MIGRATE_NEED_DATA_TRANSFER).bytes());
                channel.send(BaseMessages.MIGRATE_DATA, text("main-state"));
            } else {
                channel.send(PortProtocol.MSG_PORT_INIT, portInit());
                channel.send(PortProtocol.MSG_DATA, text("from source"));
                migrateChannels.await();
                channel.send(BaseMessages.MIGRATE, new Bytes().u32(BaseMessages.MIGRATE_NEED_FLUSH
                        | BaseMessages.MIGRATE_NEED_DATA_TRANSFER).bytes());
                sourcePort.add(channel.readMessageType());
                channel.send(BaseMessages.MIGRATE_DATA, text("port-state"));
            }
            channel.holdUntilClientCloses();
        }); SpiceSession session = session(source)) {
            destination.channelCapabilities(1 << MainProtocol.CAP_SEAMLESS_MIGRATE);
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals("data from source", events.awaitPrefix("data"));
            PortChannel port = session.portChannel("p").orElseThrow();

            assertEquals("data from destination", events.awaitPrefix("data"));
            events.awaitSeen("mouse CLIENT");
            assertEquals(MainProtocol.MSGC_MIGRATE_CONNECTED_SEAMLESS, replies.poll(10, TimeUnit.SECONDS));
            FakeSpiceServer.Message handshake = destinationMain.poll(10, TimeUnit.SECONDS);
            assertEquals(MainProtocol.MSGC_MIGRATE_DST_DO_SEAMLESS, handshake.type());
            assertEquals(2, handshake.view().getInt(0), "the source's version");
            FakeSpiceServer.Message mainData = destinationMain.poll(10, TimeUnit.SECONDS);
            assertEquals(BaseMessages.MIGRATE_DATA_CLIENT, mainData.type());
            assertArrayEquals(text("main-state"), mainData.body());
            assertEquals(BaseMessages.MIGRATE_FLUSH_MARK, sourcePort.poll(10, TimeUnit.SECONDS));
            FakeSpiceServer.Message portData = destinationPort.poll(10, TimeUnit.SECONDS);
            assertEquals(BaseMessages.MIGRATE_DATA_CLIENT, portData.type());
            assertArrayEquals(text("port-state"), portData.body());
            events.awaitBackToNormal();
            assertEquals(List.of(MigrationState.CONNECTING, MigrationState.MIGRATING, MigrationState.NORMAL),
                    events.states);
            assertSame(port, session.portChannel("p").orElseThrow());
            assertEquals(2, events.created.size());
            assertTrue(events.events.stream().noneMatch(event -> event.startsWith("destroy")));
        }
    }

    /**
     * spice-server ends a client's every channel when its main channel closes. A channel whose MIGRATE_DATA
     * comes after the main channel moved must therefore still find its source connection open: the source
     * connections close only once every channel has moved, and the migration is over only then.
     */
    @Test
    void seamlessKeepsTheSourceConnectionsUntilTheLastChannelHasMoved() throws Exception {
        BlockingQueue<FakeSpiceServer.Message> destinationPort = new LinkedBlockingQueue<>();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch migrateChannels = new CountDownLatch(1);
        CountDownLatch sourceMainClosed = new CountDownLatch(1);
        try (FakeSpiceServer destination = new FakeSpiceServer("", channel -> {
            if (channel.type() == MAIN) {
                channel.readMessage();
                channel.send(MainProtocol.MSG_MIGRATE_DST_SEAMLESS_ACK, new byte[0]);
                channel.readMessage();
            } else {
                destinationPort.add(channel.readMessage());
                channel.send(PortProtocol.MSG_DATA, text("from destination"));
            }
            channel.holdUntilClientCloses();
        }); FakeSpiceServer source = new FakeSpiceServer("", channel -> {
            if (channel.type() == MAIN) {
                channel.send(MainProtocol.MSG_INIT, init(SESSION_ID));
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST, new Bytes().u32(1).u8(PORT).u8(0).bytes());
                Thread.sleep(300);
                channel.send(MainProtocol.MSG_MIGRATE_BEGIN_SEAMLESS, destination(destination.port(), 2L));
                channel.readMessageType();
                migrateChannels.countDown();
                channel.send(BaseMessages.MIGRATE, new Bytes().u32(BaseMessages.MIGRATE_NEED_DATA_TRANSFER).bytes());
                channel.send(BaseMessages.MIGRATE_DATA, text("main-state"));
                channel.holdUntilClientCloses();
                order.add("source main closed");
                sourceMainClosed.countDown();
            } else {
                channel.send(PortProtocol.MSG_PORT_INIT, portInit());
                channel.send(PortProtocol.MSG_DATA, text("from source"));
                migrateChannels.await();
                channel.send(BaseMessages.MIGRATE, new Bytes().u32(BaseMessages.MIGRATE_NEED_FLUSH
                        | BaseMessages.MIGRATE_NEED_DATA_TRANSFER).bytes());
                channel.readMessageType();
                // The port's data is slower to come than the main channel's move; a client that closed its
                // source main channel meanwhile has lost this channel too.
                if (sourceMainClosed.await(1, TimeUnit.SECONDS)) {
                    order.add("source port dropped with the client");
                    return;
                }
                order.add("source port data sent");
                channel.send(BaseMessages.MIGRATE_DATA, text("port-state"));
                channel.holdUntilClientCloses();
            }
        }); SpiceSession session = session(source)) {
            destination.channelCapabilities(1 << MainProtocol.CAP_SEAMLESS_MIGRATE);
            // Before the events, so that the state is in the order by the time awaitBackToNormal sees it.
            session.addListener(new SessionListener() {
                @Override
                public void migrationStateChanged(MigrationState state) {
                    order.add("state " + state);
                }
            });
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals("data from source", events.awaitPrefix("data"));
            PortChannel port = session.portChannel("p").orElseThrow();

            FakeSpiceServer.Message portData = destinationPort.poll(10, TimeUnit.SECONDS);
            assertNotNull(portData, "the port never moved: " + order);
            assertEquals(BaseMessages.MIGRATE_DATA_CLIENT, portData.type());
            assertArrayEquals(text("port-state"), portData.body());
            assertEquals("data from destination", events.awaitPrefix("data"));
            events.awaitBackToNormal();
            assertTrue(sourceMainClosed.await(10, TimeUnit.SECONDS), "the source main channel was closed at the end");
            assertTrue(order.contains("source port data sent")
                    && order.indexOf("source port data sent") < order.indexOf("source main closed"),
                    "the source main channel closed before the port moved: " + order);
            assertTrue(order.indexOf("source port data sent") < order.indexOf("state NORMAL"),
                    "the migration was over before the port moved: " + order);
            assertSame(port, session.portChannel("p").orElseThrow());
            assertTrue(port.isOpen());
            assertTrue(events.history.stream().noneMatch(event -> event.startsWith("destroy")),
                    events.history.toString());
            assertTrue(source.failures().isEmpty(), source.failures().toString());
        }
    }

    /** The session answers MIGRATE_CONNECT_ERROR within the bound and goes on with the source. */
    private static void assertStaysOnSource(int destinationPort, String password) throws Exception {
        BlockingQueue<Integer> replies = new LinkedBlockingQueue<>();
        List<String> portLog = new CopyOnWriteArrayList<>();
        try (FakeSpiceServer source = source(new CountDownLatch(1), portLog, main -> {
            main.send(MainProtocol.MSG_MIGRATE_BEGIN, destination(destinationPort, null));
            replies.add(main.readMessageType());
            main.send(MainProtocol.MSG_MOUSE_MODE, new Bytes().u16(3).u16(2).bytes());
        }); SpiceSession session = new SpiceSession(SessionConfig.builder().host("127.0.0.1").port(source.port())
                .password(password).connectTimeout(Duration.ofSeconds(2)).build())) {
            Events events = new Events();
            session.addListener(events);
            long start = System.nanoTime();
            session.connect();
            assertEquals(MainProtocol.MSGC_MIGRATE_CONNECT_ERROR, replies.poll(15, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "bounded by the connect timeout");
            events.awaitSeen("mouse CLIENT");
            events.awaitBackToNormal();
            assertEquals(List.of(MigrationState.CONNECTING, MigrationState.NORMAL), events.states);
            assertTrue(session.portChannel("p").orElseThrow().isOpen());
            assertEquals(source.port(), session.config().port().getAsInt());
        }
    }

    @Test
    void aDestinationThatRefusesConnectionsLeavesTheSessionOnTheSource() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertStaysOnSource(closed, "");
    }

    @Test
    void aDestinationThatNeverAnswersTheLinkLeavesTheSessionOnTheSource() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            assertStaysOnSource(silent.getLocalPort(), "");
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aDestinationThatRefusesTheTicketLeavesTheSessionOnTheSource() throws Exception {
        try (FakeSpiceServer destination = new FakeSpiceServer("another-ticket", channel -> {
            throw new IllegalStateException("the destination linked with a wrong ticket");
        })) {
            assertStaysOnSource(destination.port(), "");
            assertTrue(destination.failures().isEmpty(), destination.failures().toString());
        }
    }

    @Test
    void migrateCancelDropsTheDestinationAndKeepsTheSource() throws Exception {
        BlockingQueue<String> destinationLog = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> replies = new LinkedBlockingQueue<>();
        List<String> portLog = new CopyOnWriteArrayList<>();
        try (FakeSpiceServer destination = new FakeSpiceServer("", channel -> {
            destinationLog.add("linked " + channel.type());
            try {
                channel.holdUntilClientCloses();
            } finally {
                destinationLog.add("closed " + channel.type());
            }
        }); FakeSpiceServer source = source(new CountDownLatch(1), portLog, main -> {
            main.send(MainProtocol.MSG_MIGRATE_BEGIN, destination(destination.port(), null));
            replies.add(main.readMessageType());
            main.send(MainProtocol.MSG_MIGRATE_CANCEL, new byte[0]);
            main.send(MainProtocol.MSG_MOUSE_MODE, new Bytes().u16(3).u16(2).bytes());
        }); SpiceSession session = session(source)) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals(MainProtocol.MSGC_MIGRATE_CONNECTED, replies.poll(10, TimeUnit.SECONDS));
            events.awaitSeen("mouse CLIENT");
            events.awaitBackToNormal();
            assertEquals(List.of(MigrationState.CONNECTING, MigrationState.MIGRATING, MigrationState.NORMAL),
                    events.states);
            List<String> log = List.of(destinationLog.poll(10, TimeUnit.SECONDS),
                    destinationLog.poll(10, TimeUnit.SECONDS), destinationLog.poll(10, TimeUnit.SECONDS),
                    destinationLog.poll(10, TimeUnit.SECONDS));
            assertEquals(2, log.stream().filter(line -> line.startsWith("closed")).count(),
                    "both destination links were closed: " + log);
            assertTrue(session.portChannel("p").orElseThrow().isOpen());
            assertEquals(List.of("source port up"), portLog, "the source's port stayed connected");
        }
    }

    @Test
    void switchHostConnectsAfreshToTheNewServerWithTheSameChannels() throws Exception {
        List<Long> destinationLinks = new CopyOnWriteArrayList<>();
        List<String> portLog = new CopyOnWriteArrayList<>();
        try (FakeSpiceServer destination = new FakeSpiceServer("", channel -> {
            destinationLinks.add(channel.type() * 1000L + channel.connectionId());
            if (channel.type() == MAIN) {
                channel.send(MainProtocol.MSG_INIT, init(SESSION_ID + 1));
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST, new Bytes().u32(1).u8(PORT).u8(0).bytes());
            } else {
                channel.send(PortProtocol.MSG_PORT_INIT, portInit());
                channel.send(PortProtocol.MSG_DATA, text("from destination"));
            }
            channel.holdUntilClientCloses();
        }); FakeSpiceServer source = source(new CountDownLatch(1), portLog, main ->
                main.send(MainProtocol.MSG_MIGRATE_SWITCH_HOST, destination(destination.port(), null)));
             SpiceSession session = session(source)) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals("data from source", events.awaitPrefix("data"));
            PortChannel port = session.portChannel("p").orElseThrow();
            assertEquals("data from destination", events.awaitPrefix("data"));
            events.awaitBackToNormal();
            assertEquals(List.of(MigrationState.SWITCHING, MigrationState.NORMAL), events.states);
            assertEquals(List.of(MAIN * 1000L, PORT * 1000L + SESSION_ID + 1), destinationLinks,
                    "a fresh session: main with id 0, the port with the new session's id");
            assertSame(port, session.portChannel("p").orElseThrow());
            assertEquals(2, events.created.size());
            assertEquals(destination.port(), session.config().port().getAsInt());
        }
    }
}
