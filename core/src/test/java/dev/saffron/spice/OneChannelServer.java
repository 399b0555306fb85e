package dev.saffron.spice;

import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.testing.FakeSpiceServer;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted server whose main channel announces one more channel, handed to the test to drive byte by byte,
 * and a session connected to it.
 */
final class OneChannelServer implements AutoCloseable {
    private final FakeSpiceServer server;
    private final BlockingQueue<FakeSpiceServer.LinkedChannel> linked = new LinkedBlockingQueue<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private SpiceSession session;

    /**
     * @param type        the channel the main channel announces, with id 0
     * @param channelCaps the capabilities word the server announces on it
     */
    OneChannelServer(ChannelType type, int channelCaps) throws Exception {
        server = new FakeSpiceServer("", linkedType -> linkedType == type.wireValue() ? channelCaps : 0, channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                channel.send(MainProtocol.MSG_INIT,
                        new Bytes().u32(7).u32(1).u32(1).u32(1).u32(0).u32(0).u32(1000).u32(0).bytes());
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST, new Bytes().u32(1).u8(type.wireValue()).u8(0).bytes());
                channel.holdUntilClientCloses();
            } else {
                linked.add(channel);
                done.await();
            }
        });
    }

    /** Connects a session, with {@code listener} added before any channel exists, and waits for the channels. */
    SpiceSession connect(boolean readOnly, SessionListener listener) throws Exception {
        return connect(new SpiceSession(config(readOnly)), listener);
    }

    /**
     * Like {@link #connect(boolean, SessionListener)}, with listeners called on the thread that fires them: a
     * channel's {@code channelNew} then runs before the channel starts to link.
     */
    SpiceSession connectWithDirectEvents(SessionListener listener) throws Exception {
        return connect(new SpiceSession(config(false), Runnable::run), listener);
    }

    private SessionConfig config(boolean readOnly) {
        return SessionConfig.builder().host("127.0.0.1").port(server.port()).readOnly(readOnly)
                .connectTimeout(Duration.ofSeconds(5)).maxMessageSize(1 << 20).build();
    }

    private SpiceSession connect(SpiceSession created, SessionListener listener) throws Exception {
        session = created;
        session.addListener(listener);
        session.connect();
        session.awaitChannels(Duration.ofSeconds(10));
        return session;
    }

    /** @return the server's side of the announced channel, once linked */
    FakeSpiceServer.LinkedChannel peer() throws InterruptedException {
        FakeSpiceServer.LinkedChannel channel = linked.poll(10, TimeUnit.SECONDS);
        if (channel == null) {
            throw new AssertionError("the client did not link the announced channel");
        }
        return channel;
    }

    /** @return the session's channel of the given class */
    <T extends SpiceChannel> T channel(Class<T> kind) {
        return session.channels().stream().filter(kind::isInstance).map(kind::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " in " + session.channels()));
    }

    @Override
    public void close() throws IOException {
        done.countDown();
        if (session != null) {
            session.close();
        }
        server.close();
    }
}
