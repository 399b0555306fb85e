package dev.saffron.spice;

import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cursor channel against a real QEMU. Without a guest driver the QXL card stays in VGA mode and the guest
 * never defines a pointer, so what QEMU sends is its initial state and the resets of the machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CursorChannelIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Records cursor events as short strings. */
    private static final class Recorder implements SessionListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void channelNew(SpiceChannel channel) {
            if (channel instanceof CursorChannel typed) {
                typed.addListener(new CursorChannelListener() {
                    @Override
                    public void cursorSet(CursorChannel c, CursorShape shape) {
                        events.add("set " + shape);
                    }

                    @Override
                    public void cursorMove(CursorChannel c, int x, int y) {
                        events.add("move " + x + "," + y);
                    }

                    @Override
                    public void cursorHide(CursorChannel c) {
                        events.add("hide");
                    }

                    @Override
                    public void cursorReset(CursorChannel c) {
                        events.add("reset");
                    }
                });
            }
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            return event == null ? "(nothing)" : event;
        }
    }

    private static CursorChannel cursor(SpiceSession session) {
        return session.channels().stream().filter(c -> c instanceof CursorChannel).map(CursorChannel.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void theFirmwareScreenHasNoPointerAndAResetSaysSo() throws Exception {
        try (QemuServer server = QemuServer.start();
             SpiceSession session = new SpiceSession(SessionConfig.builder().host(server.host()).port(server.port())
                     .build())) {
            Recorder recorder = new Recorder();
            session.addListener(recorder);
            session.connect();
            session.awaitChannels(WAIT);
            CursorChannel cursor = cursor(session);
            assertTrue(cursor.isOpen());
            assertEquals(0, cursor.id(), "the cursor channel of display 0");

            // INIT: no shape, at the origin.
            assertEquals("move 0,0", recorder.next());
            assertEquals("hide", recorder.next());
            assertTrue(cursor.shape().isEmpty());
            assertFalse(cursor.isVisible());

            // A machine reset resets the QXL card, and with it the server's cursor state.
            server.qmp().execute("system_reset");
            assertEquals("reset", recorder.next());
            assertTrue(cursor.isOpen(), "the channel lives on after a reset");
        }
    }
}
