package dev.saffron.usbredir;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceSession;
import dev.saffron.spice.testing.GuestAgent;
import dev.saffron.spice.testing.GuestVm;
import dev.saffron.spice.testing.QemuOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulated USB disk against QEMU's {@code usb-redir} on an xHCI controller and the Linux test guest's
 * usb-storage and sd drivers: the disk shows on the guest's USB bus and as a block device, its FAT file system
 * mounts, a file written into the image on the host reads the same in the guest and one written in the guest
 * reads the same on the host (sha256 both ways), a read-only disk refuses the guest's writes, and a disk pulled
 * while mounted leaves the guest and the session standing and plugs in again. The image's FAT is made and read
 * on the host with mtools.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsbDiskGuestIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);
    /** Prints the guest's block device whose SCSI vendor is the emulated disk's, if there is one. */
    private static final String FIND_DISK = "for d in /sys/block/sd*; do [ -e $d/device/vendor ] && "
            + "grep -q Saffron $d/device/vendor && echo disk=${d##*/}; done; true";

    /**
     * Debian's kernel reads FAT names as ascii by default, whose NLS module the test guest prunes; it keeps
     * utf8's.
     */
    private static final String CHARSET = "iocharset=utf8";

    private GuestVm guest;
    private SpiceSession session;
    private UsbRedirector redirector;
    private Path folder;
    private Path image;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bootAndConnect() throws Exception {
        folder = Files.createTempDirectory("saffron-usb-it");
        image = folder.resolve("disk.img");
        guest = GuestVm.start(QemuOptions.builder().usbRedirectionSlots(2).build());
        session = new SpiceSession(SessionConfig.builder().host(guest.server().host())
                .port(guest.server().port()).usbredirEnabled(true).build());
        redirector = UsbRedirector.attach(session);
        session.connect();
        session.awaitChannels(Duration.ofSeconds(60));
        assertEquals(2, session.usbRedirChannels().size(), "one channel per usb-redir device");
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shutDown() throws Exception {
        try {
            if (redirector != null) {
                redirector.close();
            }
            if (session != null) {
                session.close();
            }
        } finally {
            if (guest != null) {
                guest.close();
            }
            if (folder != null) {
                try (var files = Files.list(folder)) {
                    for (Path each : files.toList()) {
                        Files.deleteIfExists(each);
                    }
                }
                Files.deleteIfExists(folder);
            }
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** A fresh 32 MiB image with a FAT file system holding {@code host.bin}. */
    private void freshImage(byte[] hostFile) throws Exception {
        Files.deleteIfExists(image);
        try (var file = Files.newByteChannel(image, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.position(32L * 1024 * 1024 - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        run("mformat", "-i", image.toString(), "-v", "SAFFRON", "::");
        Path source = folder.resolve("host.bin");
        Files.write(source, hostFile);
        run("mcopy", "-i", image.toString(), source.toString(), "::/host.bin");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private GuestAgent agent() {
        return guest.agent();
    }

    /** Waits for the emulated disk to show in the guest; returns its block device name. */
    private String awaitDisk() throws Exception {
        String found = agent().shellUntil(FIND_DISK, "disk=", WAIT);
        assertTrue(found.contains("disk="), "the guest has no Saffron disk: " + found);
        return found.substring(found.indexOf("disk=") + 5).strip().split("\\s")[0];
    }

    private void awaitNoDisk() throws Exception {
        String marker = "__no_disk__";
        String left = agent().shellUntil(FIND_DISK + "; [ -z \"$(" + FIND_DISK + ")\" ] && echo " + marker,
                marker, WAIT);
        assertTrue(left.contains(marker), "the guest still has the disk: " + left);
    }

    private GuestAgent.ExecResult shell(String commandLine) throws IOException {
        return agent().shell(commandLine, COMMAND_LIMIT);
    }

    /** @return the command line that mounts the disk's FAT file system on /mnt/usb in the guest */
    private static String mount(String device) {
        return "mkdir -p /mnt/usb && mount -t vfat -o " + CHARSET + " /dev/" + device + " /mnt/usb";
    }

    /** @return the guest kernel's last words about USB and disks, for failure messages */
    private String kernelLog() throws IOException {
        return "\nguest kernel:\n" + shell("dmesg | grep -i -E 'usb|sd[a-z]|scsi|fat|i/o' | tail -n 40").stdout();
    }

    /** Unplugs whatever a failed test left plugged in, so the next one starts with free slots. */
    @AfterEach
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void unplugLeftovers() throws Exception {
        for (UsbRedirection each : redirector.redirections()) {
            each.unplug().get(60, TimeUnit.SECONDS);
        }
        shell("umount -l /mnt/usb 2>/dev/null; true");
    }

    @Test
    @Order(1)
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theDiskShowsMountsAndCarriesFilesBothWays() throws Exception {
        byte[] hostFile = new byte[3 * 1024 * 1024 + 123];
        new Random(15).nextBytes(hostFile);
        freshImage(hostFile);
        String guestSum;
        try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, false)) {
            UsbRedirection redirection = redirector.redirect(disk).get(60, TimeUnit.SECONDS);
            String device = awaitDisk();
            String bus = shell("cat /sys/bus/usb/devices/*/idVendor /sys/bus/usb/devices/*/product 2>/dev/null")
                    .stdout();
            assertTrue(bus.contains("1209") && bus.contains("Saffron USB disk"), "the guest's USB bus: " + bus);
            String lsblk = shell("lsblk -b -n -o NAME,SIZE,TRAN /dev/" + device).stdout();
            assertTrue(lsblk.contains(String.valueOf(32L * 1024 * 1024)) && lsblk.contains("usb"), lsblk);

            byte[] bootSector = java.util.Arrays.copyOf(Files.readAllBytes(image), 4096);
            String guestBoot = shell("dd if=/dev/" + device + " bs=4096 count=1 iflag=direct 2>/dev/null "
                    + "| sha256sum").stdout();
            assertTrue(guestBoot.startsWith(sha256(bootSector)), "the first 4 KiB differ: " + guestBoot
                    + kernelLog());
            GuestAgent.ExecResult mounted = shell(mount(device) + " && sha256sum /mnt/usb/host.bin");
            assertTrue(mounted.succeeded(), mounted + kernelLog());
            assertTrue(mounted.stdout().startsWith(sha256(hostFile)), "host.bin in the guest: " + mounted);

            GuestAgent.ExecResult written = shell("head -c 2500000 /dev/urandom > /mnt/usb/guest.bin && "
                    + "sha256sum /mnt/usb/guest.bin && umount /mnt/usb");
            assertTrue(written.succeeded(), written.toString());
            guestSum = written.stdout().substring(0, 64);

            redirection.unplug().get(60, TimeUnit.SECONDS);
            redirection.ended().get(10, TimeUnit.SECONDS);
            awaitNoDisk();
        }
        Path copy = folder.resolve("guest.bin");
        Files.deleteIfExists(copy);
        run("mcopy", "-i", image.toString(), "::/guest.bin", copy.toString());
        assertEquals(guestSum, sha256(Files.readAllBytes(copy)), "guest.bin on the host");
    }

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReadOnlyDiskRefusesTheGuestsWrites() throws Exception {
        byte[] hostFile = new byte[100_000];
        new Random(16).nextBytes(hostFile);
        freshImage(hostFile);
        byte[] before = Files.readAllBytes(image);
        try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, true)) {
            UsbRedirection redirection = redirector.redirect(disk).get(60, TimeUnit.SECONDS);
            String device = awaitDisk();
            String readOnly = shell("cat /sys/block/" + device + "/ro").stdout().strip();
            assertEquals("1", readOnly, "the guest's block device is not read-only" + kernelLog());
            GuestAgent.ExecResult mounted = shell(mount(device) + " 2>&1; sha256sum /mnt/usb/host.bin");
            assertTrue(mounted.stdout().contains(sha256(hostFile)), mounted.toString());
            GuestAgent.ExecResult touched = shell("echo x > /mnt/usb/new.txt");
            assertFalse(touched.succeeded(), "a file was written on a read-only disk: " + touched);
            GuestAgent.ExecResult raw = shell("dd if=/dev/zero of=/dev/" + device
                    + " bs=512 count=8 oflag=direct conv=fsync");
            assertFalse(raw.succeeded(), "the raw device took a write: " + raw);
            shell("umount /mnt/usb");
            redirection.unplug().get(60, TimeUnit.SECONDS);
            awaitNoDisk();
        }
        assertArrayEquals(before, Files.readAllBytes(image), "the image is unchanged");
    }

    @Test
    @Order(3)
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDiskPulledWhileMountedLeavesTheSessionUpAndPlugsInAgain() throws Exception {
        byte[] hostFile = new byte[200_000];
        new Random(17).nextBytes(hostFile);
        freshImage(hostFile);
        try (EmulatedUsbDisk disk = EmulatedUsbDisk.open(image, false)) {
            UsbRedirection first = redirector.redirect(disk).get(60, TimeUnit.SECONDS);
            String device = awaitDisk();
            assertTrue(shell(mount(device) + " && ls /mnt/usb").stdout().contains("host.bin"));
            first.unplug().get(60, TimeUnit.SECONDS);
            awaitNoDisk();
            String log = shell("dmesg | tail -n 30").stdout();
            assertTrue(log.toLowerCase().contains("usb disconnect"), "the guest's kernel saw no removal: " + log);
            assertTrue(session.failure().isEmpty(), "the session failed: " + session.failure());
            assertTrue(first.channel().isOpen(), "the slot's channel stays open");
            shell("umount -l /mnt/usb");

            UsbRedirection second = redirector.redirect(disk).get(60, TimeUnit.SECONDS);
            String again = awaitDisk();
            GuestAgent.ExecResult mounted = shell(mount(again) + " && sha256sum /mnt/usb/host.bin && umount /mnt/usb");
            assertTrue(mounted.succeeded() && mounted.stdout().startsWith(sha256(hostFile)), mounted.toString());
            second.unplug().get(60, TimeUnit.SECONDS);
            awaitNoDisk();
        }
    }

    @Test
    @Order(4)
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoDisksTakeBothSlotsAndAThirdIsRefusedInWords() throws Exception {
        freshImage(new byte[10]);
        Path second = folder.resolve("second.img");
        Files.copy(image, second, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path third = folder.resolve("third.img");
        Files.copy(image, third, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (EmulatedUsbDisk a = EmulatedUsbDisk.open(image, true);
             EmulatedUsbDisk b = EmulatedUsbDisk.open(second, true);
             EmulatedUsbDisk c = EmulatedUsbDisk.open(third, true)) {
            List<UsbRedirection> plugged = List.of(redirector.redirect(a).get(60, TimeUnit.SECONDS),
                    redirector.redirect(b).get(60, TimeUnit.SECONDS));
            var refused = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> redirector.redirect(c).get(60, TimeUnit.SECONDS));
            UsbRedirException cause = (UsbRedirException) refused.getCause();
            assertEquals(UsbRedirException.Reason.NO_FREE_CHANNEL, cause.reason());
            assertTrue(cause.getMessage().contains("all 2 USB redirection slots"), cause.getMessage());
            String two = agent().shellUntil("{ " + FIND_DISK + "; } | grep -c disk=", "2", WAIT);
            assertTrue(two.strip().endsWith("2"), two);
            for (UsbRedirection each : plugged) {
                each.unplug().get(60, TimeUnit.SECONDS);
            }
            awaitNoDisk();
        }
    }
}
