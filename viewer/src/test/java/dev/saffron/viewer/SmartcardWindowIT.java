package dev.saffron.viewer;

import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.NssTestDatabase;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.TestCertificates;
import dev.saffron.spice.testing.TestFiles;
import dev.saffron.spice.testing.Tool;
import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer window with a software smartcard, as remote-viewer users get one: {@code --spice-smartcard} with
 * {@code --spice-smartcard-certificates} naming a certificate of an NSS database ({@code --spice-smartcard-db}).
 * The real guest's OpenSC lists the card's certificate; the remove hotkey (Shift+F9) takes the card out of
 * the guest's reader and the insert hotkey (Shift+F8) puts it back, pressed in the window as a user would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmartcardWindowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PKCS11 = "pkcs11-tool --module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";
    private static final String TITLE = "saffron-smartcard";
    private static final String SUBJECT = "Saffron window card user";

    private Path temp;
    private GuestVm guest;
    private XvfbServer x;
    private ViewerProcess viewer;
    private String window;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void start() throws Exception {
        temp = Files.createTempDirectory("saffron-smartcard-window-");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        NssTestDatabase database = NssTestDatabase.create(Files.createDirectory(temp.resolve("nssdb")));
        database.add("saffron-auth", TestCertificates.builder("CN=" + SUBJECT).keys(rsa.generateKeyPair())
                .issuedBy(TestCertificates.authority("CN=Saffron window test CA")).build());
        guest = GuestVm.start(QemuOptions.builder().smartcard(true).build());
        x = XvfbServer.start(1024, 768, temp);
        viewer = ViewerProcess.start(temp, x, Map.of(), "spice://" + guest.server().host() + ":"
                        + guest.server().port(), "-t", TITLE, "--spice-smartcard",
                "--spice-smartcard-certificates", "saffron-auth", "--spice-smartcard-db",
                database.directory().toString());
        window = x.awaitWindow("^" + TITLE, WAIT);
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stop() throws Exception {
        try {
            if (viewer != null) {
                viewer.close();
            }
            if (x != null) {
                x.close();
            }
        } finally {
            if (guest != null) {
                guest.close();
            }
            TestFiles.deleteRecursively(temp);
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theGuestReadsTheSoftwareCardsCertificate() throws Exception {
        String objects = guest.agent().shellUntil(PKCS11 + " --list-objects --type cert", SUBJECT, WAIT);
        assertTrue(objects.contains(SUBJECT), objects + "\n" + viewer.err());
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theHotkeysTakeTheCardOutAndPutItBack() throws Exception {
        focusViewer();
        x.run(Tool.XDOTOOL, "key", "shift+F9");
        String out = guest.agent().shellUntil("opensc-tool -r 0 --atr 2>&1", "not present", WAIT);
        assertTrue(out.toLowerCase().contains("not present"), out + "\n" + viewer.err());
        focusViewer();
        x.run(Tool.XDOTOOL, "key", "shift+F8");
        String back = guest.agent().shellUntil(PKCS11 + " --list-objects --type cert", SUBJECT, WAIT);
        assertTrue(back.contains(SUBJECT), back + "\n" + viewer.err());
        assertTrue(viewer.process().isAlive(), viewer.err());
    }

    private void focusViewer() throws Exception {
        x.run(Tool.XDOTOOL, "mousemove", "--window", window, "200", "200");
        x.run(Tool.XDOTOOL, "windowfocus", "--sync", window);
    }

}
