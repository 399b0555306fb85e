package dev.saffron.viewer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code saffron usb} and {@code --usb-disk} refusing what cannot work, in words, before any connection: the
 * guest-side behaviour is tested in saffron-usbredir's {@code UsbDiskGuestIT}.
 */
class UsbCommandTest {
    private record Outcome(int code, String err) {
    }

    private static Outcome run(String... words) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(List.of(words), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nothingToPlugInIsAUsageError() {
        Outcome outcome = run("usb", "spice://127.0.0.1:1");
        assertEquals(ExitCode.USAGE.code(), outcome.code());
        assertTrue(outcome.err().contains("nothing to plug in"), outcome.err());
    }

    @Test
    void optionsThatContradictEachOtherAreRefused() {
        assertTrue(run("usb", "spice://127.0.0.1:1", "--read-only", "--redirect=1-2").err()
                .contains("--read-only applies to --disk images"));
        assertTrue(run("usb", "spice://127.0.0.1:1", "--list", "--disk=x.img").err().contains("takes no"));
        Outcome disabled = run("usb", "spice://127.0.0.1:1", "--disk=x.img", "--spice-disable-usbredir");
        assertEquals(ExitCode.USAGE.code(), disabled.code());
        Outcome window = run("spice://127.0.0.1:1", "--usb-disk=x.img", "--spice-disable-usbredir");
        assertEquals(ExitCode.USAGE.code(), window.code());
        assertTrue(window.err().contains("--usb-disk and USB auto-redirection need USB redirection"), window.err());
    }

    @Test
    void aFilterThatDoesNotParseIsAUsageErrorThatSaysWhy() {
        Outcome outcome = run("spice://127.0.0.1:1", "--spice-usbredir-auto-redirect-filter=0x03,-1,-1,0");
        assertEquals(ExitCode.USAGE.code(), outcome.code());
        assertTrue(outcome.err().contains("does not have five values"), outcome.err());
    }

    @Test
    void aMissingImageFailsBeforeConnecting(@TempDir Path folder) {
        Outcome outcome = run("usb", "spice://127.0.0.1:1", "--disk=" + folder.resolve("none.img"));
        assertEquals(ExitCode.FAILED.code(), outcome.code());
        assertTrue(outcome.err().contains("does not exist"), outcome.err());
    }

    @Test
    void aHostDeviceSelectorThatNamesNoDeviceIsRefusedInWords() {
        Outcome outcome = run("usb", "spice://127.0.0.1:1", "--redirect=usbstick");
        assertEquals(ExitCode.USAGE.code(), outcome.code());
        assertTrue(outcome.err().contains("give VID:PID in hex"), outcome.err());
    }
}
