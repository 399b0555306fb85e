package dev.saffron.viewer;

import dev.saffron.spice.testing.CorruptingProxy;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.ReferenceClient;
import dev.saffron.spice.testing.TestCertificates;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The saffron command line against real QEMU servers. */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliIT {
    private static final String QMP = QemuOptions.SpicePort.QMP_MONITOR_NAME;

    private record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String uri(QemuServer server) {
        return "spice://" + server.host() + ":" + server.port();
    }

    @Test
    void infoListsExactlyTheAnnouncedChannels() throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().audio(true).qmpSpicePort(QMP)
                .extraArguments("-name", "cli-it").build())) {
            Result result = run("info", uri(server));
            assertEquals(0, result.code, result.err);
            assertTrue(result.out.contains("name:        cli-it"), result.out);
            assertTrue(result.out.contains("mouse mode:  server"), result.out);
            assertTrue(result.out.contains("agent:       not connected"), result.out);
            List<String> channelLines = result.out.lines().filter(l -> l.startsWith("  ")).toList();
            List<String> names = new ArrayList<>();
            channelLines.forEach(l -> names.add(l.trim().split("\\s+")[0]));
            assertEquals(List.of("main-0", "display-0", "cursor-0", "inputs-0", "playback-0", "record-0", "port-0"),
                    names.stream().sorted((a, b) -> order(a) - order(b)).toList());
            assertEquals(7, names.size(), "each channel once: " + names);
            assertTrue(result.out.contains("channels:    7 (main and 6 announced by the server)"), result.out);
            String port = channelLines.stream().filter(l -> l.contains("port-0")).findFirst().orElseThrow();
            assertTrue(port.contains("open; port " + QMP + " (open)"), port);
            String main = channelLines.stream().filter(l -> l.contains("main-0")).findFirst().orElseThrow();
            assertTrue(main.contains("name-and-uuid"), main);
        }
    }

    private static int order(String name) {
        return List.of("main-0", "display-0", "cursor-0", "inputs-0", "playback-0", "record-0", "port-0").indexOf(name);
    }

    @Test
    void failuresExitWithOneLineAndTheirCode() throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().password("cli-pw").build())) {
            Result missing = run("info", uri(server));
            assertEquals(4, missing.code);
            assertEquals(1, missing.errLines().size(), missing.err);
            assertTrue(missing.err.contains("requires a password"), missing.err);

            Result wrong = run("info", uri(server), "-w", "not-it");
            assertEquals(4, wrong.code);
            assertEquals(1, wrong.errLines().size(), wrong.err);
            assertFalse(wrong.err.contains("not-it"));

            Result right = run("info", uri(server), "--password=cli-pw");
            assertEquals(0, right.code, right.err);
        }
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Result refused = run("info", "spice://127.0.0.1:" + closedPort);
        assertEquals(3, refused.code);
        assertEquals(1, refused.errLines().size(), refused.err);
        assertTrue(refused.err.contains("refused"), refused.err);

        Result badUri = run("info", "spice://127.0.0.1:notaport");
        assertEquals(2, badUri.code);
        assertEquals(1, badUri.errLines().size(), badUri.err);

        Result unknown = run("info", "spice://127.0.0.1:5900", "--no-such-option");
        assertEquals(2, unknown.code);
    }

    @Test
    void infoOverTlsChecksTheCaAndTheHostSubject(@TempDir Path dir) throws Exception {
        TestCertificates.Issued ca = TestCertificates.authority("O=Saffron Test,CN=Saffron CLI test CA");
        // No subjectAltName and a common name that is not the host: only the subject check can pass it.
        String subject = "C=XX,O=Saffron Test,CN=saffron-cli";
        TestCertificates.Issued certificate = TestCertificates.builder(subject).issuedBy(ca).build();
        Path pki = TestCertificates.writeQemuFiles(Files.createDirectory(dir.resolve("pki")), ca, certificate);
        Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        try (QemuServer server = QemuServer.start(QemuOptions.builder().tls(pki).build())) {
            String uri = "spice+tls://" + server.host() + ":" + server.tlsPort().orElseThrow();

            Result impostor = run("info", uri, "--spice-ca-file", caFile.toString(),
                    "--spice-host-subject", "C=XX,O=Saffron Test,CN=impostor");
            assertEquals(1, impostor.code, impostor.err);
            assertEquals(1, impostor.errLines().size(), impostor.err);
            assertTrue(impostor.err.contains("subject mismatch") && impostor.err.contains("'" + subject + "'"),
                    impostor.err);

            Result hostname = run("info", uri, "--spice-ca-file", caFile.toString());
            assertEquals(1, hostname.code, hostname.err);
            assertTrue(hostname.err.contains("hostname mismatch") && hostname.err.contains("CN=saffron-cli"),
                    hostname.err);

            server.qmp().clearEvents();
            Result right = run("info", uri, "--spice-ca-file=" + caFile, "--spice-host-subject", subject);
            assertEquals(0, right.code, right.err);
            assertTrue(right.out.contains("server:      " + uri), right.out);
            assertTrue(right.out.lines().anyMatch(l -> l.trim().startsWith("main-0") && l.contains("open;")),
                    right.out);
            String linked = server.qmp().awaitEvent("SPICE_INITIALIZED", Duration.ofSeconds(10));
            assertTrue(linked.contains("\"tls\": true"), linked);
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Result result = run("info", "spice://127.0.0.1:" + silent.getLocalPort(), "--timeout", "1");
            assertEquals(3, result.code, result.err);
            assertTrue(result.err.contains("did not"), result.err);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void launcherBridgesQmpThroughThePort() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path launcher = root.resolve("saffron");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
        try (QemuServer server = QemuServer.start(QemuOptions.builder().qmpSpicePort(QMP).build())) {
            ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "port", uri(server), QMP)
                    .redirectErrorStream(false);
            builder.environment().put("SAFFRON_NO_BUILD", "1");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            try {
                process.getOutputStream().write(("{\"execute\":\"qmp_capabilities\"}\n"
                        + "{\"execute\":\"query-status\"}\n").getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the bridge ends after stdin and a quiet port");
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, process.exitValue(), err);
                assertTrue(out.contains("\"QMP\""), out);
                assertTrue(out.contains("\"status\": \"running\""), out);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void launchersFirstScreenshotWritesTheStartUpCacheQuietlyAndTheNextUsesIt(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path cache = root.resolve("viewer/target/saffron-brief.aot");
        Files.deleteIfExists(cache);
        try (QemuServer server = QemuServer.start()) {
            Process first = launcher(root, "screenshot", uri(server), dir.resolve("first.png").toString());
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the first screenshot ends");
            String out = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(first.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, first.exitValue(), err);
            assertEquals("", out, "the JDK's report of the recording stays off stdout");
            assertEquals(List.of("saffron: this screenshot also writes a start-up cache for later runs (once per build)"),
                    err.lines().toList(), "nothing but the launcher's own line");
            assertTrue(Files.size(cache) > 0, "the cache is written");

            Process second = launcher(root, "screenshot", uri(server), dir.resolve("second.png").toString());
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second screenshot ends");
            String secondErr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, second.exitValue(), secondErr);
            assertEquals("", secondErr, "a run with the cache says nothing");
            assertTrue(Files.size(dir.resolve("second.png")) > 0);

            // The viewer's log backend serves the launched process: Saffron's debug records, one line each.
            Process debug = launcher(root, "screenshot", uri(server), dir.resolve("debug.png").toString(),
                    "--spice-debug");
            assertTrue(debug.waitFor(60, TimeUnit.SECONDS), "the debug screenshot ends");
            String debugErr = new String(debug.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, debug.exitValue(), debugErr);
            assertTrue(debugErr.lines().anyMatch(line -> line.startsWith("saffron: DEBUG: display-0: linked to ")),
                    debugErr);
            assertTrue(debugErr.lines().allMatch(line -> line.startsWith("saffron: ")), debugErr);
        }
    }

    private static Process launcher(Path root, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(root.resolve("saffron").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("SAFFRON_NO_BUILD", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    @Test
    void aScreenshotWhoseImageWasDamagedInFlightFailsWithTheReasonAndWritesNothing(@TempDir Path dir)
            throws Exception {
        try (QemuServer server = QemuServer.start()) {
            try (CorruptingProxy intact = CorruptingProxy.start(server.host(), server.port(), 0)) {
                Path shot = dir.resolve("intact.png");
                Result result = run("screenshot", "spice://127.0.0.1:" + intact.port(), shot.toString());
                intact.checkHealthy();
                assertEquals(0, result.code, "the proxy alone changes nothing: " + result.err);
                assertTrue(Files.size(shot) > 0);
            }
            try (CorruptingProxy proxy = CorruptingProxy.start(server.host(), server.port(), 1)) {
                Path shot = dir.resolve("damaged.png");
                Result result = run("screenshot", "spice://127.0.0.1:" + proxy.port(), shot.toString());
                proxy.checkHealthy();
                assertEquals(1, proxy.damagedImages(), "the proxy damaged one image: " + result.err);
                assertEquals(1, result.code, result.err);
                String last = result.errLines().getLast();
                assertTrue(last.startsWith("saffron: display-0: the picture is incomplete: ")
                        && last.contains("its image failed to decode: unsupported image type "
                        + CorruptingProxy.DAMAGED_IMAGE_TYPE), result.err);
                assertFalse(Files.exists(shot), "no picture with a hole is written");
            }
        }
    }

    @Test
    void screenshotEqualsTheReferenceClientsOnAFrozenFrame(@TempDir Path dir) throws Exception {
        try (QemuServer server = QemuServer.start()) {
            PpmImage reference = ReferenceClient.pauseOnAgreedScreen(server, Duration.ofSeconds(30));
            Path ppm = dir.resolve("shot.ppm");
            Result result = run("screenshot", uri(server), ppm.toString());
            assertEquals(0, result.code, result.err);
            PpmImage ours = PpmImage.read(ppm);
            assertEquals(reference.width(), ours.width());
            assertEquals(reference.height(), ours.height());
            assertEquals(0, reference.differingPixels(ours));

            Path png = dir.resolve("shot.png");
            assertEquals(0, run("screenshot", uri(server), png.toString()).code);
            BufferedImage decoded = ImageIO.read(png.toFile());
            assertEquals(reference.width(), decoded.getWidth());
            int[] pixels = decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
            int differing = reference.differingPixels(pixels, decoded.getWidth());
            assertEquals(0, differing, "the PNG holds the same pixels");
        }
    }

    @Test
    void missingPortIsNamedWithWhatTheServerOffers() throws IOException {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().qmpSpicePort(QMP).build())) {
            Result result = run("port", uri(server), "org.example.nothing");
            assertEquals(1, result.code);
            assertTrue(result.err.contains("offers: " + QMP), result.err);
        }
    }
}
