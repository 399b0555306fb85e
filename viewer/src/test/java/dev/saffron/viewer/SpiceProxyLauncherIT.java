package dev.saffron.viewer;

import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.Tinyproxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher tunnels through the proxy that {@code SPICE_PROXY} names, as spice-gtk's clients do. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpiceProxyLauncherIT {
    @Test
    void spiceProxyInTheEnvironmentCarriesEveryChannel(@TempDir Path dir) throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("saffron");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
        try (QemuServer server = QemuServer.start();
             Tinyproxy proxy = Tinyproxy.start(dir, Optional.of(new String[] {"carol", "env-pw"}), List.of())) {
            ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "info",
                    "spice://" + server.host() + ":" + server.port());
            builder.environment().put("SAFFRON_NO_BUILD", "1");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("SPICE_PROXY", proxy.uri("carol:env-pw"));
            Process process = builder.redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("display-0"), output);
            assertTrue(proxy.log().contains(server.host() + ":" + server.port())
                    || proxy.log().contains(String.valueOf(server.port())), "tunnelled:\n" + proxy.log());

            builder.environment().put("SPICE_PROXY", proxy.uri("carol:wrong"));
            Process refused = builder.start();
            refused.getOutputStream().close();
            String error = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
            assertEquals(4, refused.exitValue(), error);
            assertTrue(error.contains("proxy") && !error.contains("wrong"), error);
        }
    }
}
