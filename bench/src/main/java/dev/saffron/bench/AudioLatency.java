package dev.saffron.bench;

import dev.saffron.audio.WavFileSink;
import dev.saffron.spice.AudioEncoding;
import dev.saffron.spice.PcmFormat;
import dev.saffron.spice.PcmPacket;
import dev.saffron.spice.PlaybackChannel;
import dev.saffron.spice.PlaybackChannelListener;
import dev.saffron.spice.SessionAudio;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.spi.AudioSink;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Saffron's audio path against spice-client-glib's on the real test guest (QEMU's {@code intel-hda} on its SPICE
 * audio backend), in one boot of the guest. Not part of the test suite; {@code scripts/audio-latency} builds the
 * C collector ({@code bench/src/main/c/audio-collector.c}) and runs this.
 *
 * <ul>
 *   <li><b>Latency</b>: the guest's {@code aplay} plays a blip (0.3 s of 1 kHz, then 0.5 s of silence); the time
 *       from just before the guest agent runs it to the first loud sample decoded by each client (Saffron's
 *       playback listener, the C collector's {@code playback-data} signal: the same point of the two pipelines).
 *       spice-server serves one client at a time, so the clients take turns in blocks of five tries, alternating
 *       which goes first. For Saffron also the time that sample left its sink: a {@link WavFileSink} writes in
 *       real time from the moment its first stream opened it, so a frame's index in the file says when it
 *       left; that includes the jitter buffer (about 200 ms), which spice-gtk's own audio backends also hold
 *       but the C collector, which plays nothing, does not. The guest's HDA codec is kept awake between
 *       sounds (its power saving off), since waking it is the guest's delay, not the clients'.</li>
 *   <li><b>CPU per second of audio</b>: the guest plays a 20 s tone, as Opus and as raw ({@code
 *       SPICE_DISABLE_OPUS=1} on the client), to {@code saffron audio --out /dev/null} and to the C collector, each a
 *       process of its own; CPU time (utime + stime from {@code /proc}) from the stream's start to its stop,
 *       divided by the seconds between them; twice, the first with the JIT at work; and between the two, the
 *       cost of a second without a stream.</li>
 *   <li><b>Drift</b>: one stream of {@code SAFFRON_AUDIO_DRIFT_MINUTES} (default 10) minutes into Saffron's
 *       sink; its queued delay, sampled every second, early on and at the end, the sink's underruns and the
 *       frames its jitter buffer skipped to keep the delay from growing.</li>
 * </ul>
 *
 * <p>Usage: {@code AudioLatency COLLECTOR SAFFRON [TRIES]}: the C collector's binary, the {@code saffron}
 * launcher (already built), and the tries per client (default 20).
 */
public final class AudioLatency {
    private static final int RATE = 48_000;
    private static final int CHANNELS = 2;
    private static final int AMPLITUDE = 16_000;
    /** Louder than this counts as sound: far under the tone, far over Opus's noise around silence. */
    private static final int THRESHOLD = 400;
    private static final int BLOCK = 5;
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofSeconds(5);
    /** Linux reports process times in USER_HZ, 100 a second on every architecture it runs on. */
    private static final long CLOCK_TICKS = 100;

    private final GuestVm guest;
    private final Path temp;

    private AudioLatency(GuestVm guest, Path temp) {
        this.guest = guest;
        this.temp = temp;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AudioLatency COLLECTOR SAFFRON [TRIES]");
            System.exit(2);
        }
        Path collector = Path.of(args[0]);
        Path saffron = Path.of(args[1]);
        int tries = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int minutes = Integer.parseInt(System.getenv().getOrDefault("SAFFRON_AUDIO_DRIFT_MINUTES", "10"));
        Path temp = Files.createTempDirectory("saffron-audio-bench-");
        try (GuestVm guest = GuestVm.start(QemuOptions.builder().audio(true).build())) {
            AudioLatency bench = new AudioLatency(guest, temp);
            guest.agent().writeFile("/root/blip.wav", wav(sine(0.3, 0.5)));
            guest.agent().writeFile("/root/tone20.wav", wav(sine(20, 0.5)));
            // 1 kHz fits 48 kHz exactly (48 samples a cycle): copies of this file played back to back are one tone.
            guest.agent().writeFile("/root/tone10.raw", sine(10, 0));
            if (!"1".equals(System.getenv("SAFFRON_AUDIO_KEEP_POWER_SAVE"))) {
                bench.keepCodecAwake();
            }
            bench.latency(collector, tries);
            bench.cpu(collector, saffron);
            bench.drift(minutes);
        } finally {
            try (Stream<Path> files = Files.list(temp)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(temp);
        }
    }

    /**
     * The guest's HDA driver powers its codec down after {@code power_save} seconds without sound, and a TCG guest
     * takes hundreds of milliseconds to wake it when the next sound starts: a delay of the guest's, the same for
     * both clients, which would blur their comparison.
     */
    private void keepCodecAwake() throws IOException {
        String parameter = "/sys/module/snd_hda_intel/parameters/power_save";
        GuestAgent.ExecResult set = guest.agent().shell("cat " + parameter + " && echo 0 > " + parameter,
                COMMAND_LIMIT);
        if (!set.succeeded()) {
            throw new IllegalStateException("cannot turn the guest's HDA power saving off: " + set);
        }
        System.out.println("guest: snd_hda_intel power_save was " + set.stdout().trim() + " s, now 0: the codec "
                + "stays awake between sounds (SAFFRON_AUDIO_KEEP_POWER_SAVE=1 leaves it)");
    }

    // ---- latency ----

    private void latency(Path collector, int tries) throws Exception {
        List<Double> decoded = new ArrayList<>();
        List<Double> left = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        List<String> encodings = new ArrayList<>();
        int rounds = (tries + BLOCK - 1) / BLOCK;
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                saffronBlock(round, decoded, left, encodings);
                collectorBlock(collector, reference);
            } else {
                collectorBlock(collector, reference);
                saffronBlock(round, decoded, left, encodings);
            }
        }
        System.out.printf("latency: guest starts aplay (0.3 s of 1 kHz) -> first sample louder than %d, %d tries "
                + "per client in blocks of %d, Saffron's stream %s:%n", THRESHOLD, decoded.size(), BLOCK,
                encodings.stream().distinct().toList());
        Spread saffronDecoded = Spread.of(decoded);
        Spread collectorDecoded = Spread.of(reference);
        System.out.println("  Saffron, decoded (playback listener):         " + saffronDecoded);
        System.out.println("    each try, in order: " + rounded(decoded));
        System.out.println("  spice-client-glib, decoded (playback-data):    " + collectorDecoded);
        System.out.println("    each try, in order: " + rounded(reference));
        System.out.printf("  Saffron / spice-client-glib: p50 %.2fx, mean %.2fx (p50 difference %+.1f ms)%n",
                saffronDecoded.p50 / collectorDecoded.p50, saffronDecoded.mean / collectorDecoded.mean,
                saffronDecoded.p50 - collectorDecoded.p50);
        System.out.println("  Saffron, leaving its sink (WAV, real time):   " + Spread.of(left));
    }

    private static List<Long> rounded(List<Double> millis) {
        return millis.stream().map(Math::round).toList();
    }

    /** Connects Saffron in this JVM, plays the blip {@link #BLOCK} times, disconnects. */
    private void saffronBlock(int round, List<Double> decoded, List<Double> left, List<String> encodings)
            throws Exception {
        Path file = temp.resolve("latency-" + round + ".wav");
        TimedSink sink = new TimedSink(new WavFileSink(file));
        FirstLoud first = new FirstLoud();
        List<Long> starts = new ArrayList<>();
        try (SpiceSession session = connect(first)) {
            SessionAudio audio = SessionAudio.attach(session, () -> sink, null);
            try {
                session.connect();
                session.awaitChannels(WAIT);
                for (int i = 0; i < BLOCK; i++) {
                    first.arm();
                    long started = System.nanoTime();
                    play("aplay -q /root/blip.wav");
                    long loud = first.loud.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    first.stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    decoded.add((loud - started) / 1e6);
                    starts.add(started);
                    encodings.add(first.encoding.toString());
                    // The sink plays out its jitter buffer after the stream's stop.
                    Thread.sleep(1000);
                }
            } finally {
                audio.close();
            }
        }
        short[] samples = leftChannel(Files.readAllBytes(file));
        for (long started : starts) {
            long from = Math.max(0, (started - sink.openedNanos) * RATE / 1_000_000_000L);
            int index = firstLoud(samples, (int) Math.min(from, samples.length));
            if (index < 0) {
                throw new IllegalStateException("the blip played at " + started + " is not in Saffron's WAV file");
            }
            left.add((sink.openedNanos + index * 1_000_000_000L / RATE - started) / 1e6);
        }
        Files.delete(file);
    }

    private SpiceSession connect(FirstLoud listener) {
        SpiceSession session = new SpiceSession(SessionConfig.builder().host(guest.server().host())
                .port(guest.server().port()).audioEnabled(true).build());
        session.addListener(new SessionListener() {
            @Override
            public void channelNew(SpiceChannel channel) {
                if (channel instanceof PlaybackChannel playback) {
                    playback.addListener(listener);
                }
            }
        });
        return session;
    }

    /** Starts the C collector, plays the blip {@link #BLOCK} times, ends it. */
    private void collectorBlock(Path collector, List<Double> reference) throws Exception {
        try (Client client = Client.collector(collector, guest, Map.of(), temp)) {
            client.await("ready");
            for (int i = 0; i < BLOCK; i++) {
                long started = System.nanoTime();
                play("aplay -q /root/blip.wav");
                long loudMicros = Long.parseLong(client.await("loud ").text.substring("loud ".length()));
                client.await("stop");
                reference.add((loudMicros * 1000 - started) / 1e6);
                Thread.sleep(1000);
            }
            client.endCollector();
        }
    }

    /** Notes when each stream's first loud sample was decoded, and when the stream stopped. */
    private static final class FirstLoud implements PlaybackChannelListener {
        volatile CompletableFuture<Long> loud = new CompletableFuture<>();
        volatile CompletableFuture<Void> stopped = new CompletableFuture<>();
        volatile boolean armed;
        volatile AudioEncoding encoding;

        void arm() {
            loud = new CompletableFuture<>();
            stopped = new CompletableFuture<>();
        }

        @Override
        public void playbackStarted(PlaybackChannel channel, PcmFormat format, AudioEncoding encoding) {
            this.encoding = encoding;
            armed = true;
        }

        @Override
        public void playbackData(PlaybackChannel channel, PcmPacket packet) {
            if (!armed) {
                return;
            }
            long now = System.nanoTime();
            for (short sample : packet.samples()) {
                if (Math.abs(sample) > THRESHOLD) {
                    armed = false;
                    loud.complete(now);
                    return;
                }
            }
        }

        @Override
        public void playbackStopped(PlaybackChannel channel) {
            armed = false;
            stopped.complete(null);
        }
    }

    /** A sink that remembers when its first stream opened the file, the moment the file's frame 0 left. */
    private static final class TimedSink implements AudioSink {
        private final WavFileSink sink;
        volatile long openedNanos = -1;

        TimedSink(WavFileSink sink) {
            this.sink = sink;
        }

        @Override
        public void start(PcmFormat format, Duration latency) throws IOException {
            sink.start(format, latency);
            if (openedNanos < 0) {
                openedNanos = System.nanoTime();
            }
        }

        @Override
        public void write(PcmPacket packet) {
            sink.write(packet);
        }

        @Override
        public void setLatency(Duration minimum) {
            sink.setLatency(minimum);
        }

        @Override
        public Duration delay() {
            return sink.delay();
        }

        @Override
        public void setVolume(double level) {
            sink.setVolume(level);
        }

        @Override
        public void setMuted(boolean muted) {
            sink.setMuted(muted);
        }

        @Override
        public void stop() {
            sink.stop();
        }

        @Override
        public long underruns() {
            return sink.underruns();
        }

        long skippedFrames() {
            return sink.skippedFrames();
        }

        @Override
        public void close() {
            sink.close();
        }
    }

    // ---- CPU per second of audio ----

    private void cpu(Path collector, Path saffron) throws Exception {
        System.out.println("CPU per second of audio: the guest plays 20 s of 1 kHz twice; CPU time (utime + stime) "
                + "of the client process from each stream's start to its stop; Saffron is saffron audio --out "
                + "/dev/null:");
        for (AudioEncoding encoding : List.of(AudioEncoding.OPUS, AudioEncoding.RAW)) {
            Map<String, String> environment = encoding == AudioEncoding.RAW
                    ? Map.of("SPICE_DISABLE_OPUS", "1") : Map.of();
            boolean saffronFirst = encoding == AudioEncoding.OPUS;
            for (int turn = 0; turn < 2; turn++) {
                if ((turn == 0) == saffronFirst) {
                    try (Client client = Client.saffron(saffron, guest, environment, temp)) {
                        client.await("connected; audio channels");
                        String started = toneCpu(client, "playback started", "playback stopped", "Saffron");
                        if (!started.endsWith(encoding.toString())) {
                            throw new IllegalStateException("Saffron was sent another encoding: " + started);
                        }
                    }
                } else {
                    try (Client client = Client.collector(collector, guest, environment, temp)) {
                        client.await("ready");
                        toneCpu(client, "start", "stop", "spice-client-glib");
                        client.endCollector();
                    }
                }
            }
            System.out.println("    (" + encoding + ")");
        }
    }

    /**
     * Plays the tone twice and prints the client's CPU time per second of audio from each tone's start line to
     * its stop line: the first includes the JIT compiling Saffron's audio path, the second is the steady state.
     * Between them, what the client costs a second while no stream plays (Saffron's sink goes on writing
     * silence, as it would to a sound device).
     *
     * @return the first tone's start line
     */
    private String toneCpu(Client client, String start, String stop, String who) throws Exception {
        String first = toneCpu(client, start, stop, who, "first tone ");
        Thread.sleep(1000);
        double before = client.cpuMillis();
        long idleStart = System.nanoTime();
        Thread.sleep(IDLE.toMillis());
        double idle = client.cpuMillis() - before;
        double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
        System.out.printf("  %-18s no stream   %6.1f ms CPU a second (%.0f ms over %.1f s)%n", who,
                idle / idleSeconds, idle, idleSeconds);
        toneCpu(client, start, stop, who, "second tone");
        return first;
    }

    private String toneCpu(Client client, String start, String stop, String who, String which) throws Exception {
        CompletableFuture<GuestAgent.ExecResult> tone = CompletableFuture.supplyAsync(() -> {
            try {
                return guest.agent().shell("aplay -q /root/tone20.wav", COMMAND_LIMIT);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Line started = client.await(start);
        double cpuAtStart = client.cpuMillis();
        Line stopped = client.await(stop);
        double cpuAtStop = client.cpuMillis();
        GuestAgent.ExecResult played = tone.get(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!played.succeeded()) {
            throw new IllegalStateException("aplay failed in the guest: " + played);
        }
        double seconds = (stopped.nanos - started.nanos) / 1e9;
        System.out.printf("  %-18s %s %6.1f ms CPU per second of audio (%.0f ms over %.1f s)%n", who, which,
                (cpuAtStop - cpuAtStart) / seconds, cpuAtStop - cpuAtStart, seconds);
        return started.text;
    }

    // ---- drift ----

    private void drift(int minutes) throws Exception {
        Path file = temp.resolve("drift.wav");
        TimedSink sink = new TimedSink(new WavFileSink(file));
        FirstLoud first = new FirstLoud();
        List<double[]> samples = new ArrayList<>();
        long underruns;
        long skipped;
        long played;
        long dropped;
        try (SpiceSession session = connect(first)) {
            SessionAudio audio = SessionAudio.attach(session, () -> sink, null);
            try {
                session.connect();
                session.awaitChannels(WAIT);
                first.arm();
                CompletableFuture<GuestAgent.ExecResult> stream = CompletableFuture.supplyAsync(() -> {
                    try {
                        return guest.agent().shell("for i in $(seq " + minutes * 6 + "); do cat /root/tone10.raw; "
                                + "done | aplay -q -t raw -f S16_LE -r " + RATE + " -c " + CHANNELS,
                                Duration.ofMinutes(minutes + 3));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                long loud = first.loud.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                while (!first.stopped.isDone() && !stream.isDone()) {
                    samples.add(new double[]{(System.nanoTime() - loud) / 1e9, sink.delay().toNanos() / 1e6});
                    Thread.sleep(1000);
                }
                GuestAgent.ExecResult result = stream.get(minutes + 3L, TimeUnit.MINUTES);
                if (!result.succeeded()) {
                    throw new IllegalStateException("aplay failed in the guest: " + result);
                }
                underruns = sink.underruns();
                skipped = sink.skippedFrames();
                PlaybackChannel playback = session.playbackChannel().orElseThrow();
                played = playback.playedPackets();
                dropped = playback.droppedMessages();
            } finally {
                audio.close();
            }
        }
        Files.delete(file);
        // The last seconds are the stream's end: the guest closes it and the queue drains.
        List<double[]> steady = samples.subList(0, Math.max(1, samples.size() - 2));
        double[] early = steady.stream().filter(sample -> sample[0] >= 10).findFirst().orElse(steady.getFirst());
        double[] end = steady.getLast();
        double earlyMean = mean(steady.stream().filter(s -> s[0] >= 10 && s[0] < 70).toList());
        double endMean = mean(steady.subList(Math.max(0, steady.size() - 60), steady.size()));
        System.out.printf("drift: one %d-minute stream (%s) into Saffron's WAV sink, its queued delay sampled every "
                + "second (%d samples):%n", minutes, first.encoding, samples.size());
        System.out.printf("  delay at %.0f s %.1f ms, at %.0f s %.1f ms: %+.1f ms%n", early[0], early[1], end[0],
                end[1], end[1] - early[1]);
        System.out.printf("  mean of the minute from 10 s %.1f ms, of the last minute %.1f ms: %+.1f ms; "
                + "range from 10 s on %.1f to %.1f ms%n", earlyMean, endMean, endMean - earlyMean,
                steady.stream().filter(s -> s[0] >= 10).mapToDouble(s -> s[1]).min().orElse(0),
                steady.stream().filter(s -> s[0] >= 10).mapToDouble(s -> s[1]).max().orElse(0));
        System.out.printf("  underruns %d, frames skipped for drift %d, packets played %d, dropped %d%n",
                underruns, skipped, played, dropped);
    }

    private static double mean(List<double[]> samples) {
        return samples.stream().mapToDouble(sample -> sample[1]).average().orElse(Double.NaN);
    }

    // ---- the guest, the clients, the sounds ----

    private void play(String command) throws IOException {
        GuestAgent.ExecResult played = guest.agent().shell(command, COMMAND_LIMIT);
        if (!played.succeeded()) {
            throw new IllegalStateException(command + " failed in the guest: " + played);
        }
    }

    /** A line a client process printed, and when this JVM read it. */
    private record Line(String text, long nanos) {
    }

    /** A client process (Saffron's launcher or the C collector) and the lines it prints. */
    private static final class Client implements AutoCloseable {
        private final Process process;
        private final Path stderr;
        private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        private final List<String> said = new ArrayList<>();

        private Client(List<String> command, Map<String, String> environment, Path temp) throws IOException {
            stderr = Files.createTempFile(temp, "client", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String text; (text = out.readLine()) != null; ) {
                        lines.add(new Line(text, System.nanoTime()));
                    }
                } catch (IOException e) {
                    lines.add(new Line("(cannot read the client's output: " + e.getMessage() + ")", 0));
                }
            });
        }

        static Client collector(Path binary, GuestVm guest, Map<String, String> environment, Path temp)
                throws IOException {
            return new Client(List.of(binary.toString(), guest.server().host(),
                    Integer.toString(guest.server().port()), Integer.toString(THRESHOLD)), environment, temp);
        }

        static Client saffron(Path launcher, GuestVm guest, Map<String, String> environment, Path temp)
                throws IOException {
            Map<String, String> all = new java.util.HashMap<>(environment);
            all.put("SAFFRON_NO_BUILD", "1");
            all.put("JAVA_HOME", System.getProperty("java.home"));
            return new Client(List.of(launcher.toString(), "audio", "spice://" + guest.server().host() + ":"
                    + guest.server().port(), "--out", "/dev/null", "--seconds", "300"),
                    all, temp);
        }

        /** @return the next line that starts with {@code prefix}; the lines before it are passed over */
        Line await(String prefix) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Line line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    said.add(line.text);
                    if (line.text.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            throw new IllegalStateException("the client never said '" + prefix + "...'; it said " + said
                    + "; stderr: " + Files.readString(stderr) + "; alive " + process.isAlive());
        }

        /** @return the CPU time of the process and its descendants so far */
        double cpuMillis() throws IOException {
            long ticks = ticks(process.pid());
            for (ProcessHandle child : process.descendants().toList()) {
                ticks += ticks(child.pid());
            }
            return ticks * 1000.0 / CLOCK_TICKS;
        }

        private static long ticks(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        /** Closes the collector's standard input, which makes it print its CPU time and exit. */
        void endCollector() throws Exception {
            process.getOutputStream().close();
            await("cpu_ms ");
            process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                // The server takes the next client once it has seen this one go.
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return a sine of 1 kHz at {@link #AMPLITUDE} on both channels for {@code seconds}, then silence */
    private static byte[] sine(double seconds, double silence) {
        int toneFrames = (int) Math.round(seconds * RATE);
        int frames = toneFrames + (int) Math.round(silence * RATE);
        ByteBuffer pcm = ByteBuffer.allocate(frames * CHANNELS * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short sample = i < toneFrames ? (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * 1000.0 * i / RATE))
                    : 0;
            pcm.putShort(sample).putShort(sample);
        }
        return pcm.array();
    }

    /** @return {@code pcm} (48 kHz stereo S16) in a WAV file */
    private static byte[] wav(byte[] pcm) {
        ByteBuffer file = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) CHANNELS).putInt(RATE).putInt(RATE * CHANNELS * 2).putShort((short) (CHANNELS * 2))
                .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
        return file.array();
    }

    /** @return the left channel of a WAV file the {@link WavFileSink} wrote (a 44-byte header, stereo S16) */
    private static short[] leftChannel(byte[] wav) {
        ByteBuffer bytes = ByteBuffer.wrap(wav, 44, wav.length - 44).slice().order(ByteOrder.LITTLE_ENDIAN);
        short[] left = new short[bytes.remaining() / (CHANNELS * 2)];
        for (int i = 0; i < left.length; i++) {
            left[i] = bytes.getShort(i * CHANNELS * 2);
        }
        return left;
    }

    private static int firstLoud(short[] samples, int from) {
        for (int i = from; i < samples.length; i++) {
            if (Math.abs(samples[i]) > THRESHOLD) {
                return i;
            }
        }
        return -1;
    }

    /** p50, p95, mean and maximum of a list of milliseconds. */
    private record Spread(double p50, double p95, double mean, double max, int count) {
        static Spread of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Spread(percentile(sorted, 50), percentile(sorted, 95),
                    millis.stream().mapToDouble(Double::doubleValue).average().orElse(0), sorted[sorted.length - 1],
                    sorted.length);
        }

        private static double percentile(double[] sorted, int p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        @Override
        public String toString() {
            return String.format("p50 %6.1f ms   p95 %6.1f ms   mean %6.1f ms   max %6.1f ms   (%d)", p50, p95, mean,
                    max, count);
        }
    }
}
