package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.channel.BaseMessages;
import dev.saffron.spice.internal.protocol.MainProtocol;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.saffron.spice.internal.protocol.SmartcardProtocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A smartcard channel relinked by a reconnect adds its reader to the new server again and inserts its card again,
 * and the card's late answer to the old server's APDU never reaches the new one; a seamless migration keeps the
 * reader as it was.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmartcardReconnectTest {
    private static final byte[] ATR = HexFormat.of().parseHex("3b6600ff5643415244 5f".replace(" ", ""));
    private static final byte[] OLD_COMMAND = {0x00, (byte) 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00};
    private static final byte[] NEW_COMMAND = {(byte) 0x80, (byte) 0xCA, (byte) 0x9F, 0x7F, 0x00};
    private static final byte[] OK = {(byte) 0x90, 0x00};

    /** A client VSC message as a server connection saw it. */
    private record Vsc(long session, int type, long readerId, byte[] payload) {
    }

    /** A reader whose card answers 90 00 to everything, holding its first answer until released. */
    private static final class HeldReader implements SmartcardReader {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstCommand = new CountDownLatch(1);
        final AtomicInteger commands = new AtomicInteger();

        @Override
        public String name() {
            return "Held Reader 00";
        }

        @Override
        public byte[] transmit(byte[] command) throws SmartcardException {
            if (commands.getAndIncrement() == 0) {
                firstCommand.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SmartcardException("interrupted");
                }
            }
            return OK.clone();
        }
    }

    private static byte[] vsc(int type, long readerId, byte[] payload) {
        return new Bytes().u32(type).u32(readerId).u32(payload.length).raw(payload).bytes();
    }

    private static Vsc read(FakeSpiceServer.LinkedChannel channel) throws IOException {
        FakeSpiceServer.Message message = channel.readMessage();
        ByteBuffer body = message.view();
        int type = body.getInt();
        long readerId = Integer.toUnsignedLong(body.getInt());
        byte[] payload = new byte[body.getInt()];
        body.get(payload);
        return new Vsc(channel.connectionId(), type, readerId, payload);
    }

    /**
     * Attaches the reader, with a card in, when the session's smartcard channel first opens (not on relinks).
     *
     * @return how many times the channel has opened
     */
    private static AtomicInteger attachWithCardOnFirstOpen(SpiceSession session, SmartcardReader reader) {
        AtomicInteger opened = new AtomicInteger();
        session.addListener(new SessionListener() {
            @Override
            public void channelNew(SpiceChannel channel) {
                if (channel instanceof SmartcardChannel smartcard) {
                    smartcard.addListener(new SmartcardChannelListener() {
                        @Override
                        public void channelEvent(SpiceChannel source, ChannelEvent event, SpiceException e) {
                            if (event == ChannelEvent.OPENED && opened.incrementAndGet() == 1) {
                                smartcard.attach(reader);
                                smartcard.cardInserted(reader, ATR);
                            }
                        }
                    });
                }
            }
        });
        return opened;
    }

    @Test
    void aReconnectAddsTheReaderAgainAndDropsTheOldServersAnswer() throws Exception {
        BlockingQueue<Vsc> seen = new LinkedBlockingQueue<>();
        CountDownLatch oldApduSent = new CountDownLatch(1);
        AtomicInteger mains = new AtomicInteger();
        AtomicInteger smartcards = new AtomicInteger();
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                int session = mains.incrementAndGet();
                channel.sendMainInit(session);
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST,
                        new Bytes().u32(1).u8(ChannelType.SMARTCARD.wireValue()).u8(0).bytes());
                if (session == 1) {
                    // The first server goes away while the card still works on its APDU.
                    assertTrue(oldApduSent.await(20, TimeUnit.SECONDS));
                    Thread.sleep(200);
                    channel.close();
                    return;
                }
                channel.holdUntilClientCloses();
                return;
            }
            boolean first = smartcards.incrementAndGet() == 1;
            long readerId = 10 + channel.connectionId();
            Vsc add = read(channel);
            seen.add(add);
            channel.send(MSG_DATA, vsc(VSC_ERROR, readerId, new Bytes().u32(VSC_SUCCESS).bytes()));
            seen.add(read(channel));
            channel.send(MSG_DATA, vsc(VSC_APDU, readerId, first ? OLD_COMMAND : NEW_COMMAND));
            if (first) {
                oldApduSent.countDown();
            }
            while (true) {
                seen.add(read(channel));
            }
        });
             SpiceSession session = new SpiceSession(SessionConfig.builder().host("127.0.0.1").port(server.port())
                     .connectTimeout(Duration.ofSeconds(3)).smartcardEnabled(true)
                     .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(80)))
                     .build())) {
            HeldReader reader = new HeldReader();
            AtomicInteger opened = attachWithCardOnFirstOpen(session, reader);
            session.connect();

            Vsc add = next(seen);
            assertEquals(1, add.session());
            assertEquals(VSC_READER_ADD, add.type());
            assertEquals(VSC_ATR, next(seen).type());
            assertTrue(reader.firstCommand.await(20, TimeUnit.SECONDS), "the old server's APDU reached the card");

            Vsc addAgain = next(seen);
            assertEquals(2, addAgain.session(), "the reader went to the new server");
            assertEquals(VSC_READER_ADD, addAgain.type());
            assertEquals(VSC_UNDEFINED_READER_ID, addAgain.readerId());
            assertEquals(reader.name(), new String(addAgain.payload(), StandardCharsets.UTF_8));
            Vsc atrAgain = next(seen);
            assertEquals(VSC_ATR, atrAgain.type(), "the card went in again");
            assertEquals(12, atrAgain.readerId(), "under the new server's reader id");
            assertArrayEquals(ATR, atrAgain.payload());
            assertEquals(2, opened.get(), "OPENED fired for each connection");

            reader.release.countDown();
            Vsc answer = next(seen);
            assertEquals(2, answer.session());
            assertEquals(VSC_APDU, answer.type());
            assertEquals(12, answer.readerId(), "the old answer was dropped; this one answers the new APDU");
            assertArrayEquals(OK, answer.payload());
            assertEquals(2, reader.commands.get());
            assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "nothing else reached a server");
        }
    }

    @Test
    void aSeamlessMigrationKeepsTheReaderAndItsId() throws Exception {
        BlockingQueue<Vsc> atSource = new LinkedBlockingQueue<>();
        BlockingQueue<String> atDestination = new LinkedBlockingQueue<>();
        CountDownLatch readerReady = new CountDownLatch(1);
        CountDownLatch migrateChannels = new CountDownLatch(1);
        try (FakeSpiceServer destination = new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                channel.readMessage();
                channel.send(MainProtocol.MSG_MIGRATE_DST_SEAMLESS_ACK, new byte[0]);
            } else {
                FakeSpiceServer.Message data = channel.readMessage();
                atDestination.add(data.type() + " " + new String(data.body(), StandardCharsets.US_ASCII));
                channel.send(MSG_DATA, vsc(VSC_APDU, 5, NEW_COMMAND));
                Vsc answer = read(channel);
                atDestination.add("vsc " + answer.type() + " for " + answer.readerId());
            }
            channel.holdUntilClientCloses();
        }); FakeSpiceServer source = new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                channel.sendMainInit(1);
                channel.readMessageType();
                channel.send(MainProtocol.MSG_CHANNELS_LIST,
                        new Bytes().u32(1).u8(ChannelType.SMARTCARD.wireValue()).u8(0).bytes());
                assertTrue(readerReady.await(20, TimeUnit.SECONDS));
                byte[] host = "127.0.0.1\0".getBytes(StandardCharsets.US_ASCII);
                channel.send(MainProtocol.MSG_MIGRATE_BEGIN_SEAMLESS, new Bytes().u16(destination.port()).u16(0)
                        .u32(host.length).u32(24).u32(0).u32(0).u32(2).raw(host).bytes());
                channel.readMessageType();
                migrateChannels.countDown();
                channel.send(BaseMessages.MIGRATE, new Bytes().u32(0).bytes());
            } else {
                atSource.add(read(channel));
                channel.send(MSG_DATA, vsc(VSC_ERROR, 5, new Bytes().u32(VSC_SUCCESS).bytes()));
                atSource.add(read(channel));
                readerReady.countDown();
                assertTrue(migrateChannels.await(20, TimeUnit.SECONDS));
                channel.send(BaseMessages.MIGRATE, new Bytes().u32(BaseMessages.MIGRATE_NEED_DATA_TRANSFER).bytes());
                channel.send(BaseMessages.MIGRATE_DATA, "smartcard-state".getBytes(StandardCharsets.US_ASCII));
            }
            channel.holdUntilClientCloses();
        }); SpiceSession session = new SpiceSession(SessionConfig.builder().host("127.0.0.1").port(source.port())
                .connectTimeout(Duration.ofSeconds(2)).smartcardEnabled(true).build())) {
            destination.channelCapabilities(1 << MainProtocol.CAP_SEAMLESS_MIGRATE);
            HeldReader reader = new HeldReader();
            reader.release.countDown();
            AtomicInteger opened = attachWithCardOnFirstOpen(session, reader);
            session.connect();
            assertEquals(VSC_READER_ADD, next(atSource).type());
            assertEquals(VSC_ATR, next(atSource).type());

            assertEquals(BaseMessages.MIGRATE_DATA_CLIENT + " smartcard-state", atDestination.poll(20, TimeUnit.SECONDS),
                    "the source's data went to the destination, and nothing before it");
            assertEquals("vsc " + VSC_APDU + " for 5", atDestination.poll(20, TimeUnit.SECONDS),
                    "the reader kept its id: the destination's APDU was answered, no ReaderAdd was sent");
            assertEquals(1, opened.get(), "a seamless migration fires no OPENED");
            SmartcardChannel channel = session.smartcardChannel().orElseThrow();
            assertEquals(List.of(reader), channel.readers());
        }
    }

    private static Vsc next(BlockingQueue<Vsc> seen) throws InterruptedException {
        Vsc message = seen.poll(20, TimeUnit.SECONDS);
        assertNotNull(message, "no VSC message within 20 s");
        return message;
    }
}
