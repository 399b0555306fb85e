package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.SmartcardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No pcscd: this JVM's {@code PCSCLITE_CSOCK_NAME} (set by the build) names a socket no daemon serves while this
 * class runs, in a JVM of its own (the build forks one per class).
 */
class NoPcscServiceTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void watchingSaysThatPcscdIsNotRunningAndWhatToInstall() {
        Path socket = Path.of(System.getenv("PCSCLITE_CSOCK_NAME"));
        assertFalse(Files.exists(socket), "a daemon's socket is left at " + socket);

        SmartcardException e = assertThrows(SmartcardException.class, () -> HostReaders.watch(new Ignore()));

        assertTrue(e.getMessage().startsWith("the PC/SC daemon is not running"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install pcscd"), e.getMessage());
        assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
    }

    static final class Ignore implements HostReaders.Listener {
        @Override
        public void readerAdded(dev.saffron.spice.SmartcardReader reader) {
        }

        @Override
        public void cardInserted(dev.saffron.spice.SmartcardReader reader, byte[] atr) {
        }

        @Override
        public void cardRemoved(dev.saffron.spice.SmartcardReader reader) {
        }

        @Override
        public void readerRemoved(dev.saffron.spice.SmartcardReader reader) {
        }
    }
}
