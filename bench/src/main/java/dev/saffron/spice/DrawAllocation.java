package dev.saffron.spice;

import com.sun.management.ThreadMXBean;
import dev.saffron.bench.ScreenContent;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.codec.TestEncoders;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.testing.ChannelHarness;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Heap bytes the display path allocates per draw once warmed up: DRAW_COPY messages carrying one image each
 * (QUIC or LZ, a small synthetic screen tile, not cached) run through a display channel on the test harness,
 * which reads and draws on this thread, so the thread's allocation counter sees the whole path. The harness's
 * own framing of each message is counted too, so each draw is followed by a MARK message of the same length,
 * whose body the channel ignores: the difference is the draw's. It lives in core's package to build a channel on the harness, as core's tests do. Run with {@code -XX:StartFlightRecording:settings=profile} to see where the
 * bytes come from (jdk.ObjectAllocationSample).
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.saffron.spice.DrawAllocation [QUIC|LZ] [DRAWS]</pre>
 */
public final class DrawAllocation {
    private static final int ROP_PUT = 1 << 3;
    private static final int TILE = 64;
    private static final int SCREEN_WIDTH = 640;
    private static final int SCREEN_HEIGHT = 480;
    private static final int IMAGE_QUIC = 1;
    private static final int IMAGE_LZ_RGB = 101;

    private DrawAllocation() {
    }

    /** @param args the codec, and how many draws to measure after as many to warm up */
    public static void main(String[] args) throws Exception {
        String codec = args.length > 0 ? args[0] : "QUIC";
        int draws = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int[] rgb = new ScreenContent(SCREEN_WIDTH, SCREEN_HEIGHT).frame(0);
        int[] tile = new int[TILE * TILE];
        for (int y = 0; y < TILE; y++) {
            System.arraycopy(rgb, (y + 100) * SCREEN_WIDTH + 100, tile, y * TILE, TILE);
        }
        byte[] encoded = codec.equals("LZ") ? TestEncoders.lz(TILE, TILE, tile) : TestEncoders.quic(TILE, TILE, tile);
        int imageType = codec.equals("LZ") ? IMAGE_LZ_RGB : IMAGE_QUIC;
        byte[] copy = drawCopy(imageType, encoded);
        // A MARK as long as the draw: the channel ignores its body, so it costs the harness what the draw does.
        byte[] mark = new byte[copy.length];
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ChannelHarness channel = new ChannelHarness()) {
            DisplayChannel display = new DisplayChannel(channel, 0);
            channel.link(display.engine(), 0);
            channel.readMessageType();
            channel.send(DisplayProtocol.MSG_SURFACE_CREATE,
                    new Bytes().u32(0).u32(1024).u32(768).u32(32).u32(1).bytes());
            for (int i = 0; i < draws; i++) {
                channel.send(DisplayProtocol.MSG_DRAW_COPY, copy);
                channel.send(DisplayProtocol.MSG_MARK, mark);
            }
            long drawBytes = 0;
            long markBytes = 0;
            for (int i = 0; i < draws; i++) {
                long start = threads.getCurrentThreadAllocatedBytes();
                channel.send(DisplayProtocol.MSG_DRAW_COPY, copy);
                long middle = threads.getCurrentThreadAllocatedBytes();
                channel.send(DisplayProtocol.MSG_MARK, mark);
                long end = threads.getCurrentThreadAllocatedBytes();
                drawBytes += middle - start;
                markBytes += end - middle;
            }
            if (display.decodeErrors() != 0 || display.drawErrors() != 0) {
                throw new IllegalStateException("the draws failed");
            }
            double perDraw = (double) drawBytes / draws;
            double baseline = (double) markBytes / draws;
            System.out.printf(Locale.ROOT, "%s %dx%d draw: %.0f B allocated per DRAW_COPY, %.0f B per MARK "
                    + "of the same length (the harness's framing), %.0f B the draw's own, over %d draws after %d warm-up%n",
                    codec, TILE, TILE, perDraw, baseline, perDraw - baseline, draws, draws);
        }
    }

    /** DRAW_COPY of the image to (0, 0), no clip, no mask, not cached. */
    private static byte[] drawCopy(int imageType, byte[] encoded) {
        Bytes copy = new Bytes().u32(0).u32(0).u32(0).u32(TILE).u32(TILE).u8(0);
        int imageAt = copy.size() + 4 + 16 + 2 + 1 + 13;
        copy.u32(imageAt).u32(0).u32(0).u32(TILE).u32(TILE).u16(ROP_PUT).u8(1);
        copy.u8(0).u32(0).u32(0).u32(0);
        copy.u64(0).u8(imageType).u8(0).u32(TILE).u32(TILE).u32(encoded.length).raw(encoded);
        return copy.bytes();
    }
}
