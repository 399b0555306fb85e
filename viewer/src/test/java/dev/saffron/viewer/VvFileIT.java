package dev.saffron.viewer;

import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.TestCertificates;
import dev.saffron.spice.testing.Tinyproxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Proxmox-style connection file end to end: {@code saffron info FILE.vv} reaches QEMU's TLS port through
 * tinyproxy, trusts the file's CA, checks its host subject, logs in with a short-lived password set over
 * QMP, and deletes the file; once the password expired the same file gets the auth exit code.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VvFileIT {
    private static final String SUBJECT = "OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve-test";

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path writeVv(Path file, QemuServer server, Tinyproxy proxy, TestCertificates.Issued ca,
                                String password) throws Exception {
        return Files.writeString(file, String.join("\n",
                "[virt-viewer]",
                "secure-attention=Ctrl+Alt+Ins",
                "tls-port=" + server.tlsPort().orElseThrow(),
                "delete-this-file=1",
                "proxy=" + proxy.uri(""),
                "type=spice",
                "title=VM 100 - saffron",
                "host=" + server.host(),
                "password=" + password,
                "release-cursor=Ctrl+Alt+R",
                "toggle-fullscreen=Shift+F11",
                "host-subject=" + SUBJECT,
                "ca=" + ca.certificatePem().replace("\n", "\\n"),
                "secure-channels=main;inputs;cursor;display",
                ""));
    }

    @Test
    void proxmoxStyleFileConnectsThroughTheProxyWithTlsAndAShortLivedPassword(@TempDir Path dir)
            throws Exception {
        TestCertificates.Issued ca = TestCertificates.authority("CN=Proxmox Virtual Environment,O=PVE test CA");
        Path pki = TestCertificates.writeQemuFiles(Files.createDirectory(dir.resolve("pki")), ca,
                TestCertificates.builder(SUBJECT).issuedBy(ca).build());
        try (QemuServer server = QemuServer.start(QemuOptions.builder().tls(pki).tlsChannel("default")
                .password("initial-ticket").build());
             Tinyproxy proxy = Tinyproxy.start(dir, Optional.empty(), List.of())) {
            String ticket = "pve:" + Long.toHexString(System.nanoTime());
            server.qmp().execute("set_password", "{\"protocol\": \"spice\", \"password\": \"" + ticket + "\"}");
            server.qmp().execute("expire_password", "{\"protocol\": \"spice\", \"time\": \"+60\"}");

            Path file = writeVv(dir.resolve("pve-spice.vv"), server, proxy, ca, ticket);
            Result ok = run("info", file.toString());
            assertEquals(0, ok.code, ok.err);
            assertTrue(ok.out.lines().anyMatch(l -> l.trim().startsWith("display-0") && l.contains("open;")),
                    ok.out);
            assertFalse(Files.exists(file), "delete-this-file=1");
            assertFalse(ok.err.contains(ticket) || ok.out.contains(ticket), "the password is never printed");
            assertTrue(proxy.log().contains(String.valueOf(server.tlsPort().orElseThrow())),
                    "the connection went through the proxy:\n" + proxy.log());

            server.qmp().execute("expire_password", "{\"protocol\": \"spice\", \"time\": \"now\"}");
            Result expired = null;
            // The run above showed the way through the proxy works. Under load tinyproxy has once answered the
            // next CONNECT with "500 Unable to connect" (exit 3), which says nothing of the password: try again.
            for (int attempt = 1; attempt <= 3 && (expired == null || expired.code == 3); attempt++) {
                Path again = writeVv(dir.resolve("again-" + attempt + ".vv"), server, proxy, ca, ticket);
                expired = run("info", again.toString());
            }
            assertEquals(4, expired.code, expired.err);
            assertFalse(expired.err.contains(ticket), expired.err);
        }
    }

    @Test
    void aMalformedFileIsAOneLineUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("broken.vv"), "[virt-viewer]\ntype=spice\nhost localhost\n");
        Result result = run("info", file.toString());
        assertEquals(2, result.code, result.err);
        assertEquals(1, result.err.lines().count(), result.err);
        assertTrue(result.err.contains("broken.vv: line 3"), result.err);
    }
}
