package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.BitmapHeader;
import dev.saffron.spice.internal.codec.GlzWindow;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.ImageLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decode stage alone: draws applied in submission order, images decoded on its workers, its bounds and its end. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DecodeStageTest {
    private static final int BITMAP_RGB32 = 8;
    private final ImageCache cache = new ImageCache(1 << 22);
    private final GlzWindow window = new GlzWindow(1 << 20);
    private final AtomicLongArray decoded = new AtomicLongArray(128);
    private final List<DecodeStage> stages = new ArrayList<>();

    @AfterEach
    void closeStages() {
        stages.forEach(DecodeStage::close);
        cache.close();
    }

    /** A cache entry stored before its pixels are decoded, as the reader stores a cache-me image. */
    private ImageCache.Entry pendingEntry(long id, int width, int height) {
        Arena arena = Arena.ofShared();
        return cache.putDecoding(id, arena, PixelBuffer.allocate(arena, width, height, false), false);
    }

    private DecodeStage stage(int threads) {
        DecodeStage stage = new DecodeStage("test", threads, cache,
                () -> new ImageDecoders(window, ImageLimits.DEFAULT, Duration.ofSeconds(5), decoded));
        stages.add(stage);
        return stage;
    }

    /** A top-down 32-bit bitmap of one colour, as the reader would have prepared it. */
    private static PreparedImage bitmap(int width, int height, int color) throws ImageDecodeException {
        MemorySegment data = MemorySegment.ofArray(new int[width * height]);
        for (long i = 0; i < (long) width * height; i++) {
            data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, color);
        }
        BitmapHeader header = BitmapHeader.fromWire(BITMAP_RGB32, BitmapHeader.TOP_DOWN, width, height, width * 4);
        return new PreparedImage.Bitmap(header, null, false, data);
    }

    @Test
    void drawsAreAppliedInSubmissionOrderWithTheirImagesDecodedOffTheSubmittingThread() throws Exception {
        DecodeStage stage = stage(3);
        Random random = new Random(19);
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        Set<String> decodedOn = ConcurrentHashMap.newKeySet();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        int draws = 300;
        for (int i = 0; i < draws; i++) {
            int index = i;
            DecodeStage.Batch batch = stage.batch();
            List<PixelBuffer> targets = new ArrayList<>();
            // Some draws have no image, some a large one that takes a while, some a small one.
            int images = random.nextInt(3);
            for (int k = 0; k < images; k++) {
                int side = random.nextBoolean() ? 1 + random.nextInt(8) : 300 + random.nextInt(200);
                PixelBuffer target = batch.target(side, side, false);
                batch.decode(bitmap(side, side, 0xFF000000 | (index * 3 + k)), target, null, 0);
                targets.add(target);
            }
            stage.submit(batch, failure -> {
                if (failure != null) {
                    wrong.add(index + ": " + failure.getMessage());
                }
                for (int k = 0; k < targets.size(); k++) {
                    PixelBuffer target = targets.get(k);
                    int expected = 0xFF000000 | (index * 3 + k);
                    if (target.get(0, 0) != expected || target.get(target.width() - 1, target.height() - 1) != expected) {
                        wrong.add(index + ": image " + k + " not decoded when drawn");
                    }
                }
                if (!targets.isEmpty()) {
                    decodedOn.add(Thread.currentThread().getName());
                }
                applied.add(index);
            });
        }
        stage.awaitApplied();
        assertEquals(List.of(), wrong);
        assertEquals(IntStream.range(0, draws).boxed().toList(), applied);
        assertTrue(decodedOn.stream().anyMatch(name -> name.startsWith("spice-test-decode-")),
                "draws applied on " + decodedOn);
        assertEquals(0, stage.pendingDraws());
    }

    @Test
    void theReaderWaitsOnceTheStageHoldsAsManyDrawsAsItMay() throws Exception {
        DecodeStage stage = stage(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger most = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 3 * DecodeStage.MAX_DRAWS; i++) {
                    DecodeStage.Batch batch = stage.batch();
                    batch.decode(bitmap(2, 2, i), batch.target(2, 2, false), null, 0);
                    int index = i;
                    stage.submit(batch, failure -> {
                        if (index == 0) {
                            awaitQuietly(release);
                        }
                    });
                    most.accumulateAndGet(stage.pendingDraws(), Math::max);
                }
            } catch (InterruptedException | ImageDecodeException e) {
                throw new AssertionError(e);
            }
        });
        // The first draw is held; the reader must stop at the bound rather than queue the rest.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stage.pendingDraws() < DecodeStage.MAX_DRAWS && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertTrue(reader.isAlive(), "the reader queued every draw behind a draw that is held");
        assertEquals(DecodeStage.MAX_DRAWS, stage.pendingDraws());
        release.countDown();
        reader.join();
        stage.awaitApplied();
        assertTrue(most.get() <= DecodeStage.MAX_DRAWS, "at most " + most.get() + " draws waited");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anImageThatFailsSkipsItsOwnDrawAndFailsItsCacheEntryOnly() throws Exception {
        DecodeStage stage = stage(2);
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        DecodeStage.Batch broken = stage.batch();
        ImageCache.Entry failing = pendingEntry(7, 4, 4);
        broken.hold(failing);
        broken.decode(new PreparedImage.Jpeg(MemorySegment.ofArray(new byte[]{1, 2, 3, 4})), failing.pixels(),
                failing, 7);
        stage.submit(broken, failure -> outcomes.add(failure == null ? "drawn" : "skipped"));
        DecodeStage.Batch good = stage.batch();
        ImageCache.Entry decodedEntry = pendingEntry(8, 4, 4);
        good.hold(decodedEntry);
        good.decode(bitmap(4, 4, 0xFF123456), decodedEntry.pixels(), decodedEntry, 8);
        stage.submit(good, failure -> outcomes.add(failure == null ? "drawn" : "skipped"));
        stage.awaitApplied();
        assertEquals(List.of("skipped", "drawn"), outcomes);
        assertNull(cache.acquire(7), "a cached image that failed to decode leaves the cache");
        ImageCache.Entry entry = cache.acquire(8);
        assertNotNull(entry);
        assertTrue(entry.awaitDecoded(Duration.ZERO));
        assertEquals(0xFF123456, entry.pixels().get(3, 3));
        cache.release(entry);
    }

    @Test
    void closingDropsTheDrawsNotAppliedFailsTheirCacheEntriesAndStopsTheWorkers() throws Exception {
        DecodeStage stage = stage(1);
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger appliedAfterFirst = new AtomicInteger();
        DecodeStage.Batch first = stage.batch();
        first.decode(bitmap(2, 2, 1), first.target(2, 2, false), null, 0);
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                stage.submit(first, failure -> {
                    inFirst.countDown();
                    awaitQuietly(never);
                });
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        worker.join();
        assertTrue(inFirst.await(10, TimeUnit.SECONDS));
        List<ImageCache.Entry> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DecodeStage.Batch batch = stage.batch();
            ImageCache.Entry entry = pendingEntry(100 + i, 300, 300);
            batch.hold(entry);
            batch.decode(bitmap(300, 300, i), entry.pixels(), entry, 100 + i);
            pending.add(entry);
            stage.submit(batch, failure -> appliedAfterFirst.incrementAndGet());
        }
        Thread closer = Thread.ofPlatform().start(stage::close);
        // The worker applying the first draw holds close() until it returns.
        Thread.sleep(100);
        never.countDown();
        closer.join();
        assertEquals(0, appliedAfterFirst.get());
        for (ImageCache.Entry entry : pending) {
            // Decoded before the close, or failed by it; never left waiting.
            entry.awaitDecoded(Duration.ofSeconds(1));
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("spice-test-decode-")), "a worker outlived close()");
        stage.awaitApplied();
    }

    @Test
    void anAbandonedBatchFailsTheCachedImagesItWasToDecode() throws Exception {
        DecodeStage stage = stage(1);
        DecodeStage.Batch batch = stage.batch();
        ImageCache.Entry entry = pendingEntry(5, 2, 2);
        batch.hold(entry);
        batch.decode(bitmap(2, 2, 9), entry.pixels(), entry, 5);
        stage.abandon(batch);
        assertFalse(entry.awaitDecoded(Duration.ofSeconds(1)));
        assertNull(cache.acquire(5));
    }
}
