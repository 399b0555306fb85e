package dev.saffron.gl;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MonitorOptionsTest {
    @Test
    void acceptsUpToSixteenWindowsAndAOneToOneMapping() {
        assertEquals(16, new MonitorOptions(16, Map.of()).windows());
        assertEquals(Map.of(0, 1, 1, 0), new MonitorOptions(2, Map.of(0, 1, 1, 0)).fullScreenMonitors());
    }

    @Test
    void refusesWhatTheAgentCannotCarryOrAMonitorTakenTwice() {
        assertThrows(IllegalArgumentException.class, () -> new MonitorOptions(-1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new MonitorOptions(17, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new MonitorOptions(0, Map.of(16, 0)));
        assertThrows(IllegalArgumentException.class, () -> new MonitorOptions(0, Map.of(0, -1)));
        assertThrows(IllegalArgumentException.class, () -> new MonitorOptions(0, Map.of(0, 1, 1, 1)));
    }
}
