package dev.saffron.viewer;

import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code saffron screenshot} against a loopback fake server that misbehaves on purpose. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScreenshotCommandTest {
    @Test
    void aMainConnectionCutBeforeTheChannelListSaysSoRatherThanThatThereIsNoDisplay(@TempDir Path dir)
            throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            channel.sendMainInit(42);
            channel.close();
        })) {
            Path shot = dir.resolve("shot.png");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(List.of("screenshot", "spice://127.0.0.1:" + server.port(), shot.toString()),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String said = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, said);
            assertTrue(said.contains("main-0: connection lost: the server closed the connection"), said);
            assertFalse(said.contains("offers no display"), said);
            assertFalse(said.contains("Exception"), "no Java class names: " + said);
            assertFalse(Files.exists(shot));
        }
    }
}
