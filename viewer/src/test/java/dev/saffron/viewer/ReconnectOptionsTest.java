package dev.saffron.viewer;

import dev.saffron.spice.ReconnectPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectOptionsTest {
    private static ReconnectOptions parse(String... words) throws UsageException {
        ReconnectOptions options = new ReconnectOptions();
        Arguments args = new Arguments(List.of(words));
        while (args.hasNext()) {
            String word = args.next().orElseThrow();
            if (!options.accept(word, args)) {
                throw new AssertionError("not a reconnect option: " + word);
            }
        }
        return options;
    }

    @Test
    void aKioskReconnectsUnlessItIsToQuitOnDisconnectAsRemoteViewerDoes() throws Exception {
        assertEquals(ReconnectOptions.POLICY, parse().policy(true, false));
        assertEquals(ReconnectPolicy.never(), parse().policy(true, true));
        assertEquals(ReconnectPolicy.never(), parse().policy(false, false), "a plain window, as remote-viewer's");
    }

    @Test
    void theOptionsGivenWin() throws Exception {
        assertEquals(ReconnectOptions.POLICY, parse("--reconnect").policy(false, false));
        assertEquals(ReconnectPolicy.never(), parse("--no-reconnect").policy(true, false));
        // Quit once the session is lost for good: after reconnecting gave up.
        assertEquals(ReconnectOptions.POLICY, parse("--reconnect").policy(true, true));
        assertEquals(ReconnectPolicy.never(), parse("--reconnect", "--no-reconnect").policy(true, false),
                "the last one");
    }

    @Test
    void theWaitsStayShortSoThatAServerBackIsShownWithinASecondOrSo() {
        assertEquals(Duration.ofMillis(250), ReconnectOptions.POLICY.delayBefore(1));
        assertEquals(Duration.ofSeconds(1), ReconnectOptions.POLICY.delayBefore(10));
        assertTrue(ReconnectOptions.POLICY.allows(10_000, Duration.ofHours(12)), "a kiosk never gives up");
    }

    @Test
    void theConnectCommandNeedsACommand() throws Exception {
        assertTrue(parse("--connect-command=pvesh-ticket vm100").connectCommand().isPresent());
        assertTrue(parse().connectCommand().isEmpty());
        assertThrows(UsageException.class, () -> parse("--connect-command", " "));
        assertThrows(UsageException.class, () -> parse("--connect-command"));
    }
}
