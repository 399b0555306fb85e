package dev.saffron.spice;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.testing.ChannelHarness;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.saffron.spice.internal.protocol.SmartcardProtocol.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smartcard channel's VSC exchange on server messages fed to its engine by the harness, the server's side
 * played as spice-server and QEMU's {@code ccid-card-passthru} play it. The real exchange is tested against
 * QEMU and a guest in the viewer's {@code SmartcardIT}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmartcardChannelTest {
    /** A T=0 card's answer to reset (libcacard's emulated card), which the guest is shown unchanged. */
    private static final byte[] ATR = HexFormat.of().parseHex("3b6600ff564341524 45f".replace(" ", ""));
    /** vsmartcard's ISO 7816 card, T=1 only, and what the guest's T=0 reader is shown of it. */
    private static final byte[] T1_ATR = HexFormat.of().parseHex("3b9513810180 73ff01000b".replace(" ", ""));
    private static final byte[] T1_ATR_SHOWN = HexFormat.of().parseHex("3b15138073ff0100");
    private static final byte[] SELECT_MF = {0x00, (byte) 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00};
    private static final byte[] OK = {(byte) 0x90, 0x00};

    /** A reader whose card answers every APDU with its reversed bytes and 90 00, or fails once removed. */
    private static final class EchoReader implements SmartcardReader {
        final List<byte[]> commands = new ArrayList<>();
        volatile boolean cardGone;
        volatile CountDownLatch hold;

        @Override
        public String name() {
            return "Echo Reader 00";
        }

        @Override
        public byte[] transmit(byte[] command) throws SmartcardException {
            CountDownLatch waitFor = hold;
            if (waitFor != null) {
                try {
                    waitFor.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SmartcardException("interrupted");
                }
            }
            if (cardGone) {
                throw new SmartcardException("the card was removed");
            }
            synchronized (commands) {
                commands.add(command.clone());
            }
            byte[] answer = Arrays.copyOf(reversed(command), command.length + 2);
            answer[command.length] = OK[0];
            answer[command.length + 1] = OK[1];
            return answer;
        }
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static byte[] vsc(int type, long readerId, byte[] payload) {
        return new Bytes().u32(type).u32(readerId).u32(payload.length).raw(payload).bytes();
    }

    private static byte[] error(long readerId, int code) {
        return vsc(VSC_ERROR, readerId, new Bytes().u32(code).bytes());
    }

    /** A client VSC message, read back from the harness. */
    private record Vsc(int type, long readerId, byte[] payload) {
        static Vsc read(ChannelHarness harness) throws Exception {
            FakeSpiceServer.Message message = harness.readMessage();
            assertEquals(MSGC_DATA, message.type());
            ByteBuffer body = message.view();
            int type = body.getInt();
            long readerId = Integer.toUnsignedLong(body.getInt());
            int length = body.getInt();
            assertEquals(body.remaining(), length, "the VSC length matches the bytes that follow");
            byte[] payload = new byte[length];
            body.get(payload);
            return new Vsc(type, readerId, payload);
        }

        int code() {
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    private static SmartcardChannel channel(ChannelHarness harness) {
        SmartcardChannel channel = new SmartcardChannel(harness, 0);
        harness.link(channel.engine(), 0);
        return channel;
    }

    /** Attaches the reader and answers its ReaderAdd as the server does, with reader id 0. */
    private static void attach(ChannelHarness harness, SmartcardChannel channel, SmartcardReader reader)
            throws Exception {
        CompletableFuture<Long> added = channel.attach(reader);
        Vsc add = Vsc.read(harness);
        assertEquals(VSC_READER_ADD, add.type());
        harness.send(MSG_DATA, error(0, VSC_SUCCESS));
        assertEquals(0L, added.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aReaderIsAddedByNameAndACardInsertedBeforeTheServerTookItGoesInRightAfter() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = channel(harness);
            List<String> events = new ArrayList<>();
            channel.addListener(new SmartcardChannelListener() {
                @Override
                public void readerAttached(SmartcardChannel c, SmartcardReader reader, long readerId) {
                    events.add("attached " + reader.name() + " as " + readerId);
                }
            });
            EchoReader reader = new EchoReader();
            CompletableFuture<Long> added = channel.attach(reader);
            channel.cardInserted(reader, ATR);

            Vsc add = Vsc.read(harness);
            assertEquals(VSC_READER_ADD, add.type());
            assertEquals(VSC_UNDEFINED_READER_ID, add.readerId());
            assertEquals("Echo Reader 00", new String(add.payload(), StandardCharsets.UTF_8));
            assertTrue(harness.silent(), "nothing else for the reader before the server took it");
            assertTrue(channel.readers().isEmpty());

            harness.send(MSG_DATA, error(7, VSC_SUCCESS));
            assertEquals(7L, added.get(5, TimeUnit.SECONDS));
            Vsc atr = Vsc.read(harness);
            assertEquals(VSC_ATR, atr.type());
            assertEquals(7, atr.readerId());
            assertArrayEquals(ATR, atr.payload());
            assertEquals(List.of(reader), channel.readers());
            assertEquals(List.of("attached Echo Reader 00 as 7"), events);

            channel.cardInserted(reader, T1_ATR);
            assertArrayEquals(T1_ATR_SHOWN, Vsc.read(harness).payload(), "a T=1 card in its T=0 form");

            channel.cardRemoved(reader);
            Vsc removed = Vsc.read(harness);
            assertEquals(VSC_CARD_REMOVE, removed.type());
            assertEquals(7, removed.readerId());
            assertEquals(0, removed.payload().length);

            channel.detach(reader);
            Vsc gone = Vsc.read(harness);
            assertEquals(VSC_READER_REMOVE, gone.type());
            assertEquals(7, gone.readerId());
            assertTrue(channel.readers().isEmpty());
        }
    }

    @Test
    void theGuestsApdusReachTheCardAndItsAnswersGoBackInOrder() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = channel(harness);
            EchoReader reader = new EchoReader();
            attach(harness, channel, reader);
            byte[] second = {(byte) 0x80, (byte) 0xCA, (byte) 0x9F, 0x7F, 0x00};
            harness.send(MSG_DATA, vsc(VSC_APDU, 0, SELECT_MF));
            harness.send(MSG_DATA, vsc(VSC_APDU, 0, second));
            Vsc first = Vsc.read(harness);
            Vsc next = Vsc.read(harness);
            assertEquals(VSC_APDU, first.type());
            assertArrayEquals(new EchoReader().transmit(SELECT_MF), first.payload());
            assertArrayEquals(new EchoReader().transmit(second), next.payload());
            synchronized (reader.commands) {
                assertEquals(2, reader.commands.size());
                assertArrayEquals(SELECT_MF, reader.commands.get(0));
            }
        }
    }

    @Test
    void aCardGoneMidApduAnswersWithAnErrorAndTheChannelGoesOn() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = channel(harness);
            EchoReader reader = new EchoReader();
            attach(harness, channel, reader);
            reader.cardGone = true;
            harness.send(MSG_DATA, vsc(VSC_APDU, 0, SELECT_MF));
            Vsc failed = Vsc.read(harness);
            assertEquals(VSC_ERROR, failed.type());
            assertEquals(VSC_GENERAL_ERROR, failed.code());
            reader.cardGone = false;
            harness.send(MSG_DATA, vsc(VSC_APDU, 0, SELECT_MF));
            assertEquals(VSC_APDU, Vsc.read(harness).type());
            assertTrue(harness.lifecycle().stream().noneMatch(event -> event.contains("ERROR")),
                    harness.lifecycle().toString());
        }
    }

    @Test
    void aSecondReaderIsRefusedHereSinceTheServerWouldNeverAnswerIt() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = channel(harness);
            EchoReader first = new EchoReader();
            attach(harness, channel, first);
            CompletableFuture<Long> second = channel.attach(new EchoReader());
            ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("one reader at a time"), e.getCause().getMessage());
            assertTrue(harness.silent(), "no ReaderAdd for the second reader");
            assertEquals(List.of(first), channel.readers());
        }
    }

    @Test
    void aServerWithNoFreeDeviceRefusesTheReaderInWords() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = channel(harness);
            List<String> refusals = new ArrayList<>();
            channel.addListener(new SmartcardChannelListener() {
                @Override
                public void readerRefused(SmartcardChannel c, SmartcardReader reader, String reason) {
                    refusals.add(reason);
                }
            });
            EchoReader reader = new EchoReader();
            CompletableFuture<Long> added = channel.attach(reader);
            Vsc.read(harness);
            harness.send(MSG_DATA, error(VSC_UNDEFINED_READER_ID, VSC_CANNOT_ADD_MORE_READERS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> added.get(5, TimeUnit.SECONDS));
            assertInstanceOf(SpiceException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("no free smartcard device"), e.getCause().getMessage());
            assertEquals(1, refusals.size());
            assertTrue(channel.readers().isEmpty());
            assertThrows(IllegalStateException.class, () -> channel.cardInserted(reader, ATR));
        }
    }

    @Test
    void badInputGetsTheProtocolsErrorOrEndsTheChannelButNeverReachesAReader() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = channel(harness);
            EchoReader reader = new EchoReader();
            attach(harness, channel, reader);
            // An APDU for a reader that is not there, and one too short to be a command: an Error each.
            harness.send(MSG_DATA, vsc(VSC_APDU, 3, SELECT_MF));
            Vsc unknown = Vsc.read(harness);
            assertEquals(VSC_ERROR, unknown.type());
            assertEquals(3, unknown.readerId());
            assertEquals(VSC_GENERAL_ERROR, unknown.code());
            harness.send(MSG_DATA, vsc(VSC_APDU, 0, new byte[]{0x00, (byte) 0xA4}));
            assertEquals(VSC_GENERAL_ERROR, Vsc.read(harness).code());
            // A message only a client sends.
            harness.send(MSG_DATA, vsc(VSC_ATR, 0, ATR));
            assertEquals(VSC_ERROR, Vsc.read(harness).type());
            synchronized (reader.commands) {
                assertTrue(reader.commands.isEmpty());
            }
            assertEquals(3, channel.engine().refusedMessages());
            // A header whose length disagrees with the bytes that follow breaks the channel's framing.
            byte[] cut = Arrays.copyOf(vsc(VSC_APDU, 0, SELECT_MF), 12 + SELECT_MF.length - 2);
            SpiceException broken = assertThrows(SpiceException.class, () -> harness.send(MSG_DATA, cut));
            assertTrue(broken.getMessage().contains("VSC header says"), broken.getMessage());
        }
    }

    @Test
    void aLengthOverTheLimitIsRefusedBeforeAnythingIsAllocated() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            channel(harness);
            byte[] huge = new Bytes().u32(VSC_APDU).u32(0).u32(0xFFFF_FFF0L).bytes();
            SpiceException e = assertThrows(SpiceException.class, () -> harness.send(MSG_DATA, huge));
            assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
        }
    }

    @Test
    void aFlushIsCompletedAfterTheApdusBeforeIt() throws Exception {
        try (ChannelHarness harness = new ChannelHarness()) {
            SmartcardChannel channel = channel(harness);
            EchoReader reader = new EchoReader();
            attach(harness, channel, reader);
            reader.hold = new CountDownLatch(1);
            harness.send(MSG_DATA, vsc(VSC_APDU, 0, SELECT_MF));
            harness.send(MSG_DATA, vsc(VSC_FLUSH, 0, new byte[0]));
            assertTrue(harness.silentFor(200), "the flush waits for the APDU being answered");
            reader.hold.countDown();
            assertEquals(VSC_APDU, Vsc.read(harness).type());
            Vsc complete = Vsc.read(harness);
            assertEquals(VSC_FLUSH_COMPLETE, complete.type());
            assertFalse(complete.payload().length > 0);
        }
    }
}
