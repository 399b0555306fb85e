package dev.saffron.bench;

import dev.saffron.gl.ViewerWindow;
import dev.saffron.gl.WindowOptions;
import dev.saffron.spice.ChannelListener;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplayChannelListener;
import dev.saffron.spice.InputsChannel;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SessionListener;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Measures the viewer's latency against a local QEMU, with the real window (it needs an X display; the script
 * {@code scripts/latency} starts Xvfb). Not a test: it prints percentiles of
 * <ol>
 *   <li>key to invalidate: from a key sent on the inputs channel to the first display change the guest's
 *       reaction causes;</li>
 *   <li>present delay: from a display change reaching the window to the buffer swap that shows it;</li>
 *   <li>key to present: the two together, as a user would feel them.</li>
 * </ol>
 * The guest is a boot sector that paints a band of the screen in the colour of each key it reads, so each key
 * causes exactly one display change and nothing else moves.
 *
 * <p>Usage: {@code WindowLatency [SAMPLES]} (default 100).
 */
public final class WindowLatency {
    /** The guest, in 16-bit real mode at 0x7C00. */
    private static final byte[] KEY_PAINTER = bytes(
            0xB8, 0x13, 0x00,       // mov ax, 0x0013
            0xCD, 0x10,             // int 0x10            video mode 13h, 320x200, no text cursor to blink
            0xB8, 0x00, 0xA0,       // mov ax, 0xA000
            0x8E, 0xC0,             // mov es, ax
            0x30, 0xE4,             // key: xor ah, ah
            0xCD, 0x16,             // int 0x16            wait for a key; al = its character
            0x31, 0xFF,             // xor di, di
            0xB9, 0x80, 0x0C,       // mov cx, 3200        the top ten rows
            0xF3, 0xAA,             // rep stosb           in the character's colour
            0xEB, 0xF3);            // jmp key
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** 'a' and 'b': alternating keys paint alternating colours, so every key changes the screen. */
    private static final int[] KEYS = {0x1E, 0x30};

    private WindowLatency() {
    }

    /** @param args the number of keys to send (default 100) */
    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path directory = Files.createTempDirectory("saffron-latency-");
        Path disk = directory.resolve("key-painter.img");
        byte[] sector = Arrays.copyOf(KEY_PAINTER, 512);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        Files.write(disk, sector);

        BlockingQueue<Long> invalidates = new LinkedBlockingQueue<>();
        List<Long> presentDelays = Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<long[]> presents = new LinkedBlockingQueue<>();
        WindowOptions options = new WindowOptions(Optional.of("saffron-latency"), false, false, true,
                WindowOptions.defaults().hotkeys(), true, true, Optional.of((oldest, presented) -> {
                    presentDelays.add(presented - oldest);
                    presents.add(new long[]{oldest, presented});
                }), WindowOptions.NORMAL_ZOOM);
        QemuOptions qemu = QemuOptions.builder()
                .extraArguments("-drive", "file=" + disk + ",format=raw,if=floppy,readonly=on").build();
        try (QemuServer server = QemuServer.start(qemu); ViewerWindow window = ViewerWindow.open(options);
             SpiceSession session = new SpiceSession(SessionConfig.builder().host(server.host())
                     .port(server.port()).build())) {
            window.attach(session);
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    if (channel instanceof DisplayChannel display) {
                        display.addListener(new DisplayChannelListener() {
                            @Override
                            public void invalidate(DisplayChannel display, int x, int y, int width, int height) {
                                invalidates.add(System.nanoTime());
                            }
                        });
                    }
                }
            });
            session.connect();
            session.awaitChannels(WAIT);
            InputsChannel inputs = session.channels().stream().filter(c -> c instanceof InputsChannel)
                    .map(InputsChannel.class::cast).findFirst().orElseThrow();
            List<Long> keyToInvalidate = new ArrayList<>();
            List<Long> keyToPresent = new ArrayList<>();
            Thread driver = Thread.ofPlatform().name("latency-keys").start(() -> {
                try {
                    drive(server, session, inputs, samples, invalidates, presents, presentDelays, keyToInvalidate,
                            keyToPresent);
                } catch (Exception e) {
                    System.err.println("latency: " + e);
                } finally {
                    session.disconnect();
                }
            });
            window.run();
            driver.join();
            print("key sent -> display invalidate", keyToInvalidate);
            print("invalidate -> window present", presentDelays);
            print("key sent -> window present", keyToPresent);
        } finally {
            Files.deleteIfExists(disk);
            Files.deleteIfExists(directory);
        }
    }

    private static void drive(QemuServer server, SpiceSession session, InputsChannel inputs, int samples,
                              BlockingQueue<Long> invalidates, BlockingQueue<long[]> presents,
                              List<Long> presentDelays, List<Long> keyToInvalidate, List<Long> keyToPresent)
            throws InterruptedException, IOException {
        // The firmware's screens come first; the guest is ready once the mode switch has been drawn and shown.
        session.channels().stream().filter(c -> c instanceof DisplayChannel).map(DisplayChannel.class::cast)
                .findFirst().orElseThrow().awaitFrame(Duration.ofSeconds(1), WAIT);
        Thread.sleep(2000);
        System.err.println("latency: guest ready (" + server + "), sending " + samples + " keys");
        presentDelays.clear();
        for (int i = 0; i < samples; i++) {
            invalidates.clear();
            presents.clear();
            long sent = System.nanoTime();
            inputs.keyPressAndRelease(KEYS[i % KEYS.length]);
            Long changed = invalidates.poll(5, TimeUnit.SECONDS);
            if (changed == null) {
                throw new IOException("the guest did not react to key " + i);
            }
            keyToInvalidate.add(changed - sent);
            // The window hears of the change just before this harness does, so its time can be a hair earlier.
            long[] present = presents.poll(5, TimeUnit.SECONDS);
            while (present != null && present[0] < sent) {
                present = presents.poll(5, TimeUnit.SECONDS);
            }
            if (present != null) {
                keyToPresent.add(present[1] - sent);
            }
            // Off the beat of QEMU's display refresh, so that samples see every phase of it.
            Thread.sleep(97 + (i * 37) % 50);
        }
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("%-55s no samples%n", what);
            return;
        }
        System.out.printf("%-55s n=%4d  p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 95), sorted.getLast() / 1e6);
    }

    private static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.clamp(index, 0, sorted.size() - 1)) / 1e6;
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
