package dev.saffron.gl.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FullScreenPlacementTest {
    @Test
    void withoutAMappingEachDisplayTakesTheHostMonitorOfItsNumber() {
        FullScreenPlacement placement = FullScreenPlacement.of(Map.of(), 2);
        assertEquals(OptionalInt.of(0), placement.hostMonitor(0));
        assertEquals(OptionalInt.of(1), placement.hostMonitor(1));
        assertEquals(OptionalInt.empty(), placement.hostMonitor(2), "no third host monitor: stays a window");
    }

    @Test
    void aMappingPlacesTheDisplaysItNamesAndLeavesTheOthersInWindows() {
        FullScreenPlacement placement = FullScreenPlacement.of(Map.of(0, 2, 1, 0), 3);
        assertEquals(OptionalInt.of(2), placement.hostMonitor(0));
        assertEquals(OptionalInt.of(0), placement.hostMonitor(1));
        assertEquals(OptionalInt.empty(), placement.hostMonitor(2));
    }

    @Test
    void aMappingBeyondTheHostsMonitorsIsIgnoredAsAWhole() {
        FullScreenPlacement placement = FullScreenPlacement.of(Map.of(0, 1, 1, 0), 1);
        assertEquals(OptionalInt.of(0), placement.hostMonitor(0), "the default again");
        assertEquals(OptionalInt.empty(), placement.hostMonitor(1));
    }
}
