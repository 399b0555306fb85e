package dev.saffron.viewer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The viewer's log lines: what is written at which setting, and how a record reads. */
class ConsoleLoggerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicBoolean debug = new AtomicBoolean();
    private final System.Logger logger = new ConsoleLogger("dev.saffron.test", debug::get,
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String written() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return text;
    }

    @Test
    void warningsAndErrorsAreWrittenAndDebugRecordsOnlyWhenAskedFor() {
        logger.log(Level.INFO, "quiet");
        logger.log(Level.DEBUG, "quieter");
        logger.log(Level.WARNING, "loud");
        logger.log(Level.ERROR, "louder");
        assertEquals("saffron: WARNING: loud\nsaffron: ERROR: louder\n", written().replace(System.lineSeparator(), "\n"));
        assertFalse(logger.isLoggable(Level.DEBUG));

        debug.set(true);
        logger.log(Level.TRACE, "still quiet");
        logger.log(Level.DEBUG, "now heard");
        assertEquals("saffron: DEBUG: now heard\n", written().replace(System.lineSeparator(), "\n"));
        assertTrue(logger.isLoggable(Level.INFO));
        assertFalse(logger.isLoggable(Level.OFF));
    }

    @Test
    void parametersAreFilledInAndAMessageWithoutThemIsTakenAsItIs() {
        logger.log(Level.WARNING, "{0}: server says: {1}", "main-0", "it''s fine");
        logger.log(Level.WARNING, "can't read '{0}' as a number");
        assertEquals("saffron: WARNING: main-0: server says: it''s fine\n"
                + "saffron: WARNING: can't read '{0}' as a number\n", written().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aThrowablesStackTraceFollowsItsLine() {
        logger.log(Level.ERROR, "the window failed", new IOException("no display"));
        String[] lines = written().split("\\R");
        assertEquals("saffron: ERROR: the window failed", lines[0]);
        assertEquals("java.io.IOException: no display", lines[1]);
        assertTrue(lines[2].trim().startsWith("at dev.saffron.viewer.ConsoleLoggerTest."), lines[2]);
    }

    @Test
    void onlySaffronsLoggersFollowTheDebugSetting() {
        ConsoleLoggerFinder finder = new ConsoleLoggerFinder();
        try {
            ConsoleLoggerFinder.debug(true);
            assertTrue(finder.getLogger("dev.saffron.spice.SpiceSession", Object.class.getModule())
                    .isLoggable(Level.DEBUG));
            assertFalse(finder.getLogger("sun.net.www.protocol.http.HttpURLConnection", Object.class.getModule())
                    .isLoggable(Level.DEBUG));
        } finally {
            ConsoleLoggerFinder.debug(false);
        }
        assertFalse(finder.getLogger("dev.saffron.spice.SpiceSession", Object.class.getModule())
                .isLoggable(Level.DEBUG));
    }
}
