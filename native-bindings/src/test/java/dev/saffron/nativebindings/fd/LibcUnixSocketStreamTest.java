package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.MappedDescriptor;
import dev.saffron.spice.spi.PassedDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unix socket that receives passed descriptors, on a socket pair whose other end sends as spice-server does;
 * and the control-message walk on hand-made bytes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LibcUnixSocketStreamTest {
    private int server;
    private LibcUnixSocketStream client;

    @BeforeEach
    void connect() throws IOException {
        int[] pair = SysSocket.pair();
        server = pair[0];
        client = new LibcUnixSocketStream(pair[1]);
    }

    @AfterEach
    void close() {
        client.close();
        DescriptorSender.close(server);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private byte[] read(int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            assertTrue(client.read(buffer) > 0);
        }
        return buffer.array();
    }

    @Test
    void aMemfdPassedWithTheMarkerArrivesMapsAndHasItsSize() throws IOException {
        byte[] contents = {1, 2, 3, 4, 5, 6, 7, 8};
        int memfd = DescriptorSender.memfd(contents, true);
        DescriptorSender.send(server, new byte[]{9, 9});
        DescriptorSender.send(server, new byte[]{'@'}, memfd);
        DescriptorSender.close(memfd);
        assertArrayEquals(new byte[]{9, 9}, read(2));
        try (PassedDescriptor received = client.receiveDescriptor().orElseThrow()) {
            assertTrue(Files.readSymbolicLink(Path.of("/proc/self/fd/" + received.fd())).toString()
                    .startsWith("/memfd:saffron-test"));
            assertEquals(8, received.size());
            try (MappedDescriptor mapping = received.mapReadOnly(8)) {
                mapping.beginRead();
                assertArrayEquals(contents, mapping.segment().toArray(ValueLayout.JAVA_BYTE));
                mapping.endRead();
            }
            try (PassedDescriptor copy = received.duplicate()) {
                assertFalse(copy.fd() == received.fd());
                assertEquals(8, copy.size());
            }
        }
    }

    @Test
    void aMemfdItsProducerCanShrinkIsNotMapped() throws IOException {
        int memfd = DescriptorSender.memfd(new byte[4096], false);
        DescriptorSender.send(server, new byte[]{'@'}, memfd);
        DescriptorSender.close(memfd);
        try (PassedDescriptor received = client.receiveDescriptor().orElseThrow()) {
            assertEquals(4096, received.size());
            IOException refused = assertThrows(IOException.class, () -> received.mapReadOnly(4096));
            assertTrue(refused.getMessage().contains("F_SEAL_SHRINK"), refused.getMessage());
        }
    }

    @Test
    void theMarkerWithoutADescriptorGivesNone() throws IOException {
        DescriptorSender.send(server, new byte[]{'@', 7});
        assertEquals(Optional.empty(), client.receiveDescriptor());
        assertArrayEquals(new byte[]{7}, read(1), "the marker alone was taken");
    }

    @Test
    void descriptorsNobodyAskedForAreClosed() throws IOException {
        int[] spare = SysSocket.pair();
        long before = openDescriptors();
        DescriptorSender.send(server, new byte[]{1, 2, 3}, spare[0]);
        DescriptorSender.send(server, new byte[]{'@'}, spare[0], spare[1]);
        assertArrayEquals(new byte[]{1, 2, 3}, read(3));
        assertEquals(before, openDescriptors(), "the descriptor that came with ordinary bytes is closed");
        PassedDescriptor first = client.receiveDescriptor().orElseThrow();
        assertEquals(before + 1, openDescriptors(), "only the first of two passed with the marker is kept");
        first.close();
        first.close();
        assertEquals(before, openDescriptors());
        assertThrows(IllegalStateException.class, first::fd);
        DescriptorSender.close(spare[0]);
        DescriptorSender.close(spare[1]);
    }

    @Test
    void aPipeHasNoSizeAndATooLongMappingIsRefusedBySize() throws IOException {
        int[] spare = SysSocket.pair();
        DescriptorSender.send(server, new byte[]{'@'}, spare[0]);
        try (PassedDescriptor socket = client.receiveDescriptor().orElseThrow()) {
            assertThrows(IOException.class, socket::size);
            assertThrows(IOException.class, () -> socket.mapReadOnly(4096));
        }
        DescriptorSender.close(spare[0]);
        DescriptorSender.close(spare[1]);
    }

    @Test
    void closingWakesABlockedReadAndTheStreamEnds() throws Exception {
        CompletableFuture<Exception> reader = CompletableFuture.supplyAsync(() -> {
            try {
                int count = client.read(ByteBuffer.allocate(1));
                return new IOException("read returned " + count);
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(100);
        assertFalse(reader.isDone(), "the read blocks while nothing comes");
        client.close();
        Exception ended = reader.get(5, TimeUnit.SECONDS);
        assertTrue(ended.getMessage().contains("read returned -1") || ended.getMessage().contains("closed"),
                ended.getMessage());
    }

    @Test
    void controlMessagesAreWalkedAsTheKernelLaysThemOut() {
        MemorySegment control = Arena.ofAuto().allocate(96, 8);
        // A credentials message (SCM_CREDENTIALS, 12 bytes of data), then SCM_RIGHTS with two descriptors.
        control.set(ValueLayout.JAVA_LONG, 0, 16 + 12);
        control.set(ValueLayout.JAVA_INT, 8, ControlMessages.SOL_SOCKET);
        control.set(ValueLayout.JAVA_INT, 12, 2);
        control.set(ValueLayout.JAVA_LONG, 32, 16 + 8);
        control.set(ValueLayout.JAVA_INT, 40, ControlMessages.SOL_SOCKET);
        control.set(ValueLayout.JAVA_INT, 44, ControlMessages.SCM_RIGHTS);
        control.set(ValueLayout.JAVA_INT, 48, 41);
        control.set(ValueLayout.JAVA_INT, 52, 42);
        assertEquals(List.of(41, 42), ControlMessages.descriptors(control, 56));
        assertEquals(List.of(), ControlMessages.descriptors(control, 40), "a message cut off by the length is not read");
        control.set(ValueLayout.JAVA_LONG, 32, 1 << 20);
        assertEquals(List.of(), ControlMessages.descriptors(control, 56), "a length beyond the buffer stops the walk");
        control.set(ValueLayout.JAVA_LONG, 0, 3);
        assertEquals(List.of(), ControlMessages.descriptors(control, 56), "a length below the header stops the walk");
    }
}
