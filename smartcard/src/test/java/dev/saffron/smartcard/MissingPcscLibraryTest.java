package dev.saffron.smartcard;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.SmartcardException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No PC/SC library where the JDK is told to look. The JDK reads the library's property once, when its PC/SC
 * provider first loads: this class relies on a JVM of its own (the build forks one per class) in which nothing
 * loaded it before.
 */
class MissingPcscLibraryTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void watchingSaysWhichLibraryToInstall(@TempDir Path directory) {
        String absent = directory.resolve("libpcsclite.so.1").toString();
        System.setProperty("sun.security.smartcardio.library", absent);

        SmartcardException e = assertThrows(SmartcardException.class,
                () -> HostReaders.watch(new NoPcscServiceTest.Ignore()));

        assertTrue(e.getMessage().startsWith("the PC/SC library could not be loaded from " + absent), e.getMessage());
        assertTrue(e.getMessage().contains("install libpcsclite1"), e.getMessage());
    }
}
