package dev.saffron.spice.internal.codec;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The GLZ dictionary of one session: images already decoded, by image id, which later GLZ images copy
 * pixels from. Every display channel of the session shares it, so it is thread-safe, and an image whose
 * reference arrives first on another channel can {@linkplain #await wait} for it.
 *
 * <p>It frees images as spice-gtk does: each header carries {@code win_head_dist}, and once every image up to
 * id N has arrived (counting from the first image the window sees, where spice-gtk counts from 0), images
 * older than {@code N - win_head_dist(N)} are dropped, because the server's window no longer reaches them. The server bounds that window by the pixel count the client gave it
 * (glz-window-size / 4), so this window needs about that much; because images may arrive ahead of a gap, it
 * is given a hard {@linkplain #capacityPixels() capacity} and, should the server's hints fail to keep it
 * below that, drops its oldest images, so memory stays bounded whatever the server sends.
 *
 * <p>Pixels are stored exactly as the reference decoder leaves them in memory, pad byte included, since
 * later images copy whole pixels from them.
 *
 * <p>A freed image's array is kept as a spare and handed to the next decode of an image of the same pixel
 * count ({@link #newImage}), so that a session whose screens repeat their image sizes stops allocating: GLZ
 * made most of a live session's garbage, and the heap the JVM grows for it. Spares and stored images
 * together stay within the capacity. Reuse is safe because the window frees an image only once no image
 * still to be decoded may reference it (the server's window has moved past it, and every earlier image has
 * arrived); only a server that breaks that, and so forces the capacity to evict, could see a decode read an
 * array that is being reused, which gives wrong pixels, never an error.
 */
public final class GlzWindow {
    private final long capacityPixels;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeMap<Long, Stored> images = new TreeMap<>();
    private long storedPixels;
    /** The lowest id not yet received at or above the first id received; -1 before any image. */
    private long tailGap = -1;
    /** Ids below this have been freed and will not be stored again. */
    private long freedBelow;
    /** Counts {@link #clear()} calls, so that waiters and decodes from before a clear give up. */
    private long generation;
    /** Arrays of freed images by length, for {@link #newImage}. */
    private final HashMap<Integer, ArrayDeque<int[]>> spares = new HashMap<>();
    private long sparePixels;

    private record Stored(int[] pixels, long winHeadDist) {
    }

    /**
     * @param capacityPixels the most pixels the window holds at once
     * @throws IllegalArgumentException if it is not positive
     */
    public GlzWindow(long capacityPixels) {
        if (capacityPixels <= 0) {
            throw new IllegalArgumentException("GLZ window capacity " + capacityPixels);
        }
        this.capacityPixels = capacityPixels;
    }

    /**
     * A window for the session property glz-window-size: the server is told {@code bytes / 4} pixels, and
     * the window holds twice that, room for images that arrive ahead of older ones on other channels.
     *
     * @param glzWindowSizeBytes the glz-window-size the display channels send in their init message, in bytes
     * @return the window
     * @throws IllegalArgumentException if the size is below 4
     */
    public static GlzWindow forWindowSize(int glzWindowSizeBytes) {
        if (glzWindowSizeBytes < 4) {
            throw new IllegalArgumentException("glz-window-size " + glzWindowSizeBytes);
        }
        return new GlzWindow(2L * (glzWindowSizeBytes / 4));
    }

    /** @return the most pixels the window holds at once */
    public long capacityPixels() {
        return capacityPixels;
    }

    /** @return the pixels held in spare arrays of freed images, for reuse */
    public long sparePixels() {
        lock.lock();
        try {
            return sparePixels;
        } finally {
            lock.unlock();
        }
    }

    /** @return the pixels it holds now */
    public long storedPixels() {
        lock.lock();
        try {
            return storedPixels;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param imageId an image id
     * @return whether that image is in the window now
     */
    public boolean contains(long imageId) {
        lock.lock();
        try {
            return images.containsKey(imageId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets every image, as spice-gtk does when a session disconnects or switches host. A decode that is
     * waiting for an image fails, and one still running does not store its result. The images' arrays stay
     * as spares for the next session's images.
     */
    public void clear() {
        lock.lock();
        try {
            storedPixels = 0;
            for (Stored stored : images.values()) {
                keepSpare(stored.pixels());
            }
            images.clear();
            tailGap = -1;
            freedBelow = 0;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return the current generation, to hand back to {@link #add} */
    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * An array for a new image's pixels: a freed image's of the same size when there is one, else a new one.
     *
     * @param pixelCount the image's pixel count
     * @return an array of exactly {@code pixelCount} ints whose content is undefined: the decoder writes
     *         every pixel before {@link #add} stores it
     */
    int[] newImage(int pixelCount) {
        lock.lock();
        try {
            ArrayDeque<int[]> sameSize = spares.get(pixelCount);
            if (sameSize != null) {
                int[] pixels = sameSize.pop();
                if (sameSize.isEmpty()) {
                    spares.remove(pixelCount);
                }
                sparePixels -= pixels.length;
                return pixels;
            }
        } finally {
            lock.unlock();
        }
        return new int[pixelCount];
    }

    /**
     * Returns an image's pixels, waiting for it to be added if it has not arrived yet.
     *
     * @param imageId      the image
     * @param timeoutNanos how long to wait at most
     * @return its stored pixels, which the caller must not change
     * @throws ImageDecodeException if the image was freed, the window was cleared, or the time ran out
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    int[] await(long imageId, long timeoutNanos) throws ImageDecodeException, InterruptedException {
        long start = System.nanoTime();
        lock.lockInterruptibly();
        try {
            long startGeneration = generation;
            while (true) {
                Stored stored = images.get(imageId);
                if (stored != null) {
                    return stored.pixels();
                }
                if (generation != startGeneration) {
                    throw new ImageDecodeException("GLZ: window cleared while waiting for image " + imageId);
                }
                if (imageId < freedBelow) {
                    throw new ImageDecodeException("GLZ: image " + imageId + " is no longer in the window");
                }
                long left = timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    throw new ImageDecodeException("GLZ: image " + imageId + " did not arrive within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores a decoded image, wakes decodes waiting for it, and frees what the server no longer references.
     *
     * @param imageId     its id
     * @param winHeadDist its header's win_head_dist
     * @param pixels      its pixels in coded order; the window keeps the array, so the caller must not
     *                    change it afterwards
     * @param generation  {@link #generation()} as it was when decoding began
     */
    void add(long imageId, long winHeadDist, int[] pixels, long generation) {
        lock.lock();
        try {
            if (generation != this.generation || imageId < freedBelow) {
                return;
            }
            Stored replaced = images.put(imageId, new Stored(pixels, winHeadDist));
            storedPixels += pixels.length;
            if (replaced != null) {
                storedPixels -= replaced.pixels().length;
                keepSpare(replaced.pixels());
            }
            if (tailGap < 0) {
                tailGap = imageId;
            }
            while (images.containsKey(tailGap)) {
                tailGap++;
            }
            Stored newestContiguous = images.get(tailGap - 1);
            if (newestContiguous != null) {
                freeBelow(tailGap - 1 - newestContiguous.winHeadDist());
            }
            while (storedPixels > capacityPixels && images.size() > 1) {
                freeBelow(images.firstKey() + 1);
            }
            dropSparesOverCapacity();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void freeBelow(long oldestKept) {
        var freed = images.headMap(oldestKept);
        for (Map.Entry<Long, Stored> entry : freed.entrySet()) {
            storedPixels -= entry.getValue().pixels().length;
            keepSpare(entry.getValue().pixels());
        }
        freed.clear();
        freedBelow = Math.max(freedBelow, oldestKept);
    }

    private void keepSpare(int[] pixels) {
        if (storedPixels + sparePixels + pixels.length > capacityPixels) {
            return;
        }
        spares.computeIfAbsent(pixels.length, length -> new ArrayDeque<>()).push(pixels);
        sparePixels += pixels.length;
    }

    /** Drops spare arrays until they and the stored images fit the capacity again. */
    private void dropSparesOverCapacity() {
        Iterator<ArrayDeque<int[]>> sizes = spares.values().iterator();
        while (storedPixels + sparePixels > capacityPixels && sizes.hasNext()) {
            ArrayDeque<int[]> sameSize = sizes.next();
            while (storedPixels + sparePixels > capacityPixels && !sameSize.isEmpty()) {
                sparePixels -= sameSize.pop().length;
            }
            if (sameSize.isEmpty()) {
                sizes.remove();
            }
        }
    }
}
