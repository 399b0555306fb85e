package dev.saffron.spice.internal.webdav;

import dev.saffron.spice.SharedFolderServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mux with hand-made frames from the guest and a recording sink for what goes back. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WebdavMuxTest {
    private static final MuxLimits SMALL = new MuxLimits(MuxLimits.MAX_FRAME_DATA, MuxLimits.MAX_FRAME_DATA, 4,
            Duration.ofMillis(300));

    /** One frame for the guest, as the sink got it. */
    record Frame(long id, byte[] data) {
        boolean closes() {
            return data.length == 0;
        }

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Records frames; each is whole, which the test checks by parsing it alone. */
    static final class RecordingSink implements FrameSink {
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Void> send(ByteBuffer frame) {
            ByteBuffer view = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            long id = view.getLong();
            int size = Short.toUnsignedInt(view.getShort());
            assertEquals(size, view.remaining(), "a frame's size covers the rest of its message");
            byte[] data = new byte[size];
            view.get(data);
            frames.add(new Frame(id, data));
            return CompletableFuture.completedFuture(null);
        }

        Frame next() throws InterruptedException {
            Frame frame = frames.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame for the guest within 10 s");
            }
            return frame;
        }

        boolean quietFor(long millis) throws InterruptedException {
            return frames.poll(millis, TimeUnit.MILLISECONDS) == null;
        }
    }

    static byte[] frame(long id, String text) {
        return frame(id, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] frame(long id, byte[] data) {
        return ByteBuffer.allocate(10 + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(id)
                .putShort((short) data.length).put(data).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Answers each line with "<n>:<line>", n counting this connection's lines; returns at the end of input. */
    static final class LineServer implements SharedFolderServer {
        final AtomicInteger calls = new AtomicInteger();
        final Map<Integer, Throwable> endings = new ConcurrentHashMap<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void serve(InputStream fromGuest, java.io.OutputStream toGuest) throws IOException {
            int call = calls.incrementAndGet();
            try {
                StringBuilder line = new StringBuilder();
                int lines = 0;
                for (int b; (b = fromGuest.read()) >= 0; ) {
                    if (b == '\n') {
                        toGuest.write((++lines + ":" + line + "\n").getBytes(StandardCharsets.UTF_8));
                        toGuest.flush();
                        line.setLength(0);
                    } else {
                        line.append((char) b);
                    }
                }
            } catch (IOException e) {
                endings.put(call, e);
                throw e;
            } finally {
                ended.countDown();
            }
        }
    }

    @Test
    void framesSplitAtAnyByteReachTheirOwnConnectionAndAnswersCarryItsId() throws Exception {
        RecordingSink sink = new RecordingSink();
        LineServer server = new LineServer();
        WebdavMux mux = new WebdavMux(server, sink, MuxLimits.DEFAULT);
        long a = 0x1122334455667788L;
        long b = -5;
        byte[] stream = concat(frame(a, "he"), frame(b, "one\n"), frame(a, "llo\nwor"), frame(a, "ld\n"));
        // Every split of the stream into two DATA messages must parse the same; here a split every 7 bytes.
        int rounds = 0;
        for (int cut = 0; cut <= stream.length; cut += 7) {
            mux.accept(ByteBuffer.wrap(stream, 0, cut));
            mux.accept(ByteBuffer.wrap(stream, cut, stream.length - cut));
            rounds++;
        }
        List<String> forA = new ArrayList<>();
        List<String> forB = new ArrayList<>();
        for (int i = 0; i < rounds * 3; i++) {
            Frame answer = sink.next();
            (answer.id() == a ? forA : forB).add(answer.text());
            assertTrue(answer.id() == a || answer.id() == b, "answers carry the connection's id");
        }
        assertEquals(2, mux.activeClients());
        assertEquals("1:hello", forA.get(0).strip());
        assertEquals("2:world", forA.get(1).strip());
        assertEquals("1:one", forB.get(0).strip());
        assertEquals(rounds * 2, forA.size());
        assertEquals(2, server.calls.get(), "one server call per connection, however the bytes were split");
    }

    @Test
    void theGuestClosingEndsTheServersInputAndGetsNoCloseBack() throws Exception {
        RecordingSink sink = new RecordingSink();
        LineServer server = new LineServer();
        WebdavMux mux = new WebdavMux(server, sink, MuxLimits.DEFAULT);
        mux.accept(ByteBuffer.wrap(concat(frame(7, "x\n"), frame(7, new byte[0]))));
        assertTrue(server.ended.await(10, TimeUnit.SECONDS));
        // The input ends cleanly; only an answer written after the close fails, as its guest is gone.
        Throwable ending = server.endings.get(1);
        assertTrue(ending == null || ending.getMessage().contains("the guest closed"), String.valueOf(ending));
        // The answer may or may not have been sent before the close; a close frame never is.
        while (!sink.quietFor(300)) {
            // drain
        }
        assertEquals(0, mux.activeClients());
        // The id is free again: the same id opens a fresh connection.
        mux.accept(ByteBuffer.wrap(frame(7, "again\n")));
        Frame answer = sink.next();
        assertEquals(7, answer.id());
        assertEquals("1:again\n", answer.text());
        assertEquals(2, server.calls.get());
    }

    @Test
    void aServerThatReturnsClosesItsConnectionWithAnEmptyFrame() throws Exception {
        RecordingSink sink = new RecordingSink();
        WebdavMux mux = new WebdavMux((in, out) -> out.write("bye".getBytes(StandardCharsets.UTF_8)), sink,
                MuxLimits.DEFAULT);
        mux.accept(ByteBuffer.wrap(frame(42, "GET / HTTP/1.1\r\n")));
        Frame data = sink.next();
        assertEquals("bye", data.text());
        Frame close = sink.next();
        assertEquals(42, close.id());
        assertTrue(close.closes());
        assertEquals(0, mux.activeClients());
    }

    @Test
    void aCloseForAConnectionThatIsNotOpenIsIgnored() throws Exception {
        RecordingSink sink = new RecordingSink();
        LineServer server = new LineServer();
        WebdavMux mux = new WebdavMux(server, sink, MuxLimits.DEFAULT);
        mux.accept(ByteBuffer.wrap(frame(99, new byte[0])));
        assertTrue(sink.quietFor(200));
        assertEquals(0, server.calls.get());
        assertEquals(0, mux.clientsOpened());
    }

    @Test
    void aServerThatStopsReadingIsEndedAloneAndTheOthersGoOn() throws Exception {
        RecordingSink sink = new RecordingSink();
        CountDownLatch stuckEnded = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        LineServer lines = new LineServer();
        SharedFolderServer server = (in, out) -> {
            if (calls.getAndIncrement() > 0) {
                lines.serve(in, out);
                return;
            }
            // Never reads: waits until the mux ends the connection under it.
            while (((FrameOutput) out).isOpen()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            stuckEnded.countDown();
        };
        WebdavMux mux = new WebdavMux(server, sink, SMALL);
        byte[] big = new byte[MuxLimits.MAX_FRAME_DATA];
        mux.accept(ByteBuffer.wrap(frame(1, big)));
        long start = System.nanoTime();
        // The buffer is full: this frame waits for the stall limit, then the connection is ended.
        mux.accept(ByteBuffer.wrap(concat(frame(1, big), frame(2, "still here\n"))));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= Duration.ofMillis(250).toNanos(), "waited " + waited / 1_000_000 + " ms");
        assertTrue(stuckEnded.await(10, TimeUnit.SECONDS), "the stuck server's output failed");
        Frame close = sink.next();
        assertEquals(1, close.id());
        assertTrue(close.closes());
        Frame answer = sink.next();
        assertEquals(2, answer.id());
        assertEquals("1:still here\n", answer.text());
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAsTheyOpen() throws Exception {
        RecordingSink sink = new RecordingSink();
        LineServer server = new LineServer();
        WebdavMux mux = new WebdavMux(server, sink, new MuxLimits(MuxLimits.MAX_FRAME_DATA,
                MuxLimits.MAX_FRAME_DATA, 1, Duration.ofSeconds(5)));
        mux.accept(ByteBuffer.wrap(concat(frame(1, "a\n"), frame(2, "b\n"))));
        List<Frame> got = List.of(sink.next(), sink.next());
        assertTrue(got.stream().anyMatch(f -> f.id() == 2 && f.closes()), "the second connection is closed");
        assertTrue(got.stream().anyMatch(f -> f.id() == 1 && f.text().equals("1:a\n")), "the first is served");
        assertEquals(1, server.calls.get());
    }

    @Test
    void aPortThatClosesMidFrameEndsEveryConnectionAndTheNextFrameParsesFromItsStart() throws Exception {
        RecordingSink sink = new RecordingSink();
        LineServer server = new LineServer();
        WebdavMux mux = new WebdavMux(server, sink, MuxLimits.DEFAULT);
        byte[] cut = frame(5, "cut short\n");
        mux.accept(ByteBuffer.wrap(cut, 0, 13));
        mux.reset("the guest closed the port");
        assertTrue(server.ended.await(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, server.endings.get(1), "an ended connection's server sees an error");
        assertTrue(sink.quietFor(200), "nothing goes to a guest whose port closed");
        mux.accept(ByteBuffer.wrap(frame(6, "fresh\n")));
        Frame answer = sink.next();
        assertEquals(6, answer.id());
        assertEquals("1:fresh\n", answer.text());
    }

    @Test
    void largeAnswersGoOutInFramesOfAtMost65535BytesAndBlockWhileTooMuchIsInFlight() throws Exception {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        AtomicInteger mode = new AtomicInteger();
        FrameSink slow = frame -> {
            synchronized (pending) {
                sizes.add(frame.remaining() - FrameOutput.HEADER_BYTES);
                if (mode.get() == 1) {
                    return CompletableFuture.completedFuture(null);
                }
                CompletableFuture<Void> done = new CompletableFuture<>();
                pending.add(done);
                return done;
            }
        };
        CountDownLatch written = new CountDownLatch(1);
        byte[] answer = new byte[200_000];
        WebdavMux mux = new WebdavMux((in, out) -> {
            out.write(answer);
            out.flush();
            written.countDown();
        }, slow, SMALL);
        mux.accept(ByteBuffer.wrap(frame(3, "GET\n")));
        assertTrue(!written.await(300, TimeUnit.MILLISECONDS), "the write waits while a frame is in flight");
        synchronized (pending) {
            assertEquals(1, sizes.size(), "one frame's worth in flight at most");
            mode.set(1);
            pending.forEach(done -> done.complete(null));
        }
        assertTrue(written.await(10, TimeUnit.SECONDS));
        synchronized (pending) {
            assertEquals(List.of(65535, 65535, 65535, 200_000 - 3 * 65535), sizes.subList(0, 4));
        }
    }

    @Test
    void smallWritesGatherIntoFullFramesAndFlushSendsTheRest() throws Exception {
        RecordingSink sink = new RecordingSink();
        CountDownLatch flushed = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        WebdavMux mux = new WebdavMux((in, out) -> {
            byte[] block = new byte[65536];
            out.write(block);
            out.write(block);
            out.write('x');
            flushed.countDown();
            try {
                checked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
        }, sink, MuxLimits.DEFAULT);
        mux.accept(ByteBuffer.wrap(frame(4, "GET\n")));
        assertTrue(flushed.await(10, TimeUnit.SECONDS));
        assertEquals(65535, sink.next().data().length);
        assertEquals(65535, sink.next().data().length);
        assertTrue(sink.quietFor(200), "the last 3 bytes wait for a flush");
        checked.countDown();
        assertEquals(3, sink.next().data().length);
        assertTrue(sink.next().closes());
    }

    @Test
    void framesAreLittleEndianWithTheSizeBeforeTheData() {
        ByteBuffer built = FrameOutput.frame(0x0102030405060708L, new byte[]{9, 10, 11}, 1, 2);
        byte[] bytes = new byte[built.remaining()];
        built.get(bytes);
        assertArrayEquals(new byte[]{8, 7, 6, 5, 4, 3, 2, 1, 2, 0, 10, 11}, bytes);
    }
}
