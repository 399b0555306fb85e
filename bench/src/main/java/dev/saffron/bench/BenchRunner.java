package dev.saffron.bench;

import dev.saffron.spice.internal.codec.ImageDecodeException;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs JMH with its usual command line ({@code -f}, {@code -wi}, {@code -p codec=QUIC}, {@code -prof gc},
 * a benchmark regexp, ...) and then prints one table row per benchmark and parameter set: the input, its
 * image sizes, operations per second, megapixels decoded per second, and bytes allocated per operation
 * when {@code -prof gc} ran.
 */
public final class BenchRunner {
    private static final String PIXELS = "pixels";
    private static final String ALLOCATED = "gc.alloc.rate.norm";

    private BenchRunner() {
    }

    /** @param args JMH's command line */
    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        Runner runner = new Runner(options);
        if (options.shouldHelp()) {
            options.showHelp();
            return;
        }
        if (options.shouldList()) {
            runner.list();
            return;
        }
        Collection<RunResult> results = runner.run();
        print(results, System.out);
    }

    private static void print(Collection<RunResult> results, PrintStream out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"benchmark", "input", "images (resolution)", "ops/s", "Mpx/s", "B/op"});
        for (RunResult result : results) {
            Result<?> primary = result.getPrimaryResult();
            Result<?> pixels = result.getSecondaryResults().get(PIXELS);
            Result<?> allocated = result.getSecondaryResults().get(ALLOCATED);
            String[] what = describe(result.getParams());
            rows.add(new String[] {what[0], what[1], what[2], format(primary.getScore(), primary.getScoreError()),
                pixels == null ? "-" : format(pixels.getScore() / 1e6, pixels.getScoreError() / 1e6),
                allocated == null ? "-" : String.format(Locale.ROOT, "%.0f", allocated.getScore())});
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] cells : rows) {
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        out.println();
        for (String[] cells : rows) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < cells.length; i++) {
                String padded = i >= 3 ? " ".repeat(widths[i] - cells[i].length()) + cells[i]
                        : cells[i] + " ".repeat(widths[i] - cells[i].length());
                line.append(' ').append(padded).append(" |");
            }
            out.println(line);
            if (cells == rows.getFirst()) {
                StringBuilder rule = new StringBuilder("|");
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i >= 3 ? "-".repeat(widths[i] + 1) + ":|" : "-".repeat(widths[i] + 2) + "|");
                }
                out.println(rule);
            }
        }
    }

    /** @return the benchmark's row name, what it reads, and its images' count and size */
    private static String[] describe(BenchmarkParams params) throws IOException {
        String method = params.getBenchmark();
        String type = method.substring(0, method.lastIndexOf('.'));
        String size = BitmapFormatBenchmark.WIDTH + "x" + BitmapFormatBenchmark.HEIGHT;
        return switch (type.substring(type.lastIndexOf('.') + 1)) {
            case "CodecBenchmark" -> {
                Codec codec = Codec.valueOf(params.getParam("codec"));
                String input = params.getParam("input");
                if (input.equals(CodecInput.RECORDED)) {
                    CorpusRecording home = CorpusRecording.homeOf(codec);
                    yield new String[] {"decode " + codec, "codec alone, " + home.stem() + ".rec",
                        describe(home, codec)};
                }
                yield new String[] {"decode " + codec, "codec alone, synthetic screen",
                    (codec == Codec.GLZ ? "2 images " : "1 image ") + input};
            }
            case "DisplayReplayBenchmark" -> {
                CorpusRecording corpus = CorpusRecording.byStem(params.getParam("recording"));
                yield new String[] {"replay " + corpus.stem(),
                    "display path, " + corpus.stem() + ".rec" + (corpus.video() ? ", paced" : ""),
                    describe(corpus, null)};
            }
            case "BitmapFormatBenchmark" -> new String[] {"decode BITMAP " + params.getParam("format"),
                "codec alone, random rows", "1 image " + size};
            case "ImageWriterBenchmark" -> new String[] {"write " + params.getParam("format"),
                "screenshot writer, synthetic screen", "1 image " + size};
            case "VideoDecodeBenchmark" -> new String[] {"decode video " + params.getParam("codec"),
                "native decoder alone, moving test pattern", VideoDecodeBenchmark.FRAMES + " frames "
                    + params.getParam("size")};
            case "OpusBenchmark" -> new String[] {method.substring(method.lastIndexOf('.') + 1) + " Opus "
                + params.getParam("provider"), "codec alone, tone over noise, " + OpusBenchmark.BITRATE / 1000
                + " kbit/s", "1 frame 20 ms 48 kHz stereo"};
            default -> new String[] {method, String.join(" ", params.getParamsKeys()), ""};
        };
    }

    private static String format(double score, double error) {
        String value = score >= 100 ? String.format(Locale.ROOT, "%.0f", score)
                : String.format(Locale.ROOT, "%.2f", score);
        return Double.isNaN(error) ? value : value + " ± " + (error >= 100 ? String.format(Locale.ROOT, "%.0f", error)
                : String.format(Locale.ROOT, "%.2f", error));
    }

    /** @return how many images of the codec (or of all, for null) the recording carries, and the largest */
    private static String describe(CorpusRecording recording, Codec codec) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            RecordedImages recorded = RecordedImages.extract(recording.file(), arena);
            List<ImagePayload> images = codec == null ? recorded.images() : recorded.of(codec);
            ImagePayload largest = images.stream()
                    .max((a, b) -> Long.compare(a.pixels(), b.pixels())).orElse(null);
            return largest == null ? "none" : images.size() + (images.size() == 1 ? " image " : " images <= ")
                    + largest.width() + "x" + largest.height();
        } catch (ImageDecodeException e) {
            throw new IOException(recording.file() + ": " + e.getMessage(), e);
        }
    }
}
