package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code saffron audio} against the guest's ALSA behind QEMU's {@code intel-hda}/{@code hda-duplex} on a SPICE
 * audio backend: a tone the guest plays reaches Saffron's WAV file at its frequency and level without gaps, both
 * as Opus and raw; a tone Saffron sends is what the guest's {@code arecord} captures; the guest mixer's volume
 * and mute reach Saffron; a minute-long stream beside the guest's video workload plays without the sink
 * running dry; and the viewer window, on a machine without a sound output, says so once and goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AudioGuestIT {
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(90);
    private static final int TONE_AMPLITUDE = 16_000;
    /** Below this a sample counts as silence: far under the tone, far over the codecs' noise. */
    private static final int SILENCE = 400;

    private Path temp;
    private GuestVm guest;
    private final List<LauncherProcess> started = new ArrayList<>();

    /** Starts {@code saffron audio} on the guest's server with {@code arguments}; it is killed after the class. */
    private LauncherProcess audio(Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("audio",
                "spice://" + guest.server().host() + ":" + guest.server().port()));
        command.addAll(List.of(arguments));
        LauncherProcess saffron = LauncherProcess.start(temp, environment, command.toArray(String[]::new));
        started.add(saffron);
        return saffron;
    }

    /** Waits for a {@code saffron audio} with {@code --seconds} to end. */
    private static void finish(LauncherProcess saffron) throws Exception {
        assertTrue(saffron.process().waitFor(60, TimeUnit.SECONDS), "saffron audio did not end: " + said(saffron));
    }

    private static String said(LauncherProcess saffron) throws IOException {
        return saffron.printed() + "\n" + saffron.stderr();
    }

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void start() throws Exception {
        temp = Files.createTempDirectory("saffron-audio-");
        guest = GuestVm.start(QemuOptions.builder().audio(true).build());
        guest.agent().writeFile("/root/tone.wav", Tones.sineWav(1000, TONE_AMPLITUDE, 3));
        GuestAgent.ExecResult cards = guest.agent().shell("aplay -l", COMMAND_LIMIT);
        assertTrue(cards.succeeded() && cards.stdout().contains("card 0"), "the guest has no sound card: " + cards
                + "\n" + guest.consoleTail());
    }

    @AfterAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stop() throws Exception {
        try {
            for (LauncherProcess each : started) {
                each.close();
            }
            if (guest != null) {
                guest.close();
            }
        } finally {
            TestFiles.deleteRecursively(temp);
        }
    }

    /** Plays the guest's tone while a {@code saffron audio --out} runs, and checks the file. */
    private void playedToneArrivesWhole(Map<String, String> environment, String encoding) throws Exception {
        Path out = temp.resolve(encoding + ".wav");
        LauncherProcess saffron = audio(environment, "--out", out.toString(), "--seconds", "15");
        saffron.await("connected; audio channels: playback record");
        GuestAgent.ExecResult played = guest.agent().shell("aplay -q /root/tone.wav", COMMAND_LIMIT);
        assertTrue(played.succeeded(), "aplay in the guest: " + played);
        assertEquals("playback started: 2 channels at 48000 Hz, " + encoding, saffron.await("playback started"));
        finish(saffron);
        assertEquals(0, saffron.process().exitValue(), said(saffron));

        short[] left = Tones.leftChannel(out);
        int first = Tones.firstLoud(left, SILENCE);
        int last = Tones.lastLoud(left, SILENCE);
        assertTrue(first >= 0, "the WAV file is silent: " + said(saffron));
        double seconds = (last - first) / (double) Tones.RATE;
        assertEquals(3.0, seconds, 0.05, "the tone lasts as long as the guest played it");
        int steady = first + Tones.RATE / 10;
        assertEquals(1000, Tones.peakFrequency(left, steady), 2, "the tone's frequency");
        double sent = 20 * Math.log10(TONE_AMPLITUDE / 32768.0 / Math.sqrt(2));
        assertEquals(sent, Tones.levelDb(left, steady, Tones.RATE), 1, "the tone's level, in dB");
        double gap = Tones.longestGapMillis(left, first, last, SILENCE);
        assertTrue(gap < 20, "a gap of " + gap + " ms in the tone");
    }

    @Test
    @Order(1)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestsToneArrivesAsOpusAtItsFrequencyAndLevelWithoutGaps() throws Exception {
        playedToneArrivesWhole(Map.of(), "OPUS");
    }

    @Test
    @Order(2)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withOpusTurnedOffTheServerSendsRawAndTheToneArrivesTheSame() throws Exception {
        playedToneArrivesWhole(Map.of("SPICE_DISABLE_OPUS", "1"), "RAW");
    }

    @Test
    @Order(3)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestRecordsTheToneSaffronSends() throws Exception {
        Path tone = Files.write(temp.resolve("tone440.wav"), Tones.sineWav(440, 12_000, 6));
        LauncherProcess saffron = audio(Map.of(), "--in", tone.toString(), "--seconds", "20");
        saffron.await("connected; audio channels: playback record");
        GuestAgent.ExecResult recorded = guest.agent().shell(
                "amixer -q sset Capture 100% cap 2>/dev/null; arecord -q -d 3 -f S16_LE -r 48000 -c 2 /root/rec.wav",
                COMMAND_LIMIT);
        assertTrue(recorded.succeeded(), "arecord in the guest: " + recorded);
        assertTrue(saffron.await("record started").startsWith("record started: 2 channels at 48000 Hz, "),
                said(saffron));
        short[] left = Tones.leftChannel(guest.agent().readFile("/root/rec.wav"));
        int first = Tones.firstLoud(left, SILENCE);
        assertTrue(first >= 0, "the guest recorded silence; saffron said " + said(saffron));
        assertEquals(440, Tones.peakFrequency(left, Math.min(first + Tones.RATE / 10, left.length - (1 << 16))), 2,
                "the frequency the guest recorded");
        saffron.process().destroy();
        saffron.process().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(4)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestMixersVolumeAndMuteReachSaffron() throws Exception {
        LauncherProcess saffron = audio(Map.of(), "--out", temp.resolve("mixer.wav").toString(), "--seconds", "60");
        saffron.await("connected; audio channels: playback record");
        // The guest's HDA codec sleeps while idle and takes mixer changes only when awake: change them while a
        // sound plays. The guest's mixer starts muted at 0 (no saved ALSA state); the samples are not scaled
        // by it, since QEMU hands the volume to the client.
        GuestAgent.ExecResult mixed = guest.agent().shell("aplay -q /root/tone.wav & sleep 1; "
                + "amixer -q sset Master 50% unmute; sleep 0.5; amixer -q sset Master mute; sleep 0.5; "
                + "amixer -q sset Master unmute; wait", COMMAND_LIMIT);
        assertTrue(mixed.succeeded(), "amixer: " + mixed + "; controls: "
                + guest.agent().shell("amixer scontrols", COMMAND_LIMIT).stdout());
        // QEMU repeats the mixer's state when the stream opens: the change follows.
        String volume = saffron.await("playback volume");
        while (volume.equals("playback volume [0, 0]")) {
            volume = saffron.await("playback volume");
        }
        assertTrue(volume.matches("playback volume \\[\\d+, \\d+]") && !volume.contains("65535")
                && !volume.contains("[0, 0]"), volume);
        saffron.await("playback unmuted");
        saffron.await("playback muted");
        saffron.await("playback unmuted");
        saffron.process().destroy();
        saffron.process().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(5)
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMinuteOfSoundBesideTheGuestsVideoNeverRunsTheSinkDry() throws Exception {
        LauncherProcess saffron = audio(Map.of(), "--out", temp.resolve("minute.wav").toString(), "--seconds", "85");
        saffron.await("connected; audio channels: playback record");
        // One stream of 63 s (the tone file's samples 18 times, without its 44-byte header) while the video plays.
        GuestAgent.ExecResult played = guest.agent().shell("saffron-workload video 65 & "
                + "for i in $(seq 18); do tail -c +45 /root/tone.wav; done "
                + "| aplay -q -t raw -f S16_LE -r 48000 -c 2; wait", Duration.ofSeconds(150));
        assertTrue(played.succeeded(), "aplay beside the video workload: " + played);
        finish(saffron);
        String summary = saffron.await("played ");
        assertTrue(summary.endsWith("the sink ran dry 0 times"), summary + "\n" + said(saffron));
        long streams = saffron.printed().stream().filter(line -> line.startsWith("playback started")).count();
        assertEquals(1, streams, "one stream: " + said(saffron));
    }

    @Test
    @Order(6)
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theWindowPlaysTheGuestsSoundOrSaysOnceWhyNotAndGoesOn() throws Exception {
        boolean hasOutput = hasSoundOutput();
        try (XvfbServer x = XvfbServer.start(1024, 768, temp);
             ViewerProcess viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + guest.server().host() + ":"
                     + guest.server().port(), "-t", "Saffron audio window")) {
            x.awaitWindow("^Saffron audio window", Duration.ofSeconds(90));
            GuestAgent.ExecResult played = guest.agent().shell("aplay -q /root/tone.wav; aplay -q /root/tone.wav",
                    COMMAND_LIMIT);
            assertTrue(played.succeeded(), "aplay in the guest: " + played);
            assertTrue(viewer.process().isAlive(), "the window ended: " + viewer.err());
            long said = viewer.err().lines().filter(line -> line.contains("cannot play the guest's sound")).count();
            // This machine's own answer decides: CI machines have no sound output, a desktop has one.
            assertEquals(hasOutput ? 0 : 1, said, "two streams, " + (hasOutput ? "a sound output" : "no sound output")
                    + " here; the window said:\n" + viewer.err());
        }
    }

    private static boolean hasSoundOutput() {
        try {
            javax.sound.sampled.SourceDataLine line = javax.sound.sampled.AudioSystem.getSourceDataLine(
                    new javax.sound.sampled.AudioFormat(48_000, 16, 2, true, false));
            line.open();
            line.close();
            return true;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}
