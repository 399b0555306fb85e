package dev.saffron.spice;

import dev.saffron.spice.MigrationPeers.PortText;
import dev.saffron.spice.MigrationPeers.SessionEvents;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconnect against QEMU: the server is killed and started again on the same port; the session reconnects by
 * itself with the same channel objects, and prints how long after the new server listened the picture was
 * back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReconnectIT {
    private static final String QMP = QemuOptions.SpicePort.QMP_MONITOR_NAME;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aRestartedServerGetsTheSameChannelsBack() throws Exception {
        QemuOptions options = QemuOptions.builder().qmpSpicePort(QMP).build();
        QemuServer first = QemuServer.start(options);
        PortText text = new PortText();
        SessionEvents events = new SessionEvents(text);
        try (SpiceSession session = new SpiceSession(SessionConfig.builder().host(first.host()).port(first.port())
                .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(500))).build())) {
            session.addListener(events);
            session.connect();
            List<SpiceChannel> channels = session.awaitChannels(WAIT);
            PortChannel port = session.portChannel(QMP).orElseThrow();
            DisplayChannel display = channels.stream().filter(DisplayChannel.class::isInstance)
                    .map(DisplayChannel.class::cast).findFirst().orElseThrow();
            display.awaitFrame(Duration.ofMillis(300), WAIT);
            MigrationPeers.assertAnswersFrom(port, text, first);
            // The first draw on a primary surface created after the drop is the picture coming back.
            CompletableFuture<Long> pictureBack = new CompletableFuture<>();
            AtomicBoolean dropped = new AtomicBoolean();
            AtomicBoolean newPrimary = new AtomicBoolean();
            display.addListener(new DisplayChannelListener() {
                @Override
                public void primarySurfaceCreated(DisplayChannel channel, DisplaySurface surface) {
                    newPrimary.set(dropped.get());
                }

                @Override
                public void invalidate(DisplayChannel channel, int x, int y, int width, int height) {
                    if (newPrimary.get()) {
                        pictureBack.complete(System.nanoTime());
                    }
                }
            });
            dropped.set(true);

            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            events.awaitReconnect("reconnecting 1", WAIT);
            first.close();
            long starting = System.nanoTime();
            try (QemuServer second = QemuServer.start(options, first.port())) {
                // start() returns once the port accepts and QMP answers; the session may be back before that.
                long started = System.nanoTime();
                events.awaitReconnect("reconnected", WAIT);
                assertSame(port, session.portChannel(QMP).orElseThrow());
                long picture = pictureBack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                System.out.printf("reconnect: picture back %d ms after QEMU was started again (%d ms after "
                                + "its start returned, the port listening)%n",
                        TimeUnit.NANOSECONDS.toMillis(picture - starting),
                        TimeUnit.NANOSECONDS.toMillis(picture - started));
                assertEquals(channels, session.channels(), "the same channel objects, in the same order");
                // The restarted QEMU sometimes closes the port channel just after the session is back (CI logs
                // show "port-0 dropped" there), and the session then reconnects once more by itself.
                awaitOpen(port, WAIT);
                MigrationPeers.assertAnswersFrom(port, text, second);
                assertEquals(0, display.drawErrors());
            }
        } finally {
            first.close();
        }
    }

    private static void awaitOpen(SpiceChannel channel, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!channel.isOpen()) {
            assertTrue(System.nanoTime() - deadline < 0, channel.name() + " did not open again within " + timeout);
            Thread.sleep(5);
        }
    }

    @Test
    void theHookHandsOutTheRestartedServersNewTicket() throws Exception {
        QemuOptions firstOptions = QemuOptions.builder().password("ticket-one").build();
        QemuServer first = QemuServer.start(firstOptions);
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionEvents events = new SessionEvents(new PortText());
        try (SpiceSession session = new SpiceSession(SessionConfig.builder().host(first.host()).port(first.port())
                .password("ticket-one").singleUseTicket(true)
                .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(500))).build())) {
            session.setReconnectHook((previous, attempt) -> {
                asked.add("attempt " + attempt);
                return previous.toBuilder().password("ticket-two").build();
            });
            session.addListener(events);
            session.connect();
            List<SpiceChannel> channels = session.awaitChannels(WAIT);

            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            events.awaitReconnect("reconnecting 1", WAIT);
            first.close();
            try (QemuServer second = QemuServer.start(firstOptions.toBuilder().password("ticket-two").build(),
                    first.port())) {
                events.awaitReconnect("reconnected", WAIT);
                assertEquals("ticket-two", session.config().password().orElseThrow());
                assertTrue(asked.contains("attempt 1"), asked.toString());
                assertEquals(channels, session.awaitChannels(WAIT), "the same channel objects");
                assertTrue(second.qmp().execute("query-spice").contains("\"channel-type\": 2"),
                        "the display linked to the restarted server");
            }
        } finally {
            first.close();
        }
    }
}
