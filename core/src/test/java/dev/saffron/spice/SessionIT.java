package dev.saffron.spice;

import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session against a real QEMU SPICE server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SessionIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static SessionConfig configFor(QemuServer server) {
        SessionConfig.Builder builder = SessionConfig.builder().host(server.host()).port(server.port());
        server.password().ifPresent(builder::password);
        return builder.build();
    }

    /** The (type, id) pairs of the SPICE connections QEMU currently has, from QMP query-spice. */
    private static Set<String> connectedChannels(QemuServer server) throws Exception {
        String spice = server.qmp().execute("query-spice");
        Matcher m = Pattern.compile("\"channel-type\":\\s*(\\d+),\\s*\"[^}]*?\"channel-id\":\\s*(\\d+)|"
                + "\"channel-id\":\\s*(\\d+)[^}]*?\"channel-type\":\\s*(\\d+)").matcher(spice);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) != null ? m.group(1) + ":" + m.group(2) : m.group(4) + ":" + m.group(3));
        }
        return Set.copyOf(found);
    }

    /** How each channel ended, and the first display frame: one listener for every channel type. */
    private record EndsAndFrames(java.util.Map<String, ChannelEvent> ends,
                                 java.util.concurrent.CountDownLatch framed) implements MainChannelListener,
            DisplayChannelListener, InputsChannelListener, CursorChannelListener, PortChannelListener {
        @Override
        public void channelEvent(SpiceChannel channel, ChannelEvent event, SpiceException error) {
            if (event.isTerminal()) {
                ends.put(channel.name(), event);
            }
        }

        @Override
        public void mark(DisplayChannel display, boolean marked) {
            framed.countDown();
        }
    }

    @Test
    void channelListNameAndUuidComeFromTheServer() throws Exception {
        UUID uuid = UUID.fromString("5af0f0f0-1234-4abc-8def-0123456789ab");
        QemuOptions options = QemuOptions.builder()
                .audio(true).usbRedirectionSlots(2).smartcard(true)
                .qmpSpicePort(QemuOptions.SpicePort.QMP_MONITOR_NAME)
                .extraArguments("-name", "saffron-it", "-uuid", uuid.toString())
                .build();
        try (QemuServer server = QemuServer.start(options);
             SpiceSession session = new SpiceSession(configFor(server))) {
            session.connect();
            session.awaitChannels(WAIT);
            assertEquals("saffron-it", session.name().orElseThrow());
            assertEquals(uuid, session.uuid().orElseThrow());

            // What QEMU was configured with: one qxl display (with its cursor), inputs, audio both ways,
            // two usbredir slots, a smartcard reader and one port.
            Set<String> announced = session.mainChannel().orElseThrow().serverChannels().stream()
                    .map(AnnouncedChannel::toString).collect(Collectors.toSet());
            assertEquals(Set.of("display-0", "cursor-0", "inputs-0", "playback-0", "record-0",
                    "usbredir-0", "usbredir-1", "smartcard-0", "port-0"), announced);

            // What QEMU sees connected is exactly what Saffron opened: main, display, cursor, inputs, playback,
            // record, both usbredir slots and the port (smartcards only when asked for), each with the id the
            // server gave.
            Set<String> opened = session.channels().stream()
                    .map(c -> c.type().wireValue() + ":" + c.id()).collect(Collectors.toSet());
            assertEquals(Set.of("1:0", "2:0", "3:0", "4:0", "5:0", "6:0", "9:0", "9:1", "10:0"), opened);
            assertEquals(opened, connectedChannels(server));
            assertTrue(session.hasChannelType(ChannelType.PORT));
            assertTrue(session.hasChannelType(ChannelType.DISPLAY));
            assertTrue(session.hasChannelType(ChannelType.INPUTS));
            assertTrue(session.hasChannelType(ChannelType.PLAYBACK));
            assertFalse(session.hasChannelType(ChannelType.SMARTCARD));
        }
    }

    @Test
    void aSessionLinkingTheDisplayAloneOpensNoOtherChannel() throws Exception {
        QemuOptions options = QemuOptions.builder().audio(true)
                .hmpSpicePort(QemuOptions.SpicePort.HMP_MONITOR_NAME).build();
        try (QemuServer server = QemuServer.start(options);
             SpiceSession session = new SpiceSession(configFor(server).toBuilder()
                     .linkedChannels(EnumSet.of(ChannelType.DISPLAY)).build())) {
            session.connect();
            session.awaitChannels(WAIT);
            Set<String> announced = session.mainChannel().orElseThrow().serverChannels().stream()
                    .map(AnnouncedChannel::toString).collect(Collectors.toSet());
            assertTrue(announced.containsAll(Set.of("display-0", "cursor-0", "inputs-0", "playback-0", "port-0")),
                    announced.toString());
            Set<String> opened = session.channels().stream()
                    .map(c -> c.type().wireValue() + ":" + c.id()).collect(Collectors.toSet());
            assertEquals(Set.of("1:0", "2:0"), opened);
            assertEquals(opened, connectedChannels(server));
        }
    }

    @Test
    void mouseModeRequestIsHonoured() throws Exception {
        // QEMU offers client mode when its active pointer is absolute. The firmware never polls a USB tablet,
        // so the PS/2 controller goes: then the tablet is the only pointer, and absolute from the start.
        QemuOptions options = QemuOptions.builder().extraArguments("-machine", "i8042=off",
                "-device", "piix3-usb-uhci", "-device", "usb-tablet").build();
        try (QemuServer server = QemuServer.start(options);
             SpiceSession session = new SpiceSession(configFor(server))) {
            BlockingQueue<MouseMode> modes = new LinkedBlockingQueue<>();
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    if (channel instanceof MainChannel typed) {
                        typed.addListener(new MainChannelListener() {
                            @Override
                            public void mouseModeChanged(MainChannel main, Set<MouseMode> supported,
                                    MouseMode current) {
                                modes.add(current);
                            }
                        });
                    }
                }
            });
            session.connect();
            MainChannel main = session.mainChannel().orElseThrow();
            assertEquals(Set.of(MouseMode.SERVER, MouseMode.CLIENT), main.supportedMouseModes(),
                    "a USB tablet lets the server offer client mode");
            // As spice-gtk, the client asks for client mode by itself as soon as the server offers it.
            MouseMode mode = modes.poll(10, TimeUnit.SECONDS);
            while (mode == MouseMode.SERVER) {
                mode = modes.poll(10, TimeUnit.SECONDS);
            }
            assertEquals(MouseMode.CLIENT, mode);
            assertEquals(MouseMode.CLIENT, main.mouseMode());
            main.requestMouseMode(MouseMode.SERVER).get(10, TimeUnit.SECONDS);
            assertEquals(MouseMode.SERVER, modes.poll(10, TimeUnit.SECONDS));
            assertEquals(MouseMode.SERVER, main.mouseMode());
            assertTrue(server.qmp().execute("query-spice").contains("\"mouse-mode\": \"server"), "QEMU agrees");
        }
    }

    @Test
    void passwordIsRequiredAndChecked() throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder().password("s3cret-pw").build())) {
            SessionConfig right = configFor(server);

            server.qmp().clearEvents();
            SpiceSession wrong = new SpiceSession(right.toBuilder().password("nope").build());
            SpiceException wrongError = assertThrows(SpiceException.class, wrong::connect);
            assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, wrongError.error());
            assertFalse(wrongError.getMessage().contains("nope"));
            assertTrue(wrong.awaitClosed(WAIT));
            assertNotNull(server.qmp().awaitEvent("SPICE_CONNECTED", WAIT));
            Thread.sleep(1000);
            assertThrows(Exception.class, () -> server.qmp().awaitEvent("SPICE_CONNECTED", Duration.ofMillis(500)),
                    "a failed password is not retried");

            SpiceSession missing = new SpiceSession(right.toBuilder().password(null).build());
            SpiceException missingError = assertThrows(SpiceException.class, missing::connect);
            assertEquals(SpiceError.AUTH_NEEDS_PASSWORD, missingError.error());
            assertTrue(missingError.getMessage().contains("requires a password"), missingError.getMessage());

            try (SpiceSession session = new SpiceSession(right)) {
                session.connect();
                assertTrue(session.mainChannel().orElseThrow().isOpen());
            }
        }
    }

    @Test
    void disconnectClosesEveryChannelAndTheServerSeesIt() throws Exception {
        try (QemuServer server = QemuServer.start(QemuOptions.builder()
                .qmpSpicePort(QemuOptions.SpicePort.QMP_MONITOR_NAME).build())) {
            SpiceSession session = new SpiceSession(configFor(server));
            List<String> destroyed = new java.util.concurrent.CopyOnWriteArrayList<>();
            BlockingQueue<String> closed = new LinkedBlockingQueue<>();
            java.util.concurrent.CountDownLatch framed = new java.util.concurrent.CountDownLatch(1);
            java.util.Map<String, ChannelEvent> ends = new java.util.concurrent.ConcurrentHashMap<>();
            EndsAndFrames listener = new EndsAndFrames(ends, framed);
            session.addListener(new SessionListener() {
                @Override
                public void channelNew(SpiceChannel channel) {
                    switch (channel) {
                        case DisplayChannel typed -> typed.addListener(listener);
                        case MainChannel typed -> typed.addListener(listener);
                        case InputsChannel typed -> typed.addListener(listener);
                        case CursorChannel typed -> typed.addListener(listener);
                        case PortChannel typed -> typed.addListener(listener);
                        default -> {
                        }
                    }
                }

                @Override
                public void channelDestroy(SpiceChannel channel) {
                    destroyed.add(channel.name());
                }

                @Override
                public void sessionClosed(SpiceException error) {
                    closed.add(error == null ? "clean" : error.getMessage());
                }
            });
            session.connect();
            session.awaitChannels(WAIT);
            assertEquals(Set.of("1:0", "2:0", "3:0", "4:0", "10:0"), connectedChannels(server));
            // spice-server's display worker can crash (a NULL dereference) when a client leaves within
            // moments of linking the display; a first frame means it is past that point.
            assertTrue(framed.await(20, TimeUnit.SECONDS), "a frame came through the display channel");
            session.disconnect();
            assertEquals("clean", closed.poll(20, TimeUnit.SECONDS));
            assertEquals(Set.of("main-0", "display-0", "inputs-0", "cursor-0", "port-0"), Set.copyOf(destroyed));
            // Each ended because this side closed it: none saw the server close it first (spice-server ends the
            // other channels when the main connection closes).
            assertEquals(java.util.Map.of("main-0", ChannelEvent.CLOSED, "display-0", ChannelEvent.CLOSED,
                    "inputs-0", ChannelEvent.CLOSED, "cursor-0", ChannelEvent.CLOSED, "port-0", ChannelEvent.CLOSED),
                    ends);
            assertTrue(session.channels().isEmpty());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!connectedChannels(server).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(Set.of(), connectedChannels(server));
        }
    }

    @Test
    void multimediaTimeRunsWithTheServerClock() throws Exception {
        try (QemuServer server = QemuServer.start();
             SpiceSession session = new SpiceSession(configFor(server))) {
            session.connect();
            long first = session.mmTime();
            Thread.sleep(200);
            long later = session.mmTime();
            assertTrue(later - first >= 150 && later - first < 5000, first + " then " + later);
        }
    }
}
