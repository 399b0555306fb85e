package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Draws with hostile numbers: boxes, areas, positions and transforms at the ends of the int range. Each
 * draw must finish quickly, throw nothing but {@link CanvasException}, and never write outside the surface
 * (checked with guard pixels around it in the same memory).
 */
class CanvasHostileInputTest {
    private static final int W = 16;
    private static final int H = 12;
    private static final int PAD = 4;
    private static final int GUARD = 0x5A5A_5A5A;
    private static final int[] EXTREMES = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -65536, -32769, -32768, -1, 0,
        1, 2, 15, 16, 32767, 32768, 65535, 1 << 20, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};

    private final Random random = new Random(2024);

    private int number() {
        return random.nextInt(3) == 0 ? EXTREMES[random.nextInt(EXTREMES.length)] : random.nextInt(40) - 12;
    }

    private Rect rect() {
        return new Rect(number(), number(), number(), number());
    }

    private Clip clip() {
        if (random.nextBoolean()) {
            return Clip.NONE;
        }
        List<Rect> rects = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            rects.add(rect());
        }
        return Clip.rects(rects);
    }

    private PixelBuffer image() {
        int w = random.nextInt(5);
        int h = random.nextInt(5);
        PixelBuffer image = PixelBuffer.allocateHeap(w, h, random.nextBoolean());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.set(x, y, random.nextInt());
            }
        }
        return image;
    }

    private Brush brush() {
        return switch (random.nextInt(3)) {
            case 0 -> Brush.NONE;
            case 1 -> new Brush.Solid(random.nextInt());
            default -> new Brush.Pattern(image(), number(), number());
        };
    }

    private QMask mask() {
        if (random.nextBoolean()) {
            return null;
        }
        int w = random.nextInt(20);
        int h = random.nextInt(6);
        int stride = (w + 7) / 8;
        byte[] bits = new byte[stride * h];
        random.nextBytes(bits);
        return new QMask(new MaskBitmap(MemorySegment.ofArray(bits), 0, w, h, stride, random.nextBoolean(),
                random.nextBoolean()), number(), number(), random.nextBoolean());
    }

    private Transform transform() {
        return random.nextBoolean() ? null
                : new Transform(number() * 4096, number() * 4096, number() << 16, number() * 4096, number() * 4096,
                        number() << 16);
    }

    private Picture picture() {
        return Picture.of(image(), random.nextBoolean() ? Filter.NEAREST : Filter.BILINEAR,
                Repeat.fromCode(random.nextInt(4)), transform());
    }

    private List<PathSegment> path() {
        List<PathSegment> path = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            int[] points = new int[2 * random.nextInt(7)];
            for (int k = 0; k < points.length; k++) {
                points[k] = random.nextInt(3) == 0 ? number() : random.nextInt(600) - 100;
            }
            path.add(new PathSegment(random.nextInt(32), points));
        }
        return path;
    }

    private List<Glyph> glyphs() {
        List<Glyph> glyphs = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            int w = random.nextInt(20);
            int h = random.nextInt(8);
            byte[] data = new byte[random.nextInt(w * h + 2)];
            random.nextBytes(data);
            glyphs.add(new Glyph(number(), number(), number(), number(), w, h, MemorySegment.ofArray(data)));
        }
        return glyphs;
    }

    private void draw(Canvas canvas) throws CanvasException {
        Rect box = rect();
        Clip clip = clip();
        int rop = random.nextInt(0x800);
        ScaleMode mode = random.nextBoolean() ? ScaleMode.NEAREST : ScaleMode.INTERPOLATE;
        switch (random.nextInt(13)) {
            case 0 -> canvas.fill(box, clip, new Fill(brush(), rop, mask()));
            case 1 -> canvas.copy(box, clip, new Copy(image(), rect(), rop, mode, mask()));
            case 2 -> canvas.opaque(box, clip, new Opaque(image(), rect(), brush(), rop, mode, mask()));
            case 3 -> canvas.blackness(box, clip, mask());
            case 4 -> canvas.invers(box, clip, mask());
            case 5 -> canvas.rop3(box, clip, new Rop3(image(), rect(), brush(), random.nextInt(256), mode, mask()));
            case 6 -> canvas.transparent(box, clip, new Transparent(image(), rect(), random.nextInt()));
            case 7 -> canvas.alphaBlend(box, clip, new AlphaBlend(image(), rect(), random.nextInt(256), random.nextBoolean()));
            case 8 -> canvas.composite(box, clip, new Composite(CompositeOp.values()[random.nextInt(CompositeOp.values().length)],
                    picture(), random.nextBoolean() ? picture() : null, random.nextBoolean(), number(), number(), number(), number()));
            case 9 -> canvas.copyBits(box, clip, number(), number());
            case 10 -> canvas.text(box, clip, new Text(random.nextInt(16), glyphs(), rect(), brush(), brush(),
                    random.nextBoolean() ? RopDescriptor.OP_PUT : rop, 0));
            case 11 -> canvas.stroke(box, clip, new Stroke(path(), random.nextInt(3) == 0 ? Stroke.STYLED : 0, brush(), rop, 0));
            default -> canvas.whiteness(box, clip, mask());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void extremeValuesNeverEscapeTheSurface() {
        int stride = 4 * (W + 2 * PAD);
        MemorySegment memory = MemorySegment.ofArray(new int[(W + 2 * PAD) * (H + 2 * PAD)]);
        for (long i = 0; i < memory.byteSize(); i += 4) {
            memory.set(PixelBuffer.PIXEL, i, GUARD);
        }
        for (boolean alpha : new boolean[] {false, true}) {
            PixelBuffer surface = new PixelBuffer(memory, (long) PAD * stride + 4L * PAD, W, H, stride, alpha);
            Canvas canvas = new Canvas(surface);
            for (int round = 0; round < 6000; round++) {
                try {
                    draw(canvas);
                } catch (CanvasException expected) {
                    // rejected cleanly
                } catch (RuntimeException e) {
                    fail("round " + round + " threw " + e, e);
                }
            }
        }
        for (int y = 0; y < H + 2 * PAD; y++) {
            for (int x = 0; x < W + 2 * PAD; x++) {
                boolean inside = x >= PAD && x < PAD + W && y >= PAD && y < PAD + H;
                if (!inside) {
                    assertEquals(GUARD, memory.get(PixelBuffer.PIXEL, (long) y * stride + 4L * x), x + "," + y);
                }
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void hugeScaleFactorsAndBoxesFinishQuickly() throws Exception {
        PixelBuffer surface = Images.filled(64, 64, false, 0);
        Canvas canvas = new Canvas(surface);
        PixelBuffer src = Images.numbered(4, 4, false, 0);
        canvas.copy(new Rect(-1_000_000_000, -1_000_000_000, 1_000_000_000, 1_000_000_000), Clip.NONE,
                new Copy(src, new Rect(0, 0, 1, 1), RopDescriptor.OP_PUT, ScaleMode.INTERPOLATE, null));
        canvas.copy(new Rect(0, 0, 1, 1), Clip.NONE,
                new Copy(src, new Rect(0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE), RopDescriptor.OP_OR, ScaleMode.NEAREST, null));
        canvas.alphaBlend(new Rect(0, 0, 64, 64), Clip.NONE,
                new AlphaBlend(src, new Rect(Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 1), 200, false));
        canvas.fill(new Rect(Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), Clip.NONE,
                new Fill(new Brush.Solid(1), RopDescriptor.OP_XOR, null));
        assertEquals(64 * 64, java.util.Arrays.stream(Images.pixels(surface)).filter(v -> v != 0).count() + 0);
    }
}
