package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.saffron.spice.testing.TestCertificates.Issued;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The software card as the host's own OpenSC sees it: pcscd with vsmartcard's virtual reader (vpcd), the card
 * bridged into it, then {@code pkcs11-tool} through OpenSC's PKCS#11 module lists the certificates and signs,
 * and {@code openssl} verifies the signatures with the certificates. The same stack a Linux guest runs behind
 * QEMU's ccid-card-passthru, minus the guest.
 *
 * <p>pcscd is private to the test: its own reader configuration (vpcd on a free port) and its own socket.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SoftwareCardOpenScIT {
    private static final Path VPCD_DRIVER = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");
    private static final Path OPENSC_PKCS11 = Path.of("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so");
    private static final Issued RSA = TestCredentials.rsa("CN=OpenSC RSA user");
    private static final Issued EC = TestCredentials.ec("CN=OpenSC EC signer");

    @TempDir
    Path directory;

    private final Map<String, String> clientEnvironment = new HashMap<>();
    private Process pcscd;
    private Path socket;
    private int port;

    @BeforeEach
    void startPcscd() throws Exception {
        assumeTrue(Files.isRegularFile(VPCD_DRIVER) && Files.isRegularFile(OPENSC_PKCS11)
                        && Files.isExecutable(Path.of("/usr/sbin/pcscd")),
                "needs the Debian packages pcscd, vsmartcard-vpcd and opensc");
        int port = freePortPair();
        Path config = Files.createDirectory(directory.resolve("reader.conf.d"));
        Files.writeString(config.resolve("vpcd"), "FRIENDLYNAME \"Virtual PCD\"\n"
                + "DEVICENAME /dev/null:0x" + Integer.toHexString(port) + "\n"
                + "LIBPATH " + VPCD_DRIVER + "\n"
                + "CHANNELID 0x" + Integer.toHexString(port) + "\n");
        // pcsc-lite 1.9.9's daemon ignores PCSCLITE_CSOCK_NAME and always serves /run/pcscd/pcscd.comm, so it
        // runs in a mount namespace of its own with the test's directory over /run; its clients, which do read
        // the variable, find it there.
        Path run = Files.createDirectories(directory.resolve("run"));
        socket = run.resolve("pcscd/pcscd.comm");
        List<String> command = new ArrayList<>(List.of("unshare"));
        if (!"root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("--user", "--map-root-user"));
        }
        command.addAll(List.of("--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /run && exec /usr/sbin/pcscd --foreground --info --config \"$2\"",
                "pcscd", run.toString(), config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(directory.resolve("pcscd.log").toFile());
        pcscd = builder.start();
        this.port = port;
    }

    @AfterEach
    void stopPcscd() throws Exception {
        if (pcscd != null) {
            pcscd.destroy();
            if (!pcscd.waitFor(10, TimeUnit.SECONDS)) {
                pcscd.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void openScListsTheCertificatesAndSignsWithBothKeys() throws Exception {
        VpcdBridge bridge = listAndSign();
        assertTrue(bridge.apdus() > 10, "APDUs the card answered: " + bridge.apdus());
    }

    /**
     * The same over T=0, the protocol QEMU's CCID reader offers a guest by default: OpenSC is told to use it
     * for this card's ATR, so case 4 commands come without Le and their answers through GET RESPONSE.
     */
    @Test
    void openScDoesTheSameOverT0() throws Exception {
        String atr = HexFormat.ofDelimiter(":").formatHex(SoftwareCard.create("x",
                List.of(TestCredentials.credential(EC))).atr());
        Path config = directory.resolve("opensc.conf");
        Files.writeString(config, "app default {\n  card_atr " + atr + " {\n    force_protocol = t0;\n  }\n}\n");
        clientEnvironment.put("OPENSC_CONF", config.toString());
        VpcdBridge bridge = listAndSign();
        assertTrue(bridge.bareMoreDataAnswers() > 0, "no command was answered as under T=0");
    }

    /** Lists the card's objects and signs with its RSA and EC keys; returns the closed bridge. */
    private VpcdBridge listAndSign() throws Exception {
        SoftwareCard card = SoftwareCard.create("Saffron software card",
                List.of(TestCredentials.credential(RSA), TestCredentials.credential(EC)));
        Files.writeString(directory.resolve("rsa.crt"), RSA.certificatePem());
        Files.writeString(directory.resolve("ec.crt"), EC.certificatePem());
        Path message = directory.resolve("message");
        Files.writeString(message, "signed by a software PIV card through OpenSC\n");
        try (VpcdBridge bridge = VpcdBridge.connect(card, port, Duration.ofSeconds(20))) {
            bridge.awaitAtrRead(Duration.ofSeconds(20));
            awaitCardPresent(Duration.ofSeconds(20));
            String objects = pkcs11Tool(Duration.ofSeconds(30), "--list-objects");
            assertTrue(objects.contains("CN=OpenSC RSA user"), objects);
            assertTrue(objects.contains("CN=OpenSC EC signer"), objects);
            assertTrue(objects.contains("Certificate for PIV Authentication"), objects);
            assertTrue(objects.contains("Certificate for Digital Signature"), objects);

            Path rsaSignature = directory.resolve("rsa.sig");
            pkcs11Tool(Duration.ofSeconds(30), "--login", "--pin", SoftwareCard.DEFAULT_PIN, "--sign",
                    "--id", "01", "--mechanism", "SHA256-RSA-PKCS", "--input-file", message.toString(),
                    "--output-file", rsaSignature.toString());
            assertEquals(256, Files.size(rsaSignature));
            assertTrue(openSslVerifies("rsa", message, rsaSignature));

            Path ecSignature = directory.resolve("ec.sig");
            pkcs11Tool(Duration.ofSeconds(30), "--login", "--pin", SoftwareCard.DEFAULT_PIN, "--sign",
                    "--id", "02", "--mechanism", "ECDSA-SHA256", "--signature-format", "openssl",
                    "--input-file", message.toString(), "--output-file", ecSignature.toString());
            assertTrue(openSslVerifies("ec", message, ecSignature));
            return bridge;
        }
    }

    /**
     * Waits until PC/SC clients see the card: pcscd reads the ATR while it powers the card, and only marks the
     * reader's card present after that, so a client right after the ATR can still find the reader empty.
     */
    private void awaitCardPresent(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String readers;
        do {
            readers = run(List.of("opensc-tool", "--list-readers"), Duration.ofSeconds(10));
            if (readers.lines().anyMatch(line -> line.matches("0\\s+Yes\\s.*"))) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("reader 0 shows no card after " + timeout + ":\n" + readers);
    }

    private String pkcs11Tool(Duration timeout, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", OPENSC_PKCS11.toString()));
        command.addAll(List.of(arguments));
        return run(command, timeout);
    }

    private boolean openSslVerifies(String name, Path message, Path signature) throws Exception {
        Path publicKey = directory.resolve(name + ".pub");
        run(List.of("openssl", "x509", "-in", directory.resolve(name + ".crt").toString(), "-pubkey", "-noout",
                "-out", publicKey.toString()), Duration.ofSeconds(10));
        String verified = run(List.of("openssl", "dgst", "-sha256", "-verify", publicKey.toString(),
                "-signature", signature.toString(), message.toString()), Duration.ofSeconds(10));
        return verified.contains("Verified OK");
    }

    /** Runs a PC/SC client against the test's pcscd; OpenSC's file cache goes to the test's directory. */
    private String run(List<String> command, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.putAll(clientEnvironment);
        environment.put("PCSCLITE_CSOCK_NAME", socket.toString());
        environment.put("HOME", directory.toString());
        environment.put("XDG_CACHE_HOME", directory.resolve("cache").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), command + " hangs");
        assertEquals(0, process.exitValue(), command + " failed:\n" + output + "\npcscd log:\n" + pcscdLog());
        return output;
    }

    private String pcscdLog() throws IOException {
        return Files.readString(directory.resolve("pcscd.log"));
    }

    /** @return a port p with p and p + 1 free: vpcd opens a slot on each */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket first = new ServerSocket(0)) {
                port = first.getLocalPort();
            }
            if (port < 65535 && free(port + 1)) {
                return port;
            }
        }
        throw new IOException("no two consecutive free TCP ports");
    }

    private static boolean free(int port) {
        try {
            new ServerSocket(port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
