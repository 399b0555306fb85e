package dev.saffron.viewer;

import dev.saffron.spice.ChannelType;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.VerifyMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** virt-viewer connection files: every key Saffron maps, GLib's value rules, and what makes a file bad. */
class VvFileTest {
    private static final String PASSWORD = "Ti3k-et/Secret";
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
    /** As Proxmox VE writes them, keys in its order. */
    private static final String PROXMOX = """
            [virt-viewer]
            secure-attention=Ctrl+Alt+Ins
            tls-port=61000
            delete-this-file=1
            proxy=http://192.0.2.10:3128
            type=spice
            title=VM 100 - web
            host=pvespiceproxy:65a1b2c3:100:pve1::4f2d8e
            password=%s
            release-cursor=Ctrl+Alt+R
            toggle-fullscreen=Shift+F11
            host-subject=OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1.example
            ca=%s
            secure-channels=main;inputs;cursor;display
            """.formatted(PASSWORD, PEM.replace("\n", "\\n"));

    private static SessionConfig apply(VvFile file) throws UsageException {
        SessionConfig.Builder builder = SessionConfig.builder();
        file.applyTo(builder);
        return builder.build();
    }

    @Test
    void aProxmoxFileSetsTheWholeConnectionAndIsDeletedOnceRead(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("pve-spice.vv");
        Files.writeString(path, PROXMOX);
        VvFile file = VvFile.read(path);
        assertFalse(Files.exists(path), "delete-this-file=1");

        SessionConfig config = apply(file);
        assertEquals(Optional.of("pvespiceproxy:65a1b2c3:100:pve1::4f2d8e"), config.host());
        assertEquals(OptionalInt.of(61000), config.tlsPort());
        assertEquals(OptionalInt.empty(), config.port());
        assertEquals(Optional.of(PASSWORD), config.password());
        assertArrayEquals(PEM.getBytes(StandardCharsets.US_ASCII), config.ca().orElseThrow());
        assertEquals(Optional.of("OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1.example"),
                config.certSubject());
        assertTrue(config.verify().contains(VerifyMode.SUBJECT));
        assertEquals(Optional.of("http://192.0.2.10:3128"), config.proxy());
        assertEquals(Set.of(ChannelType.MAIN, ChannelType.INPUTS, ChannelType.CURSOR, ChannelType.DISPLAY),
                config.secureChannels());

        assertEquals(Optional.of("VM 100 - web"), file.title());
        assertFalse(file.fullscreen());
        assertEquals(Map.of("secure-attention", "Ctrl+Alt+Ins", "release-cursor", "Ctrl+Alt+R",
                "toggle-fullscreen", "Shift+F11"), file.hotkeys());
        assertEquals(List.of(), file.warnings());
        assertFalse(file.toString().contains(PASSWORD), file.toString());
        assertTrue(config.singleUseTicket(), "a file deleted once read holds a ticket used once");
    }

    @Test
    void withoutDeleteThisFileTheFileStays(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("keep.vv");
        Files.writeString(path, "[virt-viewer]\ntype=spice\nhost=h\nport=5900\ndelete-this-file=false\n");
        assertFalse(apply(VvFile.read(path)).singleUseTicket(), "its ticket may be used again");
        assertTrue(Files.exists(path));
    }

    @Test
    void booleansAreOneZeroTrueOrFalse() throws Exception {
        VvFile file = VvFile.parse("""
                [virt-viewer]
                type=spice
                host=h
                port=5900
                fullscreen=true
                enable-audio=0
                enable-usbredir=FALSE
                enable-smartcard=1
                """, "t.vv");
        SessionConfig config = apply(file);
        assertTrue(file.fullscreen());
        assertFalse(config.audioEnabled());
        assertFalse(config.usbredirEnabled());
        assertTrue(config.smartcardEnabled());
        assertTrue(file.warnings().stream().noneMatch(w -> w.contains("smartcard")), file.warnings().toString());

        UsageException e = assertThrows(UsageException.class,
                () -> VvFile.parse("[virt-viewer]\ntype=spice\nhost=h\nfullscreen=yes\n", "t.vv"));
        assertTrue(e.getMessage().contains("fullscreen") && e.getMessage().contains("t.vv"), e.getMessage());
    }

    @Test
    void keptSettingsListsAndEffectsAreRead() throws Exception {
        VvFile file = VvFile.parse("""
                # a comment
                [virt-viewer]
                type=spice
                host=h
                port=5900
                disable-effects=wallpaper;animation
                color-depth=16
                usb-filter=-1,-1,-1,-1,0
                enable-usb-autoshare=1
                disable-channels=playback;record
                tls-ciphers=HIGH
                username=alice
                zoom-in=ctrl+plus
                """, "t.vv");
        SessionConfig config = apply(file);
        assertEquals(Set.of("wallpaper", "animation"), config.disableEffects());
        assertEquals(Optional.of("HIGH"), config.ciphers());
        assertEquals(Optional.of("alice"), config.username());
        assertEquals(Map.of("usb-filter", "-1,-1,-1,-1,0", "enable-usb-autoshare", "1",
                "disable-channels", "playback;record"), file.keptSettings());
        assertEquals(Map.of("zoom-in", "ctrl+plus"), file.hotkeys());
    }

    @Test
    void unknownKeysAndOtherGroupsWarnWithoutFailing() throws Exception {
        VvFile file = VvFile.parse("""
                [virt-viewer]
                type=spice
                host=h
                port=5900
                no-such-key=1
                title[de]=localized titles are skipped
                [ovirt]
                host=engine.example
                """, "t.vv");
        assertEquals(List.of("t.vv: ignoring the [ovirt] group", "t.vv: ignoring unknown key 'no-such-key'"),
                file.warnings());
        assertEquals(Optional.of("h"), apply(file).host());
    }

    @Test
    void malformedFilesAreUsageErrorsThatNameTheLineButNotThePassword() {
        List<String> bad = List.of(
                "[virt-viewer]\ntype=spice\nhost=h\npassword " + PASSWORD + "\n",
                "type=spice\nhost=h\n",
                "[ovirt]\nhost=h\n",
                "[virt-viewer\ntype=spice\n",
                "[virt-viewer]\ntype=vnc\nhost=h\nport=5900\n",
                "[virt-viewer]\nhost=h\nport=5900\n",
                "[virt-viewer]\ntype=spice\nhost=h\nport=fifty\n",
                "[virt-viewer]\ntype=spice\nhost=h\npassword=" + PASSWORD + "\\q\n",
                "[virt-viewer]\ntype=spice\npassword=" + PASSWORD + "\n",
                "");
        for (String text : bad) {
            UsageException e = assertThrows(UsageException.class, () -> VvFile.parse(text, "bad.vv"), text);
            assertTrue(e.getMessage().startsWith("bad.vv: "), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        }
        UsageException line = assertThrows(UsageException.class, () -> VvFile.parse(bad.get(0), "bad.vv"));
        assertTrue(line.getMessage().contains("line 4"), line.getMessage());
    }

    @Test
    void aPasswordTooLongForSpiceIsRefusedWithoutEchoingIt() throws Exception {
        String tooLong = "p".repeat(61);
        VvFile file = VvFile.parse("[virt-viewer]\ntype=spice\nhost=h\nport=1\npassword=" + tooLong + "\n", "t.vv");
        UsageException e = assertThrows(UsageException.class, () -> apply(file));
        assertFalse(e.getMessage().contains(tooLong), e.getMessage());
    }

    @Test
    void binaryAndOversizedInputIsRefused() {
        assertThrows(UsageException.class, () -> VvFile.read(
                new ByteArrayInputStream(new byte[] {'[', (byte) 0xC3, (byte) 0x28, ']'}), "<stdin>"));
        UsageException e = assertThrows(UsageException.class, () -> VvFile.read(
                new ByteArrayInputStream(new byte[VvFile.MAX_BYTES + 1]), "<stdin>"));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void theLauncherReadsStdinForDashAndTheCommandLinePasswordWins(@TempDir Path home) throws Exception {
        SessionOptions options = new SessionOptions(home);
        Arguments args = new Arguments(List.of("-w", "from-command-line", "--spice-disable-audio"));
        while (args.hasNext()) {
            assertTrue(options.accept(args.next().orElseThrow(), args));
        }
        options.uri("-", new ByteArrayInputStream("[virt-viewer]\ntype=spice\nhost=vv-host\nport=5930\n"
                .getBytes(StandardCharsets.UTF_8)));
        SessionConfig config = options.build();
        assertEquals(Optional.of("vv-host"), config.host());
        assertEquals(OptionalInt.of(5930), config.port());
        assertEquals(Optional.of("from-command-line"), config.password());
        assertFalse(config.audioEnabled(), "options the file does not set stay");
        assertEquals(Optional.of("<stdin>"), options.vvFile().map(VvFile::source));
    }

    @Test
    void anExistingFileWithoutTheVvSuffixIsReadAsOne(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("connection");
        Files.writeString(path, "[virt-viewer]\ntype=spice\nhost=h2\ntls-port=5901\n");
        SessionOptions options = new SessionOptions(dir);
        options.uri(path.toString());
        assertEquals(OptionalInt.of(5901), options.build().tlsPort());
    }

    @Test
    void keysAskingForFeaturesSaffronLacksWarnButStillOpen() throws Exception {
        VvFile file = VvFile.parse("""
                [virt-viewer]
                type=spice
                host=h
                port=5900
                enable-audio=1
                enable-usbredir=0
                usb-filter=-1,-1,-1,-1,1
                color-depth=16
                """, "t.vv");
        apply(file);
        String warnings = String.join("\n", file.warnings());
        assertFalse(warnings.contains("enable-audio"), "audio works: no warning for it: " + warnings);
        assertFalse(warnings.contains("usb"), warnings);
        assertTrue(warnings.contains("color-depth is deprecated and ignored"), warnings);
        assertFalse(warnings.contains("smartcard"), warnings);

        VvFile quiet = VvFile.parse("[virt-viewer]\ntype=spice\nhost=h\nenable-audio=0\nenable-usbredir=1\n",
                "q.vv");
        assertEquals(List.of(), quiet.warnings());
    }

    @Test
    void aBadMonitorMappingIsAUsageErrorThatSaysWhatIsWrong() {
        UsageException e = assertThrows(UsageException.class, () -> VvFile.parse(
                "[virt-viewer]\ntype=spice\nhost=h\nmonitor-mapping=1:1;2:1\n", "m.vv"));
        assertEquals("m.vv: monitor-mapping names display 2 or monitor 1 twice", e.getMessage());
        UsageException gap = assertThrows(UsageException.class, () -> VvFile.parse(
                "[virt-viewer]\ntype=spice\nhost=h\nmonitor-mapping=2:1\n", "m.vv"));
        assertTrue(gap.getMessage().contains("leaves out guest display 1"), gap.getMessage());
    }

    @Test
    void aFileWithoutMonitorMappingLeavesTheDefaultPlacement() throws Exception {
        VvFile file = VvFile.parse("[virt-viewer]\ntype=spice\nhost=h\n", "m.vv");
        assertEquals(Map.of(), file.monitorMapping());
        assertEquals(List.of(), file.warnings(), "monitor-mapping is a known key, nothing else is said");
    }
}
