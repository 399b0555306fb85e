package dev.saffron.spice.internal.display;

import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.protocol.DisplayProtocol;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Decodes a display channel's images on threads beside its reader, and draws in message order.
 *
 * <p>The reader copies each draw message's body into the draw's {@link Batch} (the connection reuses its buffer
 * for the next message, and the draw's masks, glyphs and images' bytes are views of the body) and parses the
 * copy as before, but its {@link ImageReader} only reads what must be read in order (descriptors, codec
 * headers, palettes, the image cache's entries) and puts each image's codec work in the batch, with a buffer
 * for the pixels. {@link #submit} queues the batch behind the draws before it and hands
 * its images to the workers; a draw is applied once its images are decoded and every draw before it has been
 * applied, by whichever thread finds it ready first: the worker that finished its last image, or the reader
 * when it submits. So the surfaces see the draws in message order, exactly as when the reader decodes and
 * draws each in turn, while the reader reads ahead and the workers decode several images at once.
 *
 * <p>What ties a draw to earlier ones is resolved in order on the reader: a cached image is stored in the
 * {@link ImageCache} when its message is read and filled in when decoded (a FROM_CACHE of it waits for the
 * pixels); a GLZ image that refers to one still being decoded waits for it in the session's GLZ window, which
 * the workers take in message order, so the one waited for is always already taken; a draw reading a surface
 * reads it when it is applied, after every earlier draw. Every other message waits, through
 * {@link #awaitApplied}, until the draws before it are applied, so surfaces are created and destroyed,
 * caches invalidated and GL scanouts copied between draws as before.
 *
 * <p>Bounded: at most {@link #MAX_DRAWS} draws, holding {@link #MAX_PIXELS} decoded pixels (and always at least
 * one draw, however large) wait at a time; {@link #submit} waits for room. Spare buffers are kept up to the
 * same bounds. The stage owns its pixel buffers and input copies and frees them in {@link #close()}.
 */
public final class DecodeStage implements AutoCloseable {
    /** A parsed draw, waiting for its images. */
    @FunctionalInterface
    public interface Draw {
        /**
         * Draws, or skips the draw when an image failed; called once, in message order, on the reader or on a
         * worker.
         *
         * @param failure why an image of the draw did not decode, or null when they all did
         */
        void apply(ImageDecodeException failure);
    }

    /**
     * Images of fewer pixels are decoded by the reader as it reads them (into the batch's buffers, drawn in
     * order all the same): a hand-off costs a copy of the input, a worker's wake-up and cold caches, tens of
     * microseconds, about what decoding 16 Kpixels takes, and the live benchmark's 32-pixel-wide columns cost
     * 5 to 12% more CPU per frame handed off one by one (README, "Decoding on a second core").
     */
    public static final long HANDOFF_PIXELS = 1 << 14;
    /** Draws submitted and not yet applied, at most. */
    static final int MAX_DRAWS = 16;
    /** Pixels decoded for draws not yet applied, at most (16 MiB), unless one draw alone needs more. */
    static final long MAX_PIXELS = 4L << 20;
    /** Bytes of pixel buffers kept for the next draws: as many as the draws waiting may hold. */
    private static final long MAX_SPARE_BUFFER_BYTES = 4 * MAX_PIXELS;
    /** Bytes of compressed input kept in spare arrays for the next images. */
    private static final long MAX_SPARE_INPUT_BYTES = 4L << 20;
    /** How long {@link #close()} waits for the workers to finish the image each is decoding. */
    private static final long STOP_MILLIS = 5_000;

    private static final System.Logger LOG = System.getLogger(DecodeStage.class.getName());

    private final String name;
    private final ImageCache cache;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when jobs are queued and when the stage closes. */
    private final Condition work = lock.newCondition();
    /** Signalled when a draw is applied and when the stage closes. */
    private final Condition progress = lock.newCondition();
    /** Draws submitted and not applied, in message order. Guarded by the lock, as every field below. */
    private final ArrayDeque<Batch> order = new ArrayDeque<>();
    /** Images no worker has taken yet, in message order. */
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    /** Pixel buffers of applied draws, for the next ones. */
    private final List<Buffer> spareBuffers = new ArrayList<>();
    private long spareBufferBytes;
    private final List<byte[]> spareInputs = new ArrayList<>();
    private long spareInputBytes;
    private long pendingPixels;
    /** Whether a thread is applying draws: one at a time, so they stay in order. */
    private boolean applying;
    private boolean closed;
    /** A bug met on a worker, thrown to the reader at its next call, as it would have been met there. */
    private RuntimeException failure;

    /**
     * Starts the workers.
     *
     * @param name     the channel's name, for the threads and the log
     * @param threads  how many workers decode, at least 1
     * @param cache    the session's image cache, whose entries batches hold
     * @param decoders makes each worker's codecs, on the worker's thread (off the reader's way to its first
     *                 frame); the worker closes them when it stops
     */
    public DecodeStage(String name, int threads, ImageCache cache, Supplier<ImageDecoders> decoders) {
        if (threads < 1) {
            throw new IllegalArgumentException("decode threads " + threads);
        }
        this.name = name;
        this.cache = cache;
        for (int i = 0; i < threads; i++) {
            Thread worker = Thread.ofPlatform().daemon().name("spice-" + name + "-decode-" + i)
                    .unstarted(() -> start(decoders));
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    /**
     * @param type a display message type
     * @return whether the message can be handled while earlier draws wait for their images: draws, which the
     *         stage keeps in order, and cache and palette invalidations, which the reader applies in order
     *         and which cannot take an image from a draw that holds it. Any other message waits for the
     *         draws before it ({@link #awaitApplied}).
     */
    public static boolean keepsOrderItself(int type) {
        return type == DisplayProtocol.MSG_COPY_BITS
                || (type >= DisplayProtocol.MSG_DRAW_FILL && type <= DisplayProtocol.MSG_DRAW_ALPHA_BLEND)
                || type == DisplayProtocol.MSG_DRAW_COMPOSITE
                || (type >= DisplayProtocol.MSG_INVAL_LIST && type <= DisplayProtocol.MSG_INVAL_ALL_PALETTES);
    }

    /** @return an empty batch for the next draw the reader parses */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Queues a parsed draw behind the earlier ones and starts decoding its images; waits first while the
     * stage holds as many draws or pixels as it may. A draw without images that nothing is ahead of is applied
     * at once, on the caller's thread.
     *
     * @throws InterruptedException if the reader is interrupted while it waits (the batch is then dropped)
     */
    public void submit(Batch batch, Draw draw) throws InterruptedException {
        lock.lock();
        try {
            try {
                while (!closed && failure == null && (order.size() >= MAX_DRAWS
                        || (!order.isEmpty() && pendingPixels + batch.pixels > MAX_PIXELS))) {
                    progress.await();
                }
            } catch (InterruptedException e) {
                drop(batch);
                throw e;
            }
            if (closed || failure != null) {
                drop(batch);
                throwFailure();
                return;
            }
            batch.draw = draw;
            batch.remaining = batch.jobs.size();
            order.addLast(batch);
            pendingPixels += batch.pixels;
            for (int i = 0; i < batch.jobs.size(); i++) {
                jobs.addLast(batch.jobs.get(i));
                // One worker per image: waking them all for one image made the others spin back to sleep.
                work.signal();
            }
            drainLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops a batch whose draw could not be parsed: its cached images never come, its buffers go back.
     */
    public void abandon(Batch batch) {
        lock.lock();
        try {
            drop(batch);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every draw submitted so far has been applied, before the reader handles a message that
     * is not a draw.
     *
     * @throws InterruptedException if the reader is interrupted meanwhile
     */
    public void awaitApplied() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && failure == null && (!order.isEmpty() || applying)) {
                progress.await();
            }
            throwFailure();
        } finally {
            lock.unlock();
        }
    }

    /** @return draws submitted and waiting, not counting one being applied: at most {@link #MAX_DRAWS} */
    public int pendingDraws() {
        lock.lock();
        try {
            return order.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the workers, drops the draws not applied yet (the surfaces they were for are going), fails the
     * cached images they were to decode, and frees the buffers. Waits up to five seconds for a worker to
     * finish its image; a worker still running then keeps the buffers, which are left unfreed rather than
     * freed under it. Idempotent.
     */
    @Override
    public void close() {
        List<Job> unstarted;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            unstarted = new ArrayList<>(jobs);
            jobs.clear();
            work.signalAll();
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        unstarted.forEach(Job::cancel);
        workers.forEach(Thread::interrupt);
        boolean stopped = joinWorkers();
        lock.lock();
        try {
            for (Batch batch : order) {
                batch.releaseHeld();
                if (stopped) {
                    batch.buffers.forEach(buffer -> buffer.arena.close());
                }
            }
            order.clear();
            if (stopped) {
                spareBuffers.forEach(buffer -> buffer.arena.close());
            } else {
                LOG.log(System.Logger.Level.WARNING, "{0}: a decode thread did not stop within {1} ms; its "
                        + "buffers are not freed", name, STOP_MILLIS);
            }
            spareBuffers.clear();
            spareInputs.clear();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether every worker stopped; the caller's interrupt status is kept */
    private boolean joinWorkers() {
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        try {
            for (Thread worker : workers) {
                while (worker.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void start(Supplier<ImageDecoders> decoders) {
        ImageDecoders own;
        try {
            own = decoders.get();
        } catch (RuntimeException e) {
            lock.lock();
            try {
                if (failure == null) {
                    failure = e;
                }
                progress.signalAll();
            } finally {
                lock.unlock();
            }
            return;
        }
        work(own);
    }

    private void work(ImageDecoders decoders) {
        try (decoders) {
            while (true) {
                Job job;
                lock.lock();
                try {
                    while (jobs.isEmpty() && !closed) {
                        work.await();
                    }
                    if (closed) {
                        return;
                    }
                    job = jobs.pollFirst();
                } finally {
                    lock.unlock();
                }
                job.run(decoders);
            }
        } catch (InterruptedException e) {
            // Only close() interrupts a worker.
        }
    }

    /** Applies the draws at the head of the queue that are ready; one thread at a time. Lock held. */
    private void drainLocked() {
        if (applying) {
            return;
        }
        applying = true;
        try {
            while (!closed && !order.isEmpty() && order.peekFirst().remaining == 0) {
                Batch next = order.pollFirst();
                // Its place in the queue is free now: the reader may go on while it is drawn.
                progress.signalAll();
                RuntimeException bug;
                lock.unlock();
                try {
                    bug = next.apply();
                } finally {
                    lock.lock();
                }
                if (bug != null && failure == null) {
                    failure = bug;
                }
                pendingPixels -= next.pixels;
                recycle(next);
                progress.signalAll();
            }
        } finally {
            applying = false;
            progress.signalAll();
        }
    }

    private void throwFailure() {
        RuntimeException bug = failure;
        if (bug != null) {
            failure = null;
            throw new IllegalStateException(name + ": a draw failed on a decode thread: " + bug, bug);
        }
    }

    /** Drops a batch that will never be applied. Lock held. */
    private void drop(Batch batch) {
        batch.jobs.forEach(Job::cancel);
        batch.releaseHeld();
        batch.jobs.forEach(job -> keepInput(job.input));
        recycle(batch);
    }

    /** Keeps an applied or dropped batch's buffers for later batches, within the bounds. Lock held. */
    private void recycle(Batch batch) {
        for (Buffer buffer : batch.buffers) {
            if (!closed && spareBufferBytes + buffer.memory.byteSize() <= MAX_SPARE_BUFFER_BYTES) {
                spareBuffers.add(buffer);
                spareBufferBytes += buffer.memory.byteSize();
            } else {
                buffer.arena.close();
            }
        }
        batch.buffers.clear();
        keepInput(batch.body);
        batch.body = null;
    }

    private void keepInput(byte[] input) {
        if (input != null && !closed && spareInputBytes + input.length <= MAX_SPARE_INPUT_BYTES) {
            spareInputs.add(input);
            spareInputBytes += input.length;
        }
    }

    /** @return a spare buffer of at least {@code bytes}, the smallest that fits, or a new one. Lock held. */
    private Buffer takeBuffer(long bytes) {
        int best = -1;
        for (int i = 0; i < spareBuffers.size(); i++) {
            long size = spareBuffers.get(i).memory.byteSize();
            if (size >= bytes && (best < 0 || size < spareBuffers.get(best).memory.byteSize())) {
                best = i;
            }
        }
        if (best >= 0) {
            Buffer buffer = spareBuffers.remove(best);
            spareBufferBytes -= buffer.memory.byteSize();
            return buffer;
        }
        Arena arena = Arena.ofShared();
        return new Buffer(arena, arena.allocate(bytes, 64));
    }

    /** @return a spare array of at least {@code bytes}, or a new one. Lock held. */
    private byte[] takeInput(int bytes) {
        int best = -1;
        for (int i = 0; i < spareInputs.size(); i++) {
            int size = spareInputs.get(i).length;
            if (size >= bytes && (best < 0 || size < spareInputs.get(best).length)) {
                best = i;
            }
        }
        if (best >= 0) {
            byte[] input = spareInputs.remove(best);
            spareInputBytes -= input.length;
            return input;
        }
        // Rounded up to a power of two, so that one screen's images of slightly different sizes share arrays.
        int rounded = bytes <= 1 ? 1 : Integer.highestOneBit(bytes - 1) << 1;
        return new byte[rounded > 0 ? rounded : bytes];
    }

    /** Pixel memory for one image of a batch; the stage owns it. */
    private record Buffer(Arena arena, MemorySegment memory) {
    }

    /**
     * The images one draw message needs decoded, and the cache entries it uses; the reader fills it while it
     * parses the draw, then {@linkplain #submit submits} or {@linkplain #abandon abandons} it.
     */
    public final class Batch {
        private final List<Job> jobs = new ArrayList<>(2);
        private final List<ImageCache.Entry> held = new ArrayList<>(2);
        private final List<Buffer> buffers = new ArrayList<>(2);
        /** The draw message's body, copied; a pooled array, or null. */
        private byte[] body;
        private long pixels;
        /** Set by submit; guarded by the stage's lock from then on, as remaining and failure. */
        private Draw draw;
        private int remaining;
        private ImageDecodeException failure;

        private Batch() {
        }

        /** @return pixel memory for an image of this draw, the stage's until the draw is applied */
        PixelBuffer target(int width, int height, boolean alpha) {
            long bytes = 4L * width * height;
            Buffer buffer;
            lock.lock();
            try {
                buffer = takeBuffer(bytes);
            } finally {
                lock.unlock();
            }
            buffers.add(buffer);
            pixels += (long) width * height;
            return new PixelBuffer(buffer.memory, 0, width, height, width * 4, alpha);
        }

        /**
         * Copies the draw message's body, which the connection reuses for the next message, into an array the
         * batch keeps until the draw is applied or dropped.
         *
         * @return the copy, to parse the draw from: its images' bytes, masks and glyphs are views of it
         */
        MemorySegment keep(MemorySegment message) {
            int size = (int) message.byteSize();
            lock.lock();
            try {
                body = takeInput(size);
            } finally {
                lock.unlock();
            }
            MemorySegment.copy(message, ValueLayout.JAVA_BYTE, 0, body, 0, size);
            return MemorySegment.ofArray(body).asSlice(0, size);
        }

        /** Keeps a cache entry the draw uses until the draw is applied or dropped. */
        void hold(ImageCache.Entry entry) {
            held.add(entry);
        }

        /**
         * Adds an image to decode into {@code target}. Its compressed bytes are copied now, unless they are in
         * the body {@linkplain #keep kept} (ZLIB_GLZ's are in the reader's inflater's buffer).
         *
         * @param cached  the cache entry {@code target} belongs to, marked decoded or failed when done; or null
         * @param cacheId the entry's id
         */
        void decode(PreparedImage image, PixelBuffer target, ImageCache.Entry cached, long cacheId) {
            if (body != null && image.data().heapBase().orElse(null) == body) {
                jobs.add(new Job(this, image, target, cached, cacheId, null));
            } else {
                int size = (int) image.data().byteSize();
                byte[] input;
                lock.lock();
                try {
                    input = takeInput(size);
                } finally {
                    lock.unlock();
                }
                MemorySegment.copy(image.data(), ValueLayout.JAVA_BYTE, 0, input, 0, size);
                jobs.add(new Job(this, image.withData(MemorySegment.ofArray(input).asSlice(0, size)), target,
                        cached, cacheId, input));
            }
            if (cached != null) {
                // The cache owns these pixels, but they are decoding work all the same, which the bound limits.
                pixels += (long) target.width() * target.height();
            }
        }

        /** @return a bug the draw met, or null */
        private RuntimeException apply() {
            try {
                draw.apply(failure);
                return null;
            } catch (RuntimeException e) {
                return e;
            } finally {
                releaseHeld();
            }
        }

        private void releaseHeld() {
            for (int i = 0; i < held.size(); i++) {
                cache.release(held.get(i));
            }
            held.clear();
        }
    }

    /** One image to decode for a batch. */
    private final class Job {
        private final Batch batch;
        private final PreparedImage image;
        private final PixelBuffer target;
        private final ImageCache.Entry cached;
        private final long cacheId;
        /** The job's own copy of its compressed bytes, or null when they are in its batch's body. */
        private final byte[] input;

        Job(Batch batch, PreparedImage image, PixelBuffer target, ImageCache.Entry cached, long cacheId,
            byte[] input) {
            this.batch = batch;
            this.image = image;
            this.target = target;
            this.cached = cached;
            this.cacheId = cacheId;
            this.input = input;
        }

        /** Decodes on a worker, then lets the draws that are ready be applied. */
        void run(ImageDecoders decoders) {
            ImageDecodeException refused = null;
            RuntimeException bug = null;
            try {
                decoders.decode(image, target);
                if (cached != null) {
                    cached.markDecoded();
                }
            } catch (ImageDecodeException e) {
                refused = e;
            } catch (InterruptedException e) {
                refused = new ImageDecodeException("the channel closed while an image waited for another");
            } catch (RuntimeException e) {
                bug = e;
                refused = new ImageDecodeException("decoding failed: " + e);
            }
            if (refused != null) {
                cancel();
            }
            lock.lock();
            try {
                if (bug != null && failure == null) {
                    failure = bug;
                }
                if (refused != null && batch.failure == null) {
                    batch.failure = refused;
                }
                batch.remaining--;
                keepInput(input);
                drainLocked();
            } finally {
                lock.unlock();
            }
        }

        /** The image will not be decoded: its cache entry, if any, fails. */
        void cancel() {
            if (cached != null) {
                cache.failed(cacheId, cached);
            }
        }
    }
}
