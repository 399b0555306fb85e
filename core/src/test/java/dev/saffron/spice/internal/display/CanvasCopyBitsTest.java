package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanvasCopyBitsTest {
    /** The expected result: every pixel of the box, clip and surface whose source is on the surface reads the
     *  surface as it was before the copy. */
    private static int[] model(PixelBuffer before, Rect box, List<Rect> clip, int srcX, int srcY) {
        int[] out = Images.pixels(before);
        int dx = box.left() - srcX;
        int dy = box.top() - srcY;
        for (int y = 0; y < before.height(); y++) {
            for (int x = 0; x < before.width(); x++) {
                boolean inClip = clip == null;
                if (clip != null) {
                    for (Rect r : clip) {
                        inClip |= x >= r.left() && x < r.right() && y >= r.top() && y < r.bottom();
                    }
                }
                int sx = x - dx;
                int sy = y - dy;
                if (inClip && x >= box.left() && x < box.right() && y >= box.top() && y < box.bottom()
                        && sx >= 0 && sy >= 0 && sx < before.width() && sy < before.height()) {
                    out[y * before.width() + x] = before.get(sx, sy);
                }
            }
        }
        return out;
    }

    @Test
    void scrollsInEveryDirection() {
        int[][] moves = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {2, 3}, {-2, 3}, {2, -3}, {-2, -3}};
        for (int[] move : moves) {
            PixelBuffer s = Images.numbered(8, 7, false, 0x100);
            PixelBuffer before = Images.copy(s);
            Rect box = new Rect(1 + move[0], 1 + move[1], 6 + move[0], 5 + move[1]);
            new Canvas(s).copyBits(box, Clip.NONE, 1, 1);
            assertArrayEquals(model(before, box, null, 1, 1), Images.pixels(s), move[0] + "," + move[1]);
        }
    }

    @Test
    void overlappingClipRectanglesUseTheSnapshot() {
        Random random = new Random(3);
        for (int round = 0; round < 300; round++) {
            PixelBuffer s = Images.numbered(12, 10, false, 0x1000);
            PixelBuffer before = Images.copy(s);
            Rect box = new Rect(random.nextInt(14) - 2, random.nextInt(12) - 2, random.nextInt(14), random.nextInt(12));
            List<Rect> clip = List.of(new Rect(random.nextInt(12), random.nextInt(10), random.nextInt(13), random.nextInt(11)),
                    new Rect(random.nextInt(12), random.nextInt(10), random.nextInt(13), random.nextInt(11)),
                    new Rect(random.nextInt(12), random.nextInt(10), random.nextInt(13), random.nextInt(11)));
            int srcX = box.left() + random.nextInt(7) - 3;
            int srcY = box.top() + random.nextInt(7) - 3;
            new Canvas(s).copyBits(box, Clip.rects(clip), srcX, srcY);
            assertArrayEquals(model(before, box, clip, srcX, srcY), Images.pixels(s), "round " + round);
        }
    }

    @Test
    void sourceOffTheSurfaceLeavesPixelsAlone() {
        PixelBuffer s = Images.numbered(4, 1, false, 0);
        new Canvas(s).copyBits(new Rect(0, 0, 4, 1), Clip.NONE, -2, 0);
        assertArrayEquals(new int[] {0, 1, 0, 1}, Images.pixels(s));
        new Canvas(s).copyBits(new Rect(0, 0, 4, 1), Clip.NONE, Integer.MIN_VALUE, 0);
        assertArrayEquals(new int[] {0, 1, 0, 1}, Images.pixels(s));
    }
}
