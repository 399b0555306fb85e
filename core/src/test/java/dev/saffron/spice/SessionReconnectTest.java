package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.internal.protocol.PortProtocol;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconnect (SessionConfig#reconnectPolicy) against scripted servers: a dropped connection comes back with the
 * same channel objects, the hook's configuration is used, single-use tickets are not retried, and the policy's
 * bound ends the session. A QEMU restart is ReconnectIT's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionReconnectTest {
    private static final ReconnectPolicy QUICK = ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(80));

    private static byte[] init(long sessionId) {
        return new Bytes().u32(sessionId).u32(1).u32(1).u32(1).u32(0).u32(0).u32(1000).u32(0).bytes();
    }

    /**
     * A server whose main channel lists one port channel named "p"; each port link gets "hello" with the
     * connection's session id; the first {@code drops} main connections close after the list.
     */
    private static FakeSpiceServer server(String password, int drops, List<Long> linkIds, AtomicInteger sessions)
            throws Exception {
        AtomicInteger mains = new AtomicInteger();
        return new FakeSpiceServer(password, channel -> {
            linkIds.add(channel.type() * 1000L + channel.connectionId());
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                long id = sessions.incrementAndGet();
                channel.send(MainProtocol.MSG_INIT, init(id));
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST,
                        new Bytes().u32(1).u8(ChannelType.PORT.wireValue()).u8(0).bytes());
                if (mains.incrementAndGet() <= drops) {
                    Thread.sleep(300);
                    channel.close();
                    return;
                }
            } else {
                channel.send(PortProtocol.MSG_PORT_INIT,
                        new Bytes().u32(2).u32(9).u8(1).raw("p\0".getBytes(StandardCharsets.US_ASCII)).bytes());
                channel.send(PortProtocol.MSG_DATA, ("hello " + channel.connectionId())
                        .getBytes(StandardCharsets.US_ASCII));
            }
            channel.holdUntilClientCloses();
        });
    }

    /** Records the session's events as text, in order. */
    private static final class Events implements SessionListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<SpiceChannel> created = new CopyOnWriteArrayList<>();

        @Override
        public void channelNew(SpiceChannel channel) {
            created.add(channel);
            if (channel instanceof PortChannel port) {
                port.addListener(new PortChannelListener() {
                    @Override
                    public void portData(PortChannel p, ByteBuffer data) {
                        events.add("data " + StandardCharsets.US_ASCII.decode(data));
                    }
                });
            }
        }

        @Override
        public void channelDestroy(SpiceChannel channel) {
            events.add("destroy " + channel.name());
        }

        @Override
        public void reconnecting(int attempt, Duration delay, SpiceException cause) {
            events.add("reconnecting " + attempt);
        }

        @Override
        public void reconnected(int attempts) {
            events.add("reconnected " + attempts);
        }

        @Override
        public void reconnectGaveUp(SpiceException error) {
            events.add("gave up " + error.error());
        }

        @Override
        public void sessionClosed(SpiceException error) {
            events.add("closed " + (error == null ? "" : error.error()));
        }

        String next() throws InterruptedException {
            String event = events.poll(20, TimeUnit.SECONDS);
            assertNotNull(event, "no event within 20 s");
            return event;
        }

        /** @return the next event that starts with {@code prefix}, skipping others */
        String awaitPrefix(String prefix) throws InterruptedException {
            while (true) {
                String event = next();
                if (event.startsWith(prefix)) {
                    return event;
                }
            }
        }
    }

    private static SessionConfig.Builder config(FakeSpiceServer server) {
        return SessionConfig.builder().host("127.0.0.1").port(server.port()).connectTimeout(Duration.ofSeconds(3));
    }

    @Test
    void aDroppedSessionComesBackWithTheSameChannels() throws Exception {
        List<Long> links = new CopyOnWriteArrayList<>();
        AtomicInteger sessions = new AtomicInteger();
        try (FakeSpiceServer server = server("", 1, links, sessions);
             SpiceSession session = new SpiceSession(config(server).reconnectPolicy(QUICK).build())) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals("data hello 1", events.awaitPrefix("data"));
            MainChannel main = session.mainChannel().orElseThrow();
            PortChannel port = session.portChannel("p").orElseThrow();

            assertEquals("reconnecting 1", events.next());
            assertEquals("reconnected 1", events.next());
            assertEquals("data hello 2", events.next(), "the port relinked into the new session");
            assertSame(main, session.mainChannel().orElseThrow());
            assertSame(port, session.portChannel("p").orElseThrow());
            assertEquals(List.of(main, port), events.created, "no channel was created twice");
            assertTrue(port.isOpen());
            assertFalse(session.isReconnecting());
            // Main links with 0 each time, the port with each session's id.
            long mainLink = ChannelType.MAIN.wireValue() * 1000L;
            long portLink = ChannelType.PORT.wireValue() * 1000L;
            assertEquals(List.of(mainLink, portLink + 1, mainLink, portLink + 2), links);
        }
    }

    @Test
    void aSingleUseTicketIsNotRetriedWithoutAHook() throws Exception {
        List<Long> links = new CopyOnWriteArrayList<>();
        try (FakeSpiceServer server = server("ticket", 1, links, new AtomicInteger());
             SpiceSession session = new SpiceSession(config(server).password("ticket").singleUseTicket(true)
                     .reconnectPolicy(QUICK).build())) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals("gave up TICKET_SPENT", events.awaitPrefix("gave up"));
            assertEquals("closed TICKET_SPENT", events.awaitPrefix("closed"));
            assertEquals(SpiceError.TICKET_SPENT, session.failure().orElseThrow().error());
            assertEquals(1, links.stream().filter(id -> id == ChannelType.MAIN.wireValue() * 1000L).count(),
                    "the spent ticket was never sent again");
        }
    }

    @Test
    void theHookGivesEachAttemptItsServerAndTicket() throws Exception {
        List<Long> firstLinks = new CopyOnWriteArrayList<>();
        List<Long> secondLinks = new CopyOnWriteArrayList<>();
        AtomicInteger sessions = new AtomicInteger();
        try (FakeSpiceServer first = server("one", 1, firstLinks, sessions);
             FakeSpiceServer second = server("two", 0, secondLinks, sessions);
             SpiceSession session = new SpiceSession(config(first).password("one").singleUseTicket(true)
                     .reconnectPolicy(QUICK).build())) {
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            session.setReconnectHook((previous, attempt) -> {
                attempts.add(attempt);
                if (attempt == 1) {
                    throw new IOException("the ticket service is not up yet");
                }
                return previous.toBuilder().port(second.port()).password("two").build();
            });
            Events events = new Events();
            session.addListener(events);
            session.connect();
            PortChannel port = session.awaitChannels(Duration.ofSeconds(10)).stream()
                    .filter(PortChannel.class::isInstance).map(PortChannel.class::cast).findFirst().orElseThrow();
            assertEquals("reconnected 2", events.awaitPrefix("reconnected"));
            assertEquals("data hello 2", events.awaitPrefix("data"));
            assertEquals(List.of(1, 2), attempts);
            assertEquals(second.port(), session.config().port().getAsInt());
            assertSame(port, session.portChannel("p").orElseThrow());
            assertEquals(2, secondLinks.size(), "main and port linked to the second server");
        }
    }

    @Test
    void theBoundEndsTheSessionWhenTheServerStaysAway() throws Exception {
        FakeSpiceServer server = server("", 0, new CopyOnWriteArrayList<>(), new AtomicInteger());
        try (SpiceSession session = new SpiceSession(config(server).reconnectPolicy(QUICK.withMaxAttempts(3))
                .build())) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            session.awaitChannels(Duration.ofSeconds(10));
            server.close();
            assertEquals("reconnecting 1", events.awaitPrefix("reconnecting"));
            assertEquals("reconnecting 2", events.awaitPrefix("reconnecting"));
            assertEquals("reconnecting 3", events.awaitPrefix("reconnecting"));
            assertEquals("gave up CONNECT_FAILED", events.awaitPrefix("gave up"));
            assertEquals("closed CONNECT_FAILED", events.awaitPrefix("closed"));
            assertTrue(session.awaitClosed(Duration.ofSeconds(10)));
            assertTrue(session.channels().isEmpty());
        }
    }

    @Test
    void withoutAPolicyADropEndsTheSessionAsBefore() throws Exception {
        try (FakeSpiceServer server = server("", 1, new CopyOnWriteArrayList<>(), new AtomicInteger());
             SpiceSession session = new SpiceSession(config(server).build())) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            assertEquals("closed IO", events.awaitPrefix("closed"));
            assertFalse(events.events.stream().anyMatch(event -> event.startsWith("reconnect")));
        }
    }

    @Test
    void disconnectingWhileReconnectingEndsEveryChannel() throws Exception {
        FakeSpiceServer server = server("", 0, new CopyOnWriteArrayList<>(), new AtomicInteger());
        try (SpiceSession session = new SpiceSession(config(server)
                .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofSeconds(30), Duration.ofSeconds(30))).build())) {
            Events events = new Events();
            session.addListener(events);
            session.connect();
            session.awaitChannels(Duration.ofSeconds(10));
            server.close();
            events.awaitPrefix("reconnecting 1");
            session.disconnect();
            assertTrue(session.awaitClosed(Duration.ofSeconds(5)), "no wait for the 30 s backoff");
            assertTrue(session.channels().isEmpty());
        }
    }
}
