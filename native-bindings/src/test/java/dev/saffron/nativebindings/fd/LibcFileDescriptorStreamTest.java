package dev.saffron.nativebindings.fd;

import dev.saffron.spice.spi.FileDescriptorAccess;
import dev.saffron.spice.spi.FileDescriptorStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libc stream over unix socket pairs: bytes both ways, end of stream, closing, and bad descriptors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LibcFileDescriptorStreamTest {
    private final FileDescriptorAccess access = new LibcFileDescriptorAccess();

    @Test
    void coreFindsThisModuleThroughTheServiceLoader() {
        assertInstanceOf(LibcFileDescriptorAccess.class,
                ServiceLoader.load(FileDescriptorAccess.class).findFirst().orElseThrow());
    }

    @Test
    void aMegabyteCrossesEachWayAtOnceIntact() throws Exception {
        int[] pair = SysSocket.pair();
        try (FileDescriptorStream left = access.open(pair[0]); FileDescriptorStream right = access.open(pair[1]);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] toRight = new byte[1 << 20];
            byte[] toLeft = new byte[(1 << 20) + 7];
            new Random(5).nextBytes(toRight);
            new Random(6).nextBytes(toLeft);
            CompletableFuture<Void> leftWrites = CompletableFuture.runAsync(() -> writeAll(left, toRight), threads);
            CompletableFuture<Void> rightWrites = CompletableFuture.runAsync(() -> writeAll(right, toLeft), threads);
            ByteBuffer atRight = ByteBuffer.allocate(toRight.length);
            ByteBuffer atLeft = ByteBuffer.allocateDirect(toLeft.length);
            CompletableFuture<Void> rightReads = CompletableFuture.runAsync(() -> readAll(right, atRight), threads);
            readAll(left, atLeft);
            CompletableFuture.allOf(leftWrites, rightWrites, rightReads).get(20, TimeUnit.SECONDS);
            assertArrayEquals(toRight, atRight.array());
            byte[] received = new byte[toLeft.length];
            atLeft.flip().get(received);
            assertArrayEquals(toLeft, received);
        }
    }

    private static void writeAll(FileDescriptorStream stream, byte[] bytes) {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        try {
            while (source.hasRemaining()) {
                assertTrue(stream.write(source) > 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readAll(FileDescriptorStream stream, ByteBuffer destination) {
        try {
            while (destination.hasRemaining()) {
                assertTrue(stream.read(destination) > 0, "no early end of stream");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePeerClosingIsEndOfStream() throws Exception {
        int[] pair = SysSocket.pair();
        try (FileDescriptorStream left = access.open(pair[0])) {
            FileDescriptorStream right = access.open(pair[1]);
            right.write(ByteBuffer.wrap(new byte[] {42}));
            right.close();
            ByteBuffer one = ByteBuffer.allocate(4);
            assertEquals(1, left.read(one));
            assertEquals(42, one.get(0));
            assertEquals(-1, left.read(one));
        }
    }

    @Test
    void closingWakesAWaitingReader() throws Exception {
        int[] pair = SysSocket.pair();
        FileDescriptorStream right = access.open(pair[1]);
        try {
            FileDescriptorStream left = access.open(pair[0]);
            CompletableFuture<Integer> reader = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    reader.complete(left.read(ByteBuffer.allocate(8)));
                } catch (IOException e) {
                    reader.complete(-2);
                }
            });
            Thread.sleep(200);
            left.close();
            assertEquals(-2, reader.get(5, TimeUnit.SECONDS), "the reader gave up with an IOException");
            IOException after = assertThrows(IOException.class, () -> left.write(ByteBuffer.allocate(1)));
            assertTrue(after.getMessage().contains("closed"), after.getMessage());
        } finally {
            right.close();
        }
    }

    @Test
    void aDescriptorThatIsNotOpenIsRefusedWithTheSystemsReason() throws Exception {
        int[] pair = SysSocket.pair();
        access.open(pair[0]).close();
        access.open(pair[1]).close();
        IOException e = assertThrows(IOException.class, () -> access.open(pair[0]));
        assertTrue(e.getMessage().contains("Bad file descriptor"), e.getMessage());
        assertThrows(IOException.class, () -> access.open(-1));
    }
}
