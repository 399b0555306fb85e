package dev.saffron.bench;

import dev.saffron.spice.internal.codec.TestEncoders;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the synthetic screen as a QUIC stream, the input {@code CodecBenchmark} and {@link PairedDecodeCpu}
 * decode, so that spice-common's decoder can decode the same bytes ({@code bench/src/main/c/quic-reference.c}).
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.saffron.bench.SyntheticQuicFile FILE [WIDTHxHEIGHT]</pre>
 */
public final class SyntheticQuicFile {
    private SyntheticQuicFile() {
    }

    /** @param args the file, and the screen's size (default 1920x1080) */
    public static void main(String[] args) throws Exception {
        String[] size = (args.length > 1 ? args[1] : "1920x1080").split("x");
        int width = Integer.parseInt(size[0]);
        int height = Integer.parseInt(size[1]);
        Files.write(Path.of(args[0]), TestEncoders.quic(width, height, new ScreenContent(width, height).frame(0)));
    }
}
