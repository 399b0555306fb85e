package dev.saffron.spice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One image of a draw decoded (not one taken from the cache): its codec, size and how long it took. */
@Name("saffron.ImageDecoded")
@Label("Image Decoded")
@Category({"Saffron", "Display"})
@Description("An image a draw carried, decoded into pixels")
@StackTrace(false)
public final class ImageDecodedEvent extends Event {
    /** Asked whether the event is on, before a site makes one; never committed. */
    private static final ImageDecodedEvent PROBE = new ImageDecodedEvent();

    @Label("Codec")
    @Description("QUIC, LZ, LZ_PLT, GLZ, ZLIB_GLZ, LZ4, BITMAP, JPEG or JPEG_ALPHA")
    private String codec;

    @Label("Width")
    private int width;

    @Label("Height")
    private int height;

    @Label("Pixels")
    private long pixels;

    @Label("Compressed Size")
    @DataAmount
    private long compressedBytes;

    /** @return a started event when a recording wants it, otherwise null */
    static ImageDecodedEvent startIfEnabled() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        ImageDecodedEvent event = new ImageDecodedEvent();
        event.begin();
        return event;
    }

    /**
     * Ends and commits the event, if its duration passes the recording's threshold.
     *
     * @param compressedBytes the bytes the image took in its message, header included
     */
    public void finish(String codec, int width, int height, long compressedBytes) {
        end();
        if (shouldCommit()) {
            this.codec = codec;
            this.width = width;
            this.height = height;
            this.pixels = (long) width * height;
            this.compressedBytes = compressedBytes;
            commit();
        }
    }
}
