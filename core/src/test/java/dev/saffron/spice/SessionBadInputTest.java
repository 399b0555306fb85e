package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the session does when a server misbehaves in ways QEMU never would. Each case must end in a typed
 * error, promptly, with the session consistent.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionBadInputTest {
    private record Event(String channel, ChannelEvent event, SpiceException error) {
    }

    /** Records channel events and the session's end. */
    private static final class Recorder implements SessionListener {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final BlockingQueue<SessionClosed> closed = new LinkedBlockingQueue<>();

        record SessionClosed(SpiceException error) {
        }

        @Override
        public void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
            events.add(new Event(channel.name(), event, error));
        }

        @Override
        public void sessionClosed(SpiceException error) {
            closed.add(new SessionClosed(error));
        }

        Event next(String channel) throws InterruptedException {
            for (Event event; (event = events.poll(10, TimeUnit.SECONDS)) != null; ) {
                if (event.channel.equals(channel)) {
                    return event;
                }
            }
            throw new AssertionError("no event for " + channel);
        }
    }

    private static byte[] init(long sessionId) {
        return new Bytes().u32(sessionId).u32(1).u32(1).u32(1).u32(0).u32(10).u32(5000).u32(0).bytes();
    }

    private static SessionConfig config(int port) {
        return SessionConfig.builder().host("127.0.0.1").port(port)
                .connectTimeout(Duration.ofSeconds(2)).maxMessageSize(4096).build();
    }

    @Test
    void garbageInsteadOfALinkReplyIsALinkError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(5000);
                } catch (Exception ignored) {
                    // The client hangs up first; that is what the test wants.
                }
            });
            SpiceSession session = new SpiceSession(config(server.getLocalPort()));
            Recorder recorder = new Recorder();
            session.addListener(recorder);
            SpiceException e = assertThrows(SpiceException.class, session::connect);
            assertEquals(SpiceError.LINK_INVALID_MAGIC, e.error());
            assertEquals(ChannelEvent.ERROR_LINK, recorder.next("main-0").event);
            assertTrue(session.awaitClosed(Duration.ofSeconds(5)));
        }
    }

    @Test
    void lengthBeyondTheLimitClosesTheChannelWithAProtocolError() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            channel.send(MainProtocol.MSG_INIT, init(42));
            channel.raw(new Bytes().u16(MainProtocol.MSG_NAME).u32(100L * 1024 * 1024).bytes());
            channel.holdUntilClientCloses();
        })) {
            SpiceSession session = new SpiceSession(config(server.port()));
            Recorder recorder = new Recorder();
            session.addListener(recorder);
            session.connect();
            assertEquals(ChannelEvent.OPENED, recorder.next("main-0").event);
            Event end = recorder.next("main-0");
            assertEquals(ChannelEvent.ERROR_IO, end.event);
            assertEquals(SpiceError.PROTOCOL, end.error.error());
            Recorder.SessionClosed closed = recorder.closed.poll(10, TimeUnit.SECONDS);
            assertNotNull(closed);
            assertEquals(SpiceError.PROTOCOL, closed.error().error(), "the session reports why it ended");
            assertEquals(SpiceError.PROTOCOL, session.failure().orElseThrow().error());
            assertTrue(session.channels().isEmpty());
        }
    }

    @Test
    void truncatedMessageIsAnIoError() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            channel.send(MainProtocol.MSG_INIT, init(42));
            channel.raw(new Bytes().u16(MainProtocol.MSG_NAME).u32(100).raw(new byte[10]).bytes());
            channel.close();
        })) {
            SpiceSession session = new SpiceSession(config(server.port()));
            Recorder recorder = new Recorder();
            session.addListener(recorder);
            session.connect();
            recorder.next("main-0");
            Event end = recorder.next("main-0");
            assertEquals(ChannelEvent.ERROR_IO, end.event);
            assertEquals(SpiceError.IO, end.error.error());
            assertTrue(session.awaitClosed(Duration.ofSeconds(5)));
        }
    }

    @Test
    void unknownMessageTypesAreIgnoredAndTheSessionStaysUp() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            channel.send(MainProtocol.MSG_INIT, init(42));
            channel.send(999, new byte[]{1, 2, 3});
            channel.send(60, new byte[0]);
            channel.send(MainProtocol.MSG_NAME,
                    new Bytes().u32(6).raw("alive\0".getBytes(StandardCharsets.US_ASCII)).bytes());
            channel.holdUntilClientCloses();
        })) {
            try (SpiceSession session = new SpiceSession(config(server.port()))) {
                session.connect();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (session.name().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals("alive", session.name().orElseThrow());
                assertTrue(session.mainChannel().orElseThrow().isOpen());
            }
        }
    }

    @Test
    void malformedInitFailsConnectWithAProtocolError() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            channel.send(MainProtocol.MSG_INIT, new Bytes().u32(42).u32(1).bytes());
            channel.holdUntilClientCloses();
        })) {
            SpiceSession session = new SpiceSession(config(server.port()));
            SpiceException e = assertThrows(SpiceException.class, session::connect);
            assertEquals(SpiceError.PROTOCOL, e.error());
            assertTrue(e.getMessage().contains("main INIT"), e.getMessage());
        }
    }

    @Test
    void serverThatNeverStartsTheSessionTimesOut() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", FakeSpiceServer.LinkedChannel::holdUntilClientCloses)) {
            SpiceSession session = new SpiceSession(config(server.port()));
            long start = System.nanoTime();
            SpiceException e = assertThrows(SpiceException.class, session::connect);
            assertEquals(SpiceError.TIMEOUT, e.error());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "bounded by the connect timeout");
            assertTrue(session.awaitClosed(Duration.ofSeconds(5)));
        }
    }

    @Test
    void serverThatNeverAnswersTheLinkTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // Closed by the test's end.
                }
            });
            SpiceSession session = new SpiceSession(config(server.getLocalPort()));
            SpiceException e = assertThrows(SpiceException.class, session::connect);
            assertEquals(SpiceError.TIMEOUT, e.error());
        }
    }

    @Test
    void refusedConnectionIsAConnectError() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SpiceSession session = new SpiceSession(config(port));
        Recorder recorder = new Recorder();
        session.addListener(recorder);
        SpiceException e = assertThrows(SpiceException.class, session::connect);
        assertEquals(SpiceError.CONNECT_FAILED, e.error());
        assertEquals(ChannelEvent.ERROR_CONNECT, recorder.next("main-0").event);
    }

    @Test
    void wrongPasswordIsAnAuthErrorWithoutRetries() throws Exception {
        AtomicInteger links = new AtomicInteger();
        try (FakeSpiceServer server = new FakeSpiceServer("right", channel -> links.incrementAndGet())) {
            SpiceSession session = new SpiceSession(config(server.port()).toBuilder().password("wrong").build());
            Recorder recorder = new Recorder();
            session.addListener(recorder);
            SpiceException e = assertThrows(SpiceException.class, session::connect);
            assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, e.error());
            assertEquals(ChannelEvent.ERROR_AUTH, recorder.next("main-0").event);
            assertFalse(e.getMessage().contains("wrong") && e.getMessage().contains("right"));
            assertTrue(session.awaitClosed(Duration.ofSeconds(5)));
            assertEquals(0, links.get(), "no channel was linked");
        }
    }

    @Test
    void malformedPortMessageClosesOnlyThatChannel() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                channel.send(MainProtocol.MSG_INIT, init(42));
                assertEquals(MainProtocol.MSGC_ATTACH_CHANNELS, channel.readMessageType());
                channel.send(MainProtocol.MSG_CHANNELS_LIST,
                        new Bytes().u32(1).u8(ChannelType.PORT.wireValue()).u8(0).bytes());
                channel.holdUntilClientCloses();
            } else {
                assertEquals(42, channel.connectionId(), "secondary channels carry the session id");
                channel.send(201, new Bytes().u32(5).u32(5000).u8(1).bytes());
                channel.holdUntilClientCloses();
            }
        })) {
            try (SpiceSession session = new SpiceSession(config(server.port()))) {
                Recorder recorder = new Recorder();
                session.addListener(recorder);
                session.connect();
                session.awaitChannels(Duration.ofSeconds(10));
                assertEquals(ChannelEvent.OPENED, recorder.next("port-0").event);
                Event end = recorder.next("port-0");
                assertEquals(ChannelEvent.ERROR_IO, end.event);
                assertEquals(SpiceError.PROTOCOL, end.error.error());
                assertTrue(session.mainChannel().orElseThrow().isOpen(), "the main channel stays up");
                assertFalse(session.hasChannelType(ChannelType.PORT));
                assertTrue(recorder.closed.isEmpty());
                assertTrue(server.failures().isEmpty(), server.failures().toString());
            }
        }
    }

    @Test
    void hostileChannelCountIsRejected() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            channel.send(MainProtocol.MSG_INIT, init(42));
            channel.send(MainProtocol.MSG_CHANNELS_LIST, new Bytes().u32(0xFFFF_FFFFL).u8(1).u8(0).bytes());
            channel.holdUntilClientCloses();
        })) {
            SpiceSession session = new SpiceSession(config(server.port()));
            Recorder recorder = new Recorder();
            session.addListener(recorder);
            session.connect();
            recorder.next("main-0");
            Event end = recorder.next("main-0");
            assertEquals(SpiceError.PROTOCOL, end.error.error());
        }
    }
}
