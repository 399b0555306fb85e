package dev.saffron.gl.internal;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge across a dropped connection, with the listener calls a reconnecting session makes. */
class SessionBridgeReconnectTest {
    private final List<String> events = new ArrayList<>();
    private final SessionBridge bridge = new SessionBridge((SessionBridge.Window) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{SessionBridge.Window.class},
            (proxy, method, args) -> events.add(method.getName())), new DirtyRegion(), () -> { });
    private final SpiceException dropped = new SpiceException(SpiceError.IO, "connection reset");

    @Test
    void eachAttemptAndTheReturnReachTheWindowAndTheStateIsKnownAtOnce() {
        bridge.reconnecting(1, Duration.ZERO, dropped);
        assertTrue(bridge.reconnecting(), "known on the session's thread, before the window runs its tasks");
        bridge.reconnecting(2, Duration.ofMillis(500), dropped);
        bridge.reconnected(2);
        assertFalse(bridge.reconnecting());
        bridge.runPending();
        assertEquals(List.of("sessionReconnecting", "sessionReconnecting", "sessionReconnected"), events);
    }

    @Test
    void givingUpEndsTheSessionAsAnyEndDoes() {
        bridge.reconnecting(1, Duration.ZERO, dropped);
        SpiceException spent = new SpiceException(SpiceError.TICKET_SPENT, "the ticket was single use");
        bridge.reconnectGaveUp(spent);
        assertFalse(bridge.reconnecting());
        bridge.sessionClosed(spent);
        bridge.runPending();
        assertEquals(List.of("sessionReconnecting", "sessionEnded"), events);
    }
}
