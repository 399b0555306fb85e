package dev.saffron.viewer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cases remote-viewer's own tests accept and refuse, and the messages for the refused ones. */
class MonitorMappingTest {
    @Test
    void readsRemoteViewersValidMappingsCountedFromZero() throws UsageException {
        assertEquals(Map.of(0, 0), MonitorMapping.parse("1:1", "f"));
        assertEquals(Map.of(0, 0, 1, 1), MonitorMapping.parse("1:1;2:2", "f"));
        assertEquals(Map.of(0, 0, 1, 1, 2, 2), MonitorMapping.parse("1:1;2:2;3:3;", "f"));
        assertEquals(Map.of(0, 1, 1, 0, 2, 2, 3, 3), MonitorMapping.parse("1:2;2:1;3:3;4:4", "f"));
        assertEquals(Map.of(3, 0, 2, 1, 1, 2, 0, 3), MonitorMapping.parse("4:1;3:2;2:3;1:4", "f"));
        assertEquals(Map.of(0, 1, 1, 0), MonitorMapping.parse(" 1 : 2 ; 2:1 ", "f"), "GLib strips list items");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0:0", "-1:1", "1:-1", "-1:-1", "1:1;3:3", "1:1;1:2", "1:1;2:1", "1.111:1", "1:1.111",
            "", ";", ":1", "1:", ":", "11", "1:12:2", "1:a", "a:1", "a:a", "monitor mapping", "17:1", "1:99999999999"})
    void refusesWhatRemoteViewerRefuses(String value) {
        UsageException e = assertThrows(UsageException.class, () -> MonitorMapping.parse(value, "x.vv"));
        assertTrue(e.getMessage().startsWith("x.vv: monitor-mapping "), e.getMessage());
    }

    @Test
    void theMessageSaysWhatIsWrong() {
        assertEquals("x.vv: monitor-mapping leaves out guest display 2; the displays must be numbered from 1 without"
                + " gaps", assertThrows(UsageException.class, () -> MonitorMapping.parse("1:1;3:3", "x.vv"))
                .getMessage());
        assertEquals("x.vv: monitor-mapping item '1:a': the monitor must be a whole number from 1, not 'a'",
                assertThrows(UsageException.class, () -> MonitorMapping.parse("1:a", "x.vv")).getMessage());
        assertEquals("x.vv: monitor-mapping names display 2 or monitor 1 twice",
                assertThrows(UsageException.class, () -> MonitorMapping.parse("1:1;2:1", "x.vv")).getMessage());
    }
}
