package dev.saffron.bench;

import dev.saffron.spice.internal.codec.BitmapFormat;
import dev.saffron.spice.internal.codec.BitmapHeader;
import dev.saffron.spice.internal.codec.ImageDecodeException;
import dev.saffron.spice.internal.codec.TestEncoders;
import dev.saffron.spice.internal.display.PixelBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images one codec benchmark decodes per operation, in order, and where each goes: either the codec's
 * images in its {@linkplain CorpusRecording#homeOf home recording}, or a synthetic {@link ScreenContent}
 * screen of a given size encoded with core's test-side encoders (for GLZ, two frames: the screen, then the
 * screen with its text scrolled by a line, which mostly copies from the first). Each operation decodes
 * every image into a reused buffer, as the image reader decodes into its scratch buffer; GLZ's window is
 * emptied first, so every operation sees the same references.
 */
final class CodecInput implements AutoCloseable {
    /** The input name for the recorded images. */
    static final String RECORDED = "recorded";

    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");
    private static final float JPEG_QUALITY = 0.85f;

    private final Codec codec;
    private final Arena arena;
    private final List<ImagePayload> images;
    private final List<PixelBuffer> targets;
    private final PayloadDecoder decoder;
    private final long pixels;

    private CodecInput(Codec codec, Arena arena, List<ImagePayload> images) {
        if (images.isEmpty()) {
            throw new IllegalStateException("no " + codec + " images to decode");
        }
        this.codec = codec;
        this.arena = arena;
        this.decoder = new PayloadDecoder(codec == Codec.JPEG_IMAGEIO);
        this.images = List.copyOf(images);
        int largest = images.stream().mapToInt(image -> Math.toIntExact(image.pixels())).max().orElseThrow();
        // Native memory, as the image reader's buffers: libturbojpeg decodes only into native memory.
        MemorySegment scratch = arena.allocate(4L * largest, 64);
        List<PixelBuffer> views = new ArrayList<>(images.size());
        for (ImagePayload image : images) {
            views.add(new PixelBuffer(scratch, 0, image.width(), image.height(), image.width() * 4, false));
        }
        this.targets = List.copyOf(views);
        this.pixels = images.stream().mapToLong(ImagePayload::pixels).sum();
    }

    /**
     * @param input {@value #RECORDED}, or a size such as {@code 1920x1080} for a synthetic screen
     * @throws IOException          if the recording cannot be read
     * @throws ImageDecodeException if the recording holds a malformed image
     */
    static CodecInput load(Codec codec, String input) throws IOException, ImageDecodeException {
        Arena arena = Arena.ofShared();
        try {
            if (input.equals(RECORDED)) {
                return new CodecInput(codec, arena,
                        RecordedImages.extract(CorpusRecording.homeOf(codec).file(), arena).of(codec));
            }
            Matcher size = SIZE.matcher(input);
            if (!size.matches()) {
                throw new IllegalArgumentException("input must be " + RECORDED + " or WIDTHxHEIGHT: " + input);
            }
            int width = Integer.parseInt(size.group(1));
            int height = Integer.parseInt(size.group(2));
            return new CodecInput(codec, arena, synthesize(codec, width, height, arena));
        } catch (IOException | ImageDecodeException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The synthetic screen encoded for the codec; the bytes off-heap, as the channel's reader leaves them. */
    private static List<ImagePayload> synthesize(Codec codec, int width, int height, Arena arena) {
        ScreenContent screen = new ScreenContent(width, height);
        int[] rgb = screen.frame(0);
        return switch (codec) {
            case QUIC -> List.of(new ImagePayload.Quic(width, height, offHeap(TestEncoders.quic(width, height, rgb),
                    arena)));
            case LZ -> List.of(new ImagePayload.Lz(width, height, offHeap(TestEncoders.lz(width, height, rgb), arena),
                    null));
            case GLZ -> TestEncoders.glz(width, height, List.of(rgb, screen.frame(1))).stream()
                    .<ImagePayload>map(stream -> new ImagePayload.Glz(width, height, offHeap(stream, arena), 0))
                    .toList();
            case LZ4 -> List.of(new ImagePayload.Lz4(width, height, offHeap(TestEncoders.lz4(width, height, rgb),
                    arena)));
            case BITMAP -> List.of(bitmap(width, height, rgb, arena));
            case JPEG, JPEG_IMAGEIO -> List.of(new ImagePayload.Jpeg(width, height,
                    offHeap(TestEncoders.jpeg(width, height, rgb, JPEG_QUALITY), arena)));
        };
    }

    /** Top-down RGB32 rows: B, G, R and a pad byte per pixel. */
    private static ImagePayload bitmap(int width, int height, int[] rgb, Arena arena) {
        MemorySegment rows = arena.allocate(4L * rgb.length);
        MemorySegment.copy(rgb, 0, rows, PixelBuffer.PIXEL, 0, rgb.length);
        return new ImagePayload.Bitmap(new BitmapHeader(BitmapFormat.RGB32, BitmapHeader.TOP_DOWN, width, height,
                width * 4), null, rows, false);
    }

    private static MemorySegment offHeap(byte[] bytes, Arena arena) {
        return arena.allocate(bytes.length).copyFrom(MemorySegment.ofArray(bytes));
    }

    /**
     * Decodes every image once.
     *
     * @return the pixels decoded
     * @throws ImageDecodeException if an image does not decode
     */
    long decodeAll() throws ImageDecodeException, InterruptedException {
        decoder.clearGlzWindow();
        for (int i = 0; i < images.size(); i++) {
            decoder.decode(images.get(i), targets.get(i));
        }
        return pixels;
    }

    /**
     * Decodes every image once and, for a synthetic lossless input, checks the last one against the screen
     * it was made from: a benchmark of a broken input would time an error path.
     *
     * @throws IllegalStateException if the pixels differ
     */
    void check(String input) throws ImageDecodeException, InterruptedException {
        decodeAll();
        if (input.equals(RECORDED) || codec.images() == Codec.JPEG) {
            return;
        }
        ImagePayload last = images.getLast();
        PixelBuffer decoded = targets.getLast();
        int[] expected = new ScreenContent(last.width(), last.height()).frame(images.size() - 1);
        for (int y = 0; y < last.height(); y++) {
            for (int x = 0; x < last.width(); x++) {
                if ((decoded.get(x, y) & 0xFFFFFF) != expected[y * last.width() + x]) {
                    throw new IllegalStateException(codec + " " + input + ": pixel (" + x + ", " + y + ") is 0x"
                            + Integer.toHexString(decoded.get(x, y)) + ", not 0x"
                            + Integer.toHexString(expected[y * last.width() + x]));
                }
            }
        }
    }

    /** @return the images, for the table's description */
    List<ImagePayload> images() {
        return images;
    }

    @Override
    public void close() {
        decoder.close();
        arena.close();
    }
}
