package dev.saffron.spice;

import dev.saffron.spice.MigrationPeers.PortText;
import dev.saffron.spice.MigrationPeers.SessionEvents;
import dev.saffron.spice.testing.PpmImage;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import dev.saffron.spice.testing.ReferenceClient;
import dev.saffron.spice.testing.TextScreens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live migration between two QEMUs on loopback with the same machine, the destination started with
 * {@code -incoming}; the source is told where its SPICE clients go ({@code client_migrate_info}) and migrates.
 * The session must follow with the same channel objects: QEMU's monitor spoken through a SPICE port answers
 * from the destination afterwards (the human monitor: {@link QemuOptions.PortMonitor#HMP} says why not QMP), and
 * the picture equals spicy-screenshot's of the destination (after a seamless migration, up to the text cursor's
 * cell).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MigrationIT {
    private static final String MONITOR = QemuOptions.SpicePort.HMP_MONITOR_NAME;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static QemuOptions options(boolean seamless) {
        return QemuOptions.builder().hmpSpicePort(MONITOR).seamlessMigration(seamless).build();
    }

    private static QemuServer destination(QemuOptions options, int incomingPort) throws Exception {
        return QemuServer.start(options.toBuilder()
                .extraArguments("-incoming", "tcp:127.0.0.1:" + incomingPort).build());
    }

    private static <T extends SpiceChannel> T channel(SpiceSession session, Class<T> type) {
        return session.channels().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    @Test
    void aSemiSeamlessMigrationTakesTheSessionToTheDestination() throws Exception {
        theSessionFollowsTheMachineToTheDestination(false);
    }

    @Test
    void aSeamlessMigrationTakesTheSessionToTheDestination() throws Exception {
        theSessionFollowsTheMachineToTheDestination(true);
    }

    private void theSessionFollowsTheMachineToTheDestination(boolean seamless) throws Exception {
        QemuOptions options = options(seamless);
        int incoming = MigrationPeers.freePort();
        try (QemuServer source = QemuServer.start(options); QemuServer destination = destination(options, incoming)) {
            // The firmware's screen, paused: the picture cannot change during the migration.
            ReferenceClient.pauseOnAgreedScreen(source, WAIT);
            PortText text = new PortText();
            SessionEvents events = new SessionEvents(text);
            int[] ours;
            int width;
            AtomicInteger destinationDraws = new AtomicInteger();
            try (SpiceSession session = new SpiceSession(SessionConfig.builder().host(source.host())
                    .port(source.port()).build())) {
                session.addListener(events);
                session.connect();
                session.awaitChannels(WAIT);
                MainChannel main = session.mainChannel().orElseThrow();
                PortChannel port = session.portChannel(MONITOR).orElseThrow();
                DisplayChannel display = channel(session, DisplayChannel.class);
                display.awaitFrame(Duration.ofMillis(500), WAIT);
                MigrationPeers.assertHumanMonitorAnswersFrom(port, text, source);
                List<SpiceChannel> before = session.channels();

                // As libvirt does: the clients are linked to the destination before the machine moves, else
                // spice-server, finding them unlinked at the end, switches them to the destination afresh.
                MigrationPeers.clientMigrateInfo(source, destination.port());
                events.awaitState(MigrationState.MIGRATING, 1, WAIT);
                MigrationPeers.migrate(source, incoming);
                assertEquals("completed", MigrationPeers.awaitMigration(source, WAIT, "completed", "failed",
                        "cancelled"));
                events.awaitState(MigrationState.NORMAL, 1, WAIT);
                assertEquals(seamless
                        ? List.of(MigrationState.CONNECTING, MigrationState.MIGRATING, MigrationState.NORMAL)
                        : List.of(MigrationState.CONNECTING, MigrationState.MIGRATING, MigrationState.SWITCHING,
                        MigrationState.NORMAL), events.states);
                assertEquals(destination.port(), session.config().port().getAsInt());

                assertSame(main, session.mainChannel().orElseThrow());
                assertSame(port, session.portChannel(MONITOR).orElseThrow());
                assertSame(display, channel(session, DisplayChannel.class));
                // Every channel came along, the inputs and cursor too, and is connected to the destination.
                assertEquals(before, session.channels());
                for (SpiceChannel each : before) {
                    assertTrue(each.isOpen(), each.name() + " is not open after the migration");
                }
                MigrationPeers.assertHumanMonitorAnswersFrom(port, text, destination);
                // The machine arrives paused, as it left; SPICE hears of its screen only while it runs.
                display.addListener(new DisplayChannelListener() {
                    @Override
                    public void invalidate(DisplayChannel channel, int x, int y, int w, int h) {
                        destinationDraws.incrementAndGet();
                    }
                });
                destination.qmp().cont();
                Thread.sleep(2000);
                destination.qmp().stop();
                DisplaySurface frame = display.awaitFrame(Duration.ofMillis(1000), WAIT);
                ours = frame.toArgb();
                width = frame.width();
                assertEquals(0, display.decodeErrors());
                assertEquals(0, display.drawErrors());
                session.disconnect();
                assertTrue(session.awaitClosed(WAIT));
            }
            PpmImage reference = ReferenceClient.screenshot(destination);
            assertEquals(reference.width(), width);
            if (seamless) {
                // The client keeps its picture through a seamless migration and the destination repaints only
                // what its VGA sees change. In about one run of thirty the text cursor's cell stayed as the
                // source last showed it (README, Reconnect and migration: "seamless migration and the text
                // cursor"): the rest must be the destination's, pixel for pixel.
                TextScreens.assertSameUpToTheCursor(reference, PpmImage.of(width, ours.length / width, ours));
                assertTrue(destinationDraws.get() > 0, "the destination's draws reached the session");
            } else {
                assertEquals(0, reference.differingPixels(ours, width), () -> "pixels differing from "
                        + "spicy-screenshot, " + reference.firstDifference(ours, width));
            }
        }
    }

    @Test
    void aCancelledMigrationLeavesTheSessionOnTheSource() throws Exception {
        QemuOptions options = options(false);
        int incoming = MigrationPeers.freePort();
        try (QemuServer source = QemuServer.start(options); QemuServer destination = destination(options, incoming);
             SpiceSession session = new SpiceSession(SessionConfig.builder().host(source.host())
                     .port(source.port()).build())) {
            PortText text = new PortText();
            SessionEvents events = new SessionEvents(text);
            session.addListener(events);
            session.connect();
            session.awaitChannels(WAIT);
            PortChannel port = session.portChannel(MONITOR).orElseThrow();
            DisplayChannel display = channel(session, DisplayChannel.class);
            MigrationPeers.assertHumanMonitorAnswersFrom(port, text, source);

            // A trickle of bandwidth keeps the migration running until it is cancelled.
            source.qmp().execute("migrate-set-parameters", "{\"max-bandwidth\": 4096}");
            MigrationPeers.clientMigrateInfo(source, destination.port());
            events.awaitState(MigrationState.MIGRATING, 1, WAIT);
            MigrationPeers.migrate(source, incoming);
            source.qmp().execute("migrate_cancel");
            assertEquals("cancelled", MigrationPeers.awaitMigration(source, WAIT, "cancelled", "failed",
                    "completed"));
            events.awaitState(MigrationState.NORMAL, 1, WAIT);
            assertEquals(List.of(MigrationState.CONNECTING, MigrationState.MIGRATING, MigrationState.NORMAL),
                    events.states);
            assertSame(port, session.portChannel(MONITOR).orElseThrow());
            assertTrue(display.isOpen());
            assertEquals(source.port(), session.config().port().getAsInt());
            MigrationPeers.assertHumanMonitorAnswersFrom(port, text, source);
        }
    }

    @Test
    void aDestinationThatDoesNotAnswerEndsTheSessionWithATypedError() throws Exception {
        QemuOptions options = options(false);
        int incoming = MigrationPeers.freePort();
        int nobody = MigrationPeers.freePort();
        try (QemuServer source = QemuServer.start(options); QemuServer destination = destination(options, incoming);
             SpiceSession session = new SpiceSession(SessionConfig.builder().host(source.host())
                     .port(source.port()).connectTimeout(Duration.ofSeconds(3)).build())) {
            PortText text = new PortText();
            SessionEvents events = new SessionEvents(text);
            session.addListener(events);
            session.connect();
            session.awaitChannels(WAIT);
            PortChannel port = session.portChannel(MONITOR).orElseThrow();

            // The clients are sent where nobody listens: the session says so and stays on the source.
            MigrationPeers.clientMigrateInfo(source, nobody);
            events.awaitState(MigrationState.NORMAL, 1, WAIT);
            assertEquals(List.of(MigrationState.CONNECTING, MigrationState.NORMAL), events.states);
            MigrationPeers.assertHumanMonitorAnswersFrom(port, text, source);

            // The machine moves anyway; spice-server then switches the session to the same dead address.
            MigrationPeers.migrate(source, incoming);
            assertEquals("completed", MigrationPeers.awaitMigration(source, WAIT, "completed", "failed",
                    "cancelled"));
            MigrationPeers.awaitStatus(destination, "running", WAIT);
            assertTrue(session.awaitClosed(WAIT), "the session ended instead of hanging");
            assertEquals(SpiceError.CONNECT_FAILED, session.failure().orElseThrow().error());
            assertTrue(events.states.contains(MigrationState.SWITCHING), events.states.toString());
        }
    }
}
