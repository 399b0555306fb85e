package dev.saffron.usbredir;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.ReconnectPolicy;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.FakeSpiceServer;
import dev.saffron.usbredir.internal.Capabilities;
import dev.saffron.usbredir.internal.Packet;
import dev.saffron.usbredir.internal.PacketParser;
import dev.saffron.usbredir.internal.PacketWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.saffron.usbredir.internal.Protocol.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A redirected device comes back after a reconnect: the scripted servers play QEMU's usb-redir on their usbredir
 * channel (hello, then reading what the host sends), and the second one hears a fresh hello and the device
 * connected again without the application redirecting it anew. The real QEMU is UsbReconnectIT's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UsbRedirectorReconnectTest {
    private static final int MAIN_INIT = 103;
    private static final int MAIN_CHANNELS_LIST = 104;
    private static final int SPICEVMC_DATA = 101;
    private static final Capabilities QEMU = Capabilities.of(CAP_CONNECT_DEVICE_VERSION, CAP_FILTER,
            CAP_DEVICE_DISCONNECT_ACK, CAP_EP_INFO_MAX_PACKET_SIZE, CAP_64BITS_IDS, CAP_32BITS_BULK_LENGTH);

    @TempDir
    Path folder;

    /** One usbredir packet the host sent, and the session it went to. */
    private record Seen(long session, int type) {
    }

    @Test
    void aRedirectedDiskIsPluggedIntoTheNewServerAgain() throws Exception {
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        CountDownLatch firstConnected = new CountDownLatch(1);
        AtomicInteger mains = new AtomicInteger();
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                int session = mains.incrementAndGet();
                channel.send(MAIN_INIT, ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putInt(session)
                        .putInt(1).putInt(1).putInt(1).putInt(0).putInt(10).putInt(5000).putInt(0).array());
                channel.readMessageType();
                channel.send(MAIN_CHANNELS_LIST, ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(1)
                        .put((byte) ChannelType.USBREDIR.wireValue()).put((byte) 0).array());
                if (session == 1) {
                    assertTrue(firstConnected.await(20, TimeUnit.SECONDS));
                    channel.close();
                    return;
                }
                channel.holdUntilClientCloses();
                return;
            }
            channel.send(SPICEVMC_DATA, PacketWriter.hello("fake qemu usb-redir", QEMU));
            PacketParser parser = new PacketParser(false, QEMU);
            while (true) {
                FakeSpiceServer.Message message = channel.readMessage();
                assertEquals(SPICEVMC_DATA, message.type(), "uncompressed data: the server offered no LZ4");
                for (Packet packet : parser.feed(message.body(), 0, message.body().length)) {
                    seen.add(new Seen(channel.connectionId(), packet.type()));
                    if (packet.type() == DEVICE_CONNECT && channel.connectionId() == 1) {
                        firstConnected.countDown();
                    }
                }
            }
        });
             SpiceSession session = new SpiceSession(SessionConfig.builder().host("127.0.0.1").port(server.port())
                     .connectTimeout(Duration.ofSeconds(3)).usbredirEnabled(true)
                     .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(80)))
                     .build());
             UsbRedirector redirector = UsbRedirector.attach(session)) {
            Path image = folder.resolve("disk.img");
            Files.write(image, new byte[1024 * 1024]);
            try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, false)) {
                session.connect();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (redirector.slotCount() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                UsbRedirection redirection = redirector.redirect(disk).get(20, TimeUnit.SECONDS);
                for (int type : new int[]{HELLO, EP_INFO, INTERFACE_INFO, DEVICE_CONNECT}) {
                    assertEquals(new Seen(1, type), next(seen));
                }
                for (int type : new int[]{HELLO, EP_INFO, INTERFACE_INFO, DEVICE_CONNECT}) {
                    assertEquals(new Seen(2, type), next(seen), "the new server's usb-redir hears it all again");
                }
                assertEquals(1, redirection.channel().stream());
                assertFalse(redirection.ended().isDone(), "the redirection went on");
                assertEquals(1, redirector.redirections().size());
                assertEquals(0, redirector.freeSlotCount());
            }
        }
    }

    private static Seen next(BlockingQueue<Seen> seen) throws InterruptedException {
        Seen packet = seen.poll(20, TimeUnit.SECONDS);
        assertNotNull(packet, "no usbredir packet within 20 s");
        return packet;
    }
}
