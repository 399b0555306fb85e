package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolTest {
    @TempDir
    Path directory;

    @Test
    void findsAnExecutableInALaterPathEntry() throws Exception {
        Path bin = Files.createDirectory(directory.resolve("bin"));
        Path program = Files.createFile(bin.resolve("spicy-screenshot"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String path = directory.resolve("missing") + File.pathSeparator + File.pathSeparator + bin;

        assertEquals(program.toAbsolutePath(), Tool.SPICY_SCREENSHOT.require(path));
    }

    @Test
    void ignoresFilesThatAreNotExecutable() throws Exception {
        Files.createFile(directory.resolve("Xvfb"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

        assertEquals(Optional.empty(), Tool.find("Xvfb", directory.toString()));
    }

    @Test
    void aMissingToolFailsNamingTheDebianPackage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tool.SPICY_SCREENSHOT.require(directory.toString()));

        assertTrue(e.getMessage().contains("spicy-screenshot"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install spice-client-gtk"), e.getMessage());
    }

    @Test
    void noPathMeansNotFound() {
        assertThrows(IllegalStateException.class, () -> Tool.QEMU.require(null));
    }

    @Test
    void aProgramWhosePackageIsNotInstalledIsNamedWithEveryMissingPackage() {
        assertEquals(List.of("libsasl2-modules"),
                Tool.SASLPASSWD2.missingPackages(name -> name.equals("sasl2-bin")));
        assertEquals(List.of(), Tool.SASLPASSWD2.missingPackages(name -> true));
    }
}
