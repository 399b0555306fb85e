package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The guest's QEMU command line, without building or booting anything. */
class GuestVmTest {
    private static final Path IMAGE = Path.of("/cache/guest/0123,abcd");
    private static final Path DIRECTORY = Path.of("/tmp/saffron-guest-1");

    private static List<String> arguments(QemuOptions spice) {
        return arguments(spice, GuestVm.ModeSetting.KERNEL);
    }

    private static List<String> arguments(QemuOptions spice, GuestVm.ModeSetting modeSetting) {
        return QemuServer.arguments(GuestVm.guestOptions(spice, modeSetting, IMAGE, DIRECTORY), 5930,
                OptionalInt.empty(), DIRECTORY.resolve("qmp.sock"), null);
    }

    private static String after(List<String> args, String option, String prefix) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option) && args.get(i + 1).startsWith(prefix)) {
                return args.get(i + 1);
            }
        }
        throw new AssertionError("no " + option + " " + prefix + "... in " + args);
    }

    @Test
    void theImageIsOpenedAsASnapshotSoTheCacheNeverChanges() {
        List<String> args = arguments(QemuOptions.defaults());

        assertEquals("file=/cache/guest/0123,,abcd/rootfs.img,format=raw,if=virtio,cache=unsafe,snapshot=on",
                after(args, "-drive", "file="));
        assertEquals("/cache/guest/0123,abcd/vmlinux", after(args, "-kernel", "/"));
        assertEquals("/cache/guest/0123,abcd/initrd.img", after(args, "-initrd", "/"));
        assertTrue(after(args, "-append", "root=").contains("init=/sbin/saffron-init"), args.toString());
    }

    @Test
    void onlyUserModeSettingKeepsTheKernelsQxlDriverAway() {
        String kernel = after(arguments(QemuOptions.defaults()), "-append", "root=");
        String user = after(arguments(QemuOptions.defaults(), GuestVm.ModeSetting.USER), "-append", "root=");

        assertFalse(kernel.contains("modprobe.blacklist=qxl"), kernel);
        assertFalse(kernel.contains("saffron.modeset=user"), kernel);
        assertTrue(user.startsWith(kernel + " "), user);
        assertTrue(user.contains(" saffron.modeset=user"), user);
        assertTrue(user.contains(" modprobe.blacklist=qxl"), user);
    }

    @Test
    void theGuestGetsItsMemoryAgentPortsAndSmartcardReader() {
        List<String> args = arguments(QemuOptions.defaults());

        assertEquals("1024", after(args, "-m", ""));
        assertEquals("socket,id=saffron-qga,path=/tmp/saffron-guest-1/qga.sock,server=on,wait=off",
                after(args, "-chardev", "socket,id=saffron-qga"));
        assertEquals("virtserialport,chardev=saffron-qga,name=org.qemu.guest_agent.0",
                after(args, "-device", "virtserialport,chardev=saffron-qga"));
        assertEquals("virtserialport,chardev=saffron-vdagent,name=com.redhat.spice.0",
                after(args, "-device", "virtserialport,chardev=saffron-vdagent"));
        assertEquals("virtserialport,chardev=saffron-webdav,name=org.spice-space.webdav.0",
                after(args, "-device", "virtserialport,chardev=saffron-webdav"));
        assertEquals("usb-ccid,id=saffron-ccid", after(args, "-device", "usb-ccid"));
        assertEquals("chardev:saffron-console", after(args, "-serial", ""));
    }

    @Test
    void theCallersSpiceSettingsAreKept() {
        List<String> args = arguments(QemuOptions.builder().streamingVideo(QemuOptions.StreamingVideo.ALL).build());

        assertTrue(after(args, "-spice", "port=").endsWith(",streaming-video=all"), args.toString());
    }
}
