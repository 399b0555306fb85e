package dev.saffron.spice.internal.codec;

import dev.saffron.bench.PixelCounter;
import dev.saffron.bench.ScreenContent;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Saffron's hand-written LZ4 block decoder beside lz4-java's, in one run, on the same blocks: a synthetic
 * screen's packed RGB32 rows cut into blocks of {@link #BLOCK_ROWS} rows, each compressed alone by lz4-java's
 * fast compressor (LZ4's reference algorithm, as spice-server uses it). The blocks are independent because
 * lz4-java has no dictionary or prefix API: it cannot decode a block that copies from an earlier one, which
 * spice-server's streaming compressor may emit. It lives in the codec package to reach the block loop
 * without the row conversion both would share.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Lz4LibraryBenchmark {
    private static final int BLOCK_ROWS = 64;

    /** The synthetic screen's size. */
    @Param({"1920x1080"})
    public String size;

    /** Which of lz4-java's decoders: the pure-Java ones or its bundled native library. */
    @Param({"java", "native"})
    public String library;

    private byte[] payload;
    private int[] blockStarts;
    private int[] blockLengths;
    private byte[] out;
    private int decodedBytes;
    private int pixels;
    private LZ4SafeDecompressor decompressor;

    /** Compresses the screen and checks that both decoders give back its bytes. */
    @Setup
    public void setUp() throws ImageDecodeException {
        String[] parts = size.split("x");
        int width = Integer.parseInt(parts[0]);
        int height = Integer.parseInt(parts[1]);
        pixels = width * height;
        int[] rgb = new ScreenContent(width, height).frame(0);
        byte[] packed = new byte[rgb.length * 4];
        for (int i = 0; i < rgb.length; i++) {
            packed[4 * i] = (byte) rgb[i];
            packed[4 * i + 1] = (byte) (rgb[i] >>> 8);
            packed[4 * i + 2] = (byte) (rgb[i] >>> 16);
        }
        LZ4Factory factory = library.equals("native") ? LZ4Factory.nativeInstance() : LZ4Factory.fastestJavaInstance();
        decompressor = factory.safeDecompressor();
        LZ4Compressor compressor = LZ4Factory.fastestJavaInstance().fastCompressor();
        int blockBytes = width * 4 * BLOCK_ROWS;
        int blocks = (packed.length + blockBytes - 1) / blockBytes;
        blockStarts = new int[blocks];
        blockLengths = new int[blocks];
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int b = 0; b < blocks; b++) {
            int from = b * blockBytes;
            byte[] block = compressor.compress(packed, from, Math.min(blockBytes, packed.length - from));
            stream.write(block.length >>> 24);
            stream.write(block.length >>> 16);
            stream.write(block.length >>> 8);
            stream.write(block.length);
            blockStarts[b] = stream.size();
            blockLengths[b] = block.length;
            stream.writeBytes(block);
        }
        payload = stream.toByteArray();
        decodedBytes = packed.length;
        // The slack Lz4Decoder keeps past an image, so its 8-byte copies take their fast path to the end.
        out = new byte[packed.length + 32];
        if (handWritten(new PixelCounter()) != decodedBytes || !Arrays.equals(out, 0, packed.length, packed, 0, packed.length)) {
            throw new IllegalStateException("the hand-written decoder does not give back the screen");
        }
        Arrays.fill(out, (byte) 0);
        if (lz4Java(new PixelCounter()) != decodedBytes || !Arrays.equals(out, 0, packed.length, packed, 0, packed.length)) {
            throw new IllegalStateException("lz4-java does not give back the screen");
        }
    }

    /** Saffron's {@link Lz4Decoder} block loop over every block. */
    @Benchmark
    public int handWritten(PixelCounter counter) throws ImageDecodeException {
        counter.pixels += pixels;
        return Lz4Decoder.decodeBlocks(payload, 0, payload.length, out, decodedBytes);
    }

    /** lz4-java's safe decompressor, one call per block, into the same output. */
    @Benchmark
    public int lz4Java(PixelCounter counter) {
        counter.pixels += pixels;
        int op = 0;
        for (int b = 0; b < blockStarts.length; b++) {
            op += decompressor.decompress(payload, blockStarts[b], blockLengths[b], out, op, decodedBytes - op);
        }
        return op;
    }
}
