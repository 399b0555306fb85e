package dev.saffron.spice.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Linux guest for tests that need a real desktop behind the SPICE server: Debian with Xorg on the QXL
 * card, spice-vdagent and qemu-guest-agent, built by {@code scripts/guest-image} (cached between runs) and
 * booted under TCG in a {@link QemuServer}, so it is reaped like every other QEMU the tests start.
 *
 * <p>{@link #start} returns once the guest agent answers, X answers and the SPICE agent runs in the guest
 * (20-30 s on an idle two-core machine, more under load). The disk image is opened with {@code snapshot=on}:
 * the guest's writes go to a temporary overlay and the cached image never changes. The guest offers the
 * devices a SPICE client meets on a desktop VM: the agent port, a WebDAV port, and a passthrough smartcard
 * reader on USB.
 *
 * <p>Workloads: {@code saffron-workload animate SECONDS} keeps the whole screen changing and
 * {@code saffron-workload video SECONDS} plays a video-like picture in a 320x240 rectangle at (40, 40), and
 * {@code saffron-workload render SECONDS} draws XRender composites in a 768x480 window at (0, 0) that stays
 * after it exits, run through {@link #agent()}.
 */
public final class GuestVm implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GuestVm.class.getName());

    /** What {@link #start} waits for, in order. */
    public enum Stage {
        /** qemu-guest-agent answers a sync and a ping. */
        GUEST_AGENT("the guest agent"),
        /** {@code xdpyinfo} in the guest reaches the X server. */
        X_SERVER("the X server"),
        /** The spice-vdagent session agent runs in the guest. */
        SPICE_AGENT("the SPICE session agent");

        private final String description;

        Stage(String description) {
            this.description = description;
        }
    }

    /** Who sets the QXL card's modes, which decides what the qxl Xorg driver sends. */
    public enum ModeSetting {
        /** The kernel's qxl driver (the default): Xorg's pixmaps live in guest memory, so XRender arrives as
         *  copies of images the X server rendered itself. */
        KERNEL(""),
        /** Xorg's qxl driver alone, the kernel's kept from binding: pixmaps become off-screen QXL surfaces and
         *  XRender arrives as DRAW_COMPOSITE when the client advertises COMPOSITE. */
        USER(" saffron.modeset=user modprobe.blacklist=qxl");

        private final String kernelArguments;

        ModeSetting(String kernelArguments) {
            this.kernelArguments = kernelArguments;
        }
    }

    /** Image builds from scratch take about three minutes; a slow mirror may take several times that. */
    private static final Duration IMAGE_BUILD_TIMEOUT = Duration.ofMinutes(20);
    /** Boots take 20-30 s idle under TCG; a machine shared with other test runs can triple that. */
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration AGENT_EXCHANGE_TIMEOUT = Duration.ofSeconds(10);
    /** Until qemu-ga runs in the guest nobody answers: a short wait per attempt keeps the boot time exact. */
    private static final Duration AGENT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CHECK_LIMIT = Duration.ofSeconds(20);
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(500);
    private static final int CONSOLE_TAIL_BYTES = 4096;
    private static final int MEMORY_MEGABYTES = 1024;
    private static final String IMAGE_SCRIPT = "scripts/guest-image";
    private static final String KERNEL_ARGUMENTS =
            "root=/dev/vda rw console=ttyS0 init=/sbin/saffron-init loglevel=4";
    private static final String WEBDAV_PORT = "org.spice-space.webdav.0";

    private final QemuServer server;
    private final Path directory;
    private final Path imageDirectory;
    private final Path agentSocket;
    private final Path consoleLog;
    private final Map<Stage, Duration> readyAfter = new EnumMap<>(Stage.class);
    private GuestAgent agent;

    private GuestVm(QemuServer server, Path directory, Path imageDirectory) {
        this.server = server;
        this.directory = directory;
        this.imageDirectory = imageDirectory;
        this.agentSocket = directory.resolve("qga.sock");
        this.consoleLog = directory.resolve("console.log");
    }

    /**
     * Boots the guest with these SPICE settings (compression, streaming, password, TLS, ...). Its memory,
     * smartcard reader and guest devices are added to them.
     *
     * @param spice the server's options
     * @return a guest ready for SPICE clients and agent commands
     * @throws IOException if the image cannot be built, QEMU fails, or a stage of the boot does not arrive in
     *                     time; the message names the stage and ends with the guest's console
     */
    public static GuestVm start(QemuOptions spice) throws IOException {
        return start(spice, ModeSetting.KERNEL);
    }

    /**
     * Boots the guest with these SPICE settings and this mode setting.
     *
     * @param spice       the server's options
     * @param modeSetting who drives the QXL card
     * @return a guest ready for SPICE clients and agent commands
     * @throws IOException if the image cannot be built, QEMU fails, or a stage of the boot does not arrive in
     *                     time; the message names the stage and ends with the guest's console
     */
    public static GuestVm start(QemuOptions spice, ModeSetting modeSetting) throws IOException {
        Path image = image();
        Path directory = Files.createTempDirectory("saffron-guest-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        QemuServer server = null;
        GuestVm guest = null;
        try {
            long started = System.nanoTime();
            server = QemuServer.start(guestOptions(spice, modeSetting, image, directory));
            guest = new GuestVm(server, directory, image);
            guest.awaitReady(started);
            return guest;
        } catch (IOException | RuntimeException e) {
            try {
                if (guest != null) {
                    guest.close();
                } else {
                    if (server != null) {
                        server.close();
                    }
                    TestFiles.deleteRecursively(directory);
                }
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Builds the guest image, or finds it in the cache, by running {@code scripts/guest-image} from the
     * repository that holds the working directory.
     *
     * @return the directory holding {@code rootfs.img}, {@code vmlinux}, {@code initrd.img} and
     *         {@code kernel-version}
     * @throws IOException if the script fails (its message says what is missing) or takes too long
     */
    public static Path image() throws IOException {
        Path script = TestFiles.repositoryRoot(IMAGE_SCRIPT).resolve(IMAGE_SCRIPT);
        Path log = Files.createTempFile("saffron-guest-image-", ".log");
        Path out = Files.createTempFile("saffron-guest-image-", ".out");
        try {
            Process build = new ProcessBuilder(script.toString())
                    .redirectOutput(out.toFile())
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!build.waitFor(IMAGE_BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                // SIGTERM, not SIGKILL: the script's exit trap removes its half-built image.
                build.descendants().forEach(ProcessHandle::destroy);
                build.destroy();
                throw new IOException(IMAGE_SCRIPT + " did not finish within " + IMAGE_BUILD_TIMEOUT
                        + "; it says:\n" + TestFiles.tail(log, CONSOLE_TAIL_BYTES));
            }
            if (build.exitValue() != 0) {
                throw new IOException(IMAGE_SCRIPT + " failed with status " + build.exitValue() + ":\n"
                        + TestFiles.tail(log, CONSOLE_TAIL_BYTES));
            }
            String output = Files.readString(out).strip();
            List<String> lines = output.lines().toList();
            Path image = lines.isEmpty() ? null : Path.of(lines.getLast());
            if (image == null || !Files.isRegularFile(image.resolve("rootfs.img"))) {
                throw new IOException(IMAGE_SCRIPT + " printed " + output + " instead of the image directory");
            }
            return image;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + IMAGE_SCRIPT + " ran");
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(out);
        }
    }

    /** @return the QEMU running the guest: SPICE host and port, QMP, screendumps */
    public QemuServer server() {
        return server;
    }

    /** @return a connected guest agent client, for commands and files in the guest */
    public GuestAgent agent() {
        return agent;
    }

    /** @return the directory the guest was booted from (see {@link #image()}) */
    public Path imageDirectory() {
        return imageDirectory;
    }

    /** @return how long after QEMU's start each stage of the boot arrived */
    public Map<Stage, Duration> readyAfter() {
        return Collections.unmodifiableMap(readyAfter);
    }

    /** @return the last few KiB the guest wrote to its serial console (kernel and init messages) */
    public String consoleTail() {
        return TestFiles.tail(consoleLog, CONSOLE_TAIL_BYTES);
    }

    /** Ends QEMU and deletes the guest's files (its disk overlay is QEMU's own temporary file). */
    @Override
    public void close() throws IOException {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            try {
                server.close();
            } finally {
                TestFiles.deleteRecursively(directory);
            }
        }
    }

    @Override
    public String toString() {
        return "GuestVm[" + server + ", image " + imageDirectory + "]";
    }

    static QemuOptions guestOptions(QemuOptions spice, ModeSetting modeSetting, Path image, Path directory) {
        String agentSocket = QemuServer.optionValue(directory.resolve("qga.sock").toString());
        String console = QemuServer.optionValue(directory.resolve("console.log").toString());
        return spice.toBuilder()
                .memoryMegabytes(MEMORY_MEGABYTES)
                .smartcard(true)
                .extraArguments(
                        "-smp", "2",
                        "-device", "virtio-serial,id=saffron-virtio-serial",
                        "-chardev", "spicevmc,id=saffron-vdagent,name=vdagent",
                        "-device", "virtserialport,chardev=saffron-vdagent,name=com.redhat.spice.0",
                        "-chardev", "socket,id=saffron-qga,path=" + agentSocket + ",server=on,wait=off",
                        "-device", "virtserialport,chardev=saffron-qga,name=org.qemu.guest_agent.0",
                        "-chardev", "spiceport,id=saffron-webdav,name=" + WEBDAV_PORT,
                        "-device", "virtserialport,chardev=saffron-webdav,name=" + WEBDAV_PORT,
                        "-chardev", "file,id=saffron-console,path=" + console,
                        "-serial", "chardev:saffron-console",
                        "-drive", "file=" + QemuServer.optionValue(image.resolve("rootfs.img").toString())
                                + ",format=raw,if=virtio,cache=unsafe,snapshot=on",
                        "-kernel", image.resolve("vmlinux").toString(),
                        "-initrd", image.resolve("initrd.img").toString(),
                        "-append", KERNEL_ARGUMENTS + modeSetting.kernelArguments)
                .build();
    }

    private void awaitReady(long started) throws IOException {
        long deadline = started + BOOT_TIMEOUT.toNanos();
        await(Stage.GUEST_AGENT, started, deadline, () -> {
            try (GuestAgent probe = GuestAgent.connect(agentSocket, AGENT_PROBE_TIMEOUT)) {
                probe.ping();
            }
        });
        agent = GuestAgent.connect(agentSocket, AGENT_EXCHANGE_TIMEOUT);
        await(Stage.X_SERVER, started, deadline, () -> check(agent.shell("DISPLAY=:0 xdpyinfo", CHECK_LIMIT)));
        await(Stage.SPICE_AGENT, started, deadline,
                () -> check(agent.shell("pgrep -x spice-vdagent", CHECK_LIMIT)));
        LOG.log(Level.INFO, "guest ready on SPICE port {0}: {1} after QEMU started", String.valueOf(server.port()),
                readyAfter);
    }

    /** One attempt at a stage; throws while the stage has not arrived. */
    @FunctionalInterface
    private interface Attempt {
        void run() throws IOException;
    }

    private void await(Stage stage, long started, long deadline, Attempt attempt) throws IOException {
        IOException last = null;
        while (true) {
            if (!ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("QEMU exited while waiting for " + stage.description + "; its stderr ends with:\n"
                        + server.stderrTail() + "\nthe guest's console ends with:\n" + consoleTail());
            }
            try {
                attempt.run();
                readyAfter.put(stage, Duration.ofNanos(System.nanoTime() - started));
                return;
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(stage.description + " did not arrive within " + BOOT_TIMEOUT
                        + " of QEMU's start (stages done: " + readyAfter + "); last attempt: " + last.getMessage()
                        + "\nthe guest's console ends with:\n" + consoleTail(), last);
            }
            try {
                Thread.sleep(RETRY_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + stage.description);
            }
        }
    }

    private static void check(GuestAgent.ExecResult result) throws IOException {
        if (!result.succeeded()) {
            throw new IOException("exit status " + result.exitCode() + ": " + result.stderr().strip());
        }
    }
}
