package dev.saffron.nativebindings.memory;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.DisplayChannel;
import dev.saffron.spice.DisplaySurface;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.testing.FakeSpiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flood that took a screenshot to 7.6 GiB: 40 surfaces of 8192x8192 after the primary, each 20 bytes on
 * the wire. With the default budget one fits and the rest are refused; with mmap'd surface memory the one that
 * fits costs nothing until drawn into.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SurfaceFloodTest {
    private static final int MSG_MAIN_INIT = 103;
    private static final int MSG_CHANNELS_LIST = 104;
    private static final int MSG_SURFACE_CREATE = 314;
    private static final int MSG_DRAW_FILL = 302;
    private static final int ROP_PUT = 1 << 3;
    private static final int FLOOD = 40;

    /** @return mebibytes of the process's anonymous resident memory */
    private static long residentAnonymousMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new AssertionError("no RssAnon in /proc/self/status");
    }

    @Test
    void fortyHugeSurfacesAfterThePrimaryCostNeitherTheBudgetNorResidentMemory() throws Exception {
        try (FakeSpiceServer server = new FakeSpiceServer("", channel -> {
            if (channel.type() == ChannelType.MAIN.wireValue()) {
                channel.send(MSG_MAIN_INIT, new Bytes().u32(7).u32(1).u32(1).u32(1).u32(0).u32(0).u32(0).u32(0)
                        .bytes());
                channel.readMessageType();
                channel.send(MSG_CHANNELS_LIST, new Bytes().u32(1).u8(ChannelType.DISPLAY.wireValue()).u8(0).bytes());
                channel.holdUntilClientCloses();
                return;
            }
            channel.readMessageType();
            channel.send(MSG_SURFACE_CREATE, new Bytes().u32(0).u32(1024).u32(768).u32(32).u32(1).bytes());
            for (int id = 1; id <= FLOOD; id++) {
                channel.send(MSG_SURFACE_CREATE, new Bytes().u32(id).u32(8192).u32(8192).u32(32).u32(0).bytes());
            }
            channel.send(MSG_DRAW_FILL, new Bytes().u32(0).u32(0).u32(0).u32(1).u32(1).u8(0)
                    .u8(1).u32(0xFF0000).u16(ROP_PUT).u8(0).u32(0).u32(0).u32(0).bytes());
            channel.holdUntilClientCloses();
        }); SpiceSession session = new SpiceSession(SessionConfig.builder().host("127.0.0.1")
                .port(server.port()).build())) {
            long before = residentAnonymousMib();
            session.connect();
            session.awaitChannels(Duration.ofSeconds(10));
            DisplayChannel display = session.channels().stream().filter(c -> c instanceof DisplayChannel)
                    .map(DisplayChannel.class::cast).findFirst().orElseThrow();
            DisplaySurface primary = display.awaitFrame(Duration.ofMillis(300), Duration.ofSeconds(20));
            assertEquals(0xFFFF0000, primary.toArgb()[0]);
            assertEquals(FLOOD - 1, display.surfacesRefused(), "512 MiB takes the primary and one 256 MiB surface");
            assertTrue(display.surface(1).isPresent());
            long grown = residentAnonymousMib() - before;
            assertTrue(grown < 160, "a 256 MiB surface never drawn into made the process grow by " + grown + " MiB");
        }
    }
}
