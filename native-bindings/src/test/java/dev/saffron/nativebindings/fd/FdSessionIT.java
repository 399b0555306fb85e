package dev.saffron.nativebindings.fd;

import dev.saffron.spice.testing.DisplayFrames;
import dev.saffron.spice.ChannelType;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceChannel;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.QemuServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions over descriptors the test connects itself, with libc, as an application with an SSH tunnel
 * would: the main channel on {@link SpiceSession#openFd}, and every channel through the open-fd handler.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FdSessionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private QemuServer server;
    private Inet4Address address;

    @BeforeAll
    void start() throws Exception {
        server = QemuServer.start();
        address = (Inet4Address) InetAddress.getByName(server.host());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theMainChannelRunsOnTheGivenDescriptorAndTheOthersConnectThemselves() throws Exception {
        int fd = SysSocket.connectTcp(address, server.port());
        SessionConfig config = SessionConfig.builder().host(server.host()).port(server.port()).build();
        try (SpiceSession session = new SpiceSession(config)) {
            session.openFd(fd);
            List<SpiceChannel> channels = session.awaitChannels(WAIT);
            assertTrue(channels.stream().anyMatch(c -> c.type() == ChannelType.DISPLAY), channels.toString());
            assertTrue(session.name().isPresent() || session.uuid().isPresent() || channels.size() > 1,
                    "the main channel's INIT and channel list came over the descriptor");
            DisplayFrames.awaitFirst(session, WAIT);
        }
    }

    @Test
    void withClientSocketsEveryChannelAsksTheHandler() throws Exception {
        Set<ChannelType> asked = ConcurrentHashMap.newKeySet();
        SessionConfig config = SessionConfig.builder().host("unused.invalid").port(1).clientSockets(true).build();
        try (SpiceSession session = new SpiceSession(config)) {
            session.setOpenFdHandler(channel -> {
                asked.add(channel.type());
                return SysSocket.connectTcp(address, server.port());
            });
            session.connect();
            List<SpiceChannel> channels = session.awaitChannels(WAIT);
            Set<ChannelType> opened = channels.stream().map(SpiceChannel::type).collect(Collectors.toSet());
            assertTrue(opened.contains(ChannelType.DISPLAY), opened.toString());
            assertEquals(opened, asked, "each channel's socket came from the handler");
            DisplayFrames.awaitFirst(session, WAIT);
        }
    }

    @Test
    void clientSocketsWithoutAHandlerSaysWhatIsMissing() {
        SessionConfig config = SessionConfig.builder().host(server.host()).port(server.port())
                .clientSockets(true).build();
        SpiceException e = assertThrows(SpiceException.class, () -> {
            try (SpiceSession session = new SpiceSession(config)) {
                session.connect();
            }
        });
        assertEquals(SpiceError.FAILED, e.error());
        assertTrue(e.getMessage().contains("open-fd handler"), e.getMessage());
    }
}
