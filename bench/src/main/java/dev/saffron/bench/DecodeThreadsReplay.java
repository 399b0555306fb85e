package dev.saffron.bench;

import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayReplay;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.internal.codec.TestEncoders;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The whole display path with and without decode threads, paired in one JVM: a synthetic 1920x1080 session
 * (the {@link ScreenContent} screen scrolling one text line a frame, each frame sent as eight full-width bands,
 * one DRAW_COPY each, in one codec) is written as a display recording and replayed with
 * {@link DisplayReplay} under each decode-thread count in turn, rotating which goes first. Per frame it
 * prints the median wall time, the process's mean CPU time (every thread: reader, workers, JIT, GC; the
 * operating system counts it in 10 ms steps, too coarse for a median), the reader's median CPU time (the
 * replaying thread) and the decode workers'; then, from one more play of each under Flight
 * Recorder, the share of {@code saffron.ImageDecoded} time spent off the reader.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.saffron.bench.DecodeThreadsReplay \
 *     CODEC [ROUNDS [THREADS,...]]      # CODEC: quic, glz, lz or lz4; default 40 rounds, threads 0,1,2</pre>
 */
public final class DecodeThreadsReplay {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final int BANDS = 8;
    private static final int FRAMES = 8;
    /** Room for every band of the session: the test encoder's GLZ images may copy from any earlier one. */
    private static final int GLZ_WINDOW_BYTES = 64 << 20;
    private static final int WARM_UP_ROUNDS = 15;
    private static final int DISPLAY = 2;
    private static final int MSG_SURFACE_CREATE = 314;
    private static final int MSG_DRAW_COPY = 304;
    private static final int ROP_PUT = 1 << 3;

    private DecodeThreadsReplay() {
    }

    /** @param args the codec, the rounds, and the decode-thread counts to compare */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DecodeThreadsReplay quic|glz|lz|lz4 [ROUNDS [THREADS,...]]");
            System.exit(2);
        }
        String codec = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int[] modes = Arrays.stream((args.length > 2 ? args[2] : "0,1,2").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        Path recording = Files.createTempFile("saffron-decode-threads-", ".rec");
        try {
            write(recording, codec);
            DisplayReplay[] replays = new DisplayReplay[modes.length];
            for (int m = 0; m < modes.length; m++) {
                replays[m] = DisplayReplay.open(recording, SessionConfig.builder().decodeThreads(modes[m])
                        .glzWindowSize(GLZ_WINDOW_BYTES).build());
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long[][][] samples = new long[modes.length][4][rounds];
            for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
                for (int k = 0; k < modes.length; k++) {
                    int m = Math.floorMod(round + k, modes.length);
                    long wall = System.nanoTime();
                    long process = os.getProcessCpuTime();
                    long reader = threads.getCurrentThreadCpuTime();
                    DisplayChannel display = replays[m].play(false);
                    reader = threads.getCurrentThreadCpuTime() - reader;
                    process = os.getProcessCpuTime() - process;
                    wall = System.nanoTime() - wall;
                    if (display.decodeErrors() != 0 || display.drawErrors() != 0) {
                        throw new IllegalStateException("the replay had errors");
                    }
                    if (round >= 0) {
                        samples[m][0][round] = wall;
                        samples[m][1][round] = process;
                        samples[m][2][round] = reader;
                        samples[m][3][round] = workerCpu(threads);
                    }
                    // Its workers stop, so that the next play's threads are the only ones named so.
                    replays[m].close();
                }
            }
            System.out.printf(Locale.ROOT, "%s, %dx%d, %d frames of %d bands, %d rounds, %d processors; ms per frame,"
                    + " median (quartiles)%n", codec, WIDTH, HEIGHT, FRAMES, BANDS, rounds,
                    Runtime.getRuntime().availableProcessors());
            for (int m = 0; m < modes.length; m++) {
                System.out.printf(Locale.ROOT, "decode threads %d: wall %s, process CPU %.2f (mean), reader CPU %s, "
                        + "workers' CPU %s, decode off the reader %s%n", modes[m], perFrame(samples[m][0]),
                        Arrays.stream(samples[m][1]).sum() / 1e6 / FRAMES / rounds, perFrame(samples[m][2]),
                        perFrame(samples[m][3]),
                        decodeShareOffReader(replays[m]));
            }
            for (DisplayReplay replay : replays) {
                replay.close();
            }
        } finally {
            Files.delete(recording);
        }
    }

    /** @return the CPU time of the decode workers of the channel the last play left open */
    private static long workerCpu(ThreadMXBean threads) {
        long sum = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("spice-display-") && thread.getName().contains("-decode-")) {
                sum += Math.max(0, threads.getThreadCpuTime(thread.threadId()));
            }
        }
        return sum;
    }

    private static String perFrame(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double frames = FRAMES;
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", sorted[sorted.length / 2] / 1e6 / frames,
                sorted[sorted.length / 4] / 1e6 / frames, sorted[3 * sorted.length / 4] / 1e6 / frames);
    }

    /** @return the share of one play's image decoding time, by Flight Recorder, spent on other threads */
    private static String decodeShareOffReader(DisplayReplay replay) throws Exception {
        Path file = Files.createTempFile("saffron-decode-threads-", ".jfr");
        try {
            try (Recording recording = new Recording()) {
                recording.enable("saffron.ImageDecoded").withThreshold(java.time.Duration.ZERO);
                recording.start();
                replay.play(false);
                replay.play(false);
                recording.stop();
                recording.dump(file);
            }
            long onReader = 0;
            long offReader = 0;
            String reader = Thread.currentThread().getName();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                long nanos = event.getDuration().toNanos();
                if (reader.equals(event.getThread().getJavaName())) {
                    onReader += nanos;
                } else {
                    offReader += nanos;
                }
            }
            return onReader + offReader == 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.0f%%", 100.0 * offReader / (onReader + offReader));
        } finally {
            Files.delete(file);
        }
    }

    /** Writes the synthetic session as a display recording (the format of SpiceSession.recordDisplay). */
    private static void write(Path file, String codec) throws IOException {
        ScreenContent screen = new ScreenContent(WIDTH, HEIGHT);
        int bandHeight = HEIGHT / BANDS;
        List<int[]> bands = new ArrayList<>();
        for (int frame = 0; frame < FRAMES; frame++) {
            int[] rgb = screen.frame(frame);
            for (int band = 0; band < BANDS; band++) {
                bands.add(Arrays.copyOfRange(rgb, band * bandHeight * WIDTH, (band + 1) * bandHeight * WIDTH));
            }
        }
        List<byte[]> images = new ArrayList<>();
        int type;
        switch (codec) {
            case "glz" -> {
                type = 102;
                images.addAll(TestEncoders.glz(WIDTH, bandHeight, bands));
            }
            case "quic" -> {
                type = 1;
                bands.forEach(band -> images.add(TestEncoders.quic(WIDTH, bandHeight, band)));
            }
            case "lz" -> {
                type = 101;
                bands.forEach(band -> images.add(TestEncoders.lz(WIDTH, bandHeight, band)));
            }
            case "lz4" -> {
                type = 109;
                bands.forEach(band -> images.add(TestEncoders.lz4(WIDTH, bandHeight, band)));
            }
            default -> throw new IllegalArgumentException("unknown codec " + codec);
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.write("SAFFRON-REC1".getBytes(StandardCharsets.US_ASCII));
            out.writeByte(DISPLAY);
            out.writeByte(0);
            out.writeByte(1);
            message(out, MSG_SURFACE_CREATE, le(20).putInt(0).putInt(WIDTH).putInt(HEIGHT).putInt(32).putInt(1));
            for (int i = 0; i < images.size(); i++) {
                int top = (i % BANDS) * bandHeight;
                byte[] data = images.get(i);
                int imageAt = 21 + 4 + 16 + 2 + 1 + 13;
                ByteBuffer body = le(imageAt + 18 + 4 + data.length)
                        .putInt(0).putInt(top).putInt(0).putInt(top + bandHeight).putInt(WIDTH).put((byte) 0)
                        .putInt(imageAt).putInt(0).putInt(0).putInt(bandHeight).putInt(WIDTH)
                        .putShort((short) ROP_PUT).put((byte) 1)
                        .put((byte) 0).putInt(0).putInt(0).putInt(0)
                        .putLong(0).put((byte) type).put((byte) 0).putInt(WIDTH).putInt(bandHeight)
                        .putInt(data.length).put(data);
                message(out, MSG_DRAW_COPY, body);
            }
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** One recorded message: time, multimedia time, length, then a mini header and the body. */
    private static void message(DataOutputStream out, int type, ByteBuffer body) throws IOException {
        byte[] bytes = body.array();
        out.writeLong(0);
        out.writeInt(0);
        out.writeInt(6 + bytes.length);
        out.write(le(6).putShort((short) type).putInt(bytes.length).array());
        out.write(bytes);
    }
}
