package dev.saffron.spice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The QEMU command line, without starting QEMU. */
class QemuServerTest {
    private static final Path SOCKET = Path.of("/tmp/saffron-qemu-1/qmp.sock");
    private static final Path PASSWORD_FILE = Path.of("/tmp/saffron-qemu-1/spice-password");

    /** @return the value following {@code option}, which must occur exactly once */
    private static String only(List<String> args, String option) {
        assertEquals(1, Collections.frequency(args, option), option + " in " + args);
        return args.get(args.indexOf(option) + 1);
    }

    @Test
    void defaultsListenOnLoopbackWithoutTicketing() {
        List<String> args = QemuServer.arguments(QemuOptions.defaults(), 5930, OptionalInt.empty(), SOCKET, null);

        assertEquals("port=5930,addr=127.0.0.1,disable-ticketing=on", only(args, "-spice"));
        assertEquals("qxl", only(args, "-vga"));
        assertEquals("tcg", only(args, "-accel"));
        assertEquals("socket,id=saffron-qmp,path=/tmp/saffron-qemu-1/qmp.sock,server=on,wait=off",
                only(args, "-chardev"));
        assertEquals("chardev=saffron-qmp,mode=control", only(args, "-mon"));
        assertFalse(args.contains("-device"), args.toString());
    }

    @Test
    void aUnixSocketReplacesTheTcpPortAndSaslIsSwitchedOn() {
        QemuOptions options = QemuOptions.builder().unixSocket().sasl(Path.of("/tmp/sasl-conf")).build();
        assertEquals("unix=on,addr=/tmp/saffron-qemu-1/spice.sock,sasl=on,disable-ticketing=on",
                only(QemuServer.arguments(options, 5930, OptionalInt.empty(), SOCKET, null), "-spice"));
    }

    @Test
    void thePasswordTravelsInAFileNeverOnTheCommandLine() {
        QemuOptions options = QemuOptions.builder().password("hunter2-secret").build();

        List<String> args = QemuServer.arguments(options, 5930, OptionalInt.empty(), SOCKET, PASSWORD_FILE);

        assertEquals("secret,id=saffron-spice-password,format=raw,file=/tmp/saffron-qemu-1/spice-password",
                only(args, "-object"));
        assertEquals("port=5930,addr=127.0.0.1,password-secret=saffron-spice-password", only(args, "-spice"));
        assertTrue(args.stream().noneMatch(a -> a.contains("hunter2")), args.toString());
    }

    @Test
    void compressionAndStreamingBecomeSpiceSuboptions() {
        QemuOptions options = QemuOptions.builder()
                .imageCompression(QemuOptions.ImageCompression.AUTO_GLZ)
                .jpegWanCompression(QemuOptions.WanCompression.NEVER)
                .zlibGlzWanCompression(QemuOptions.WanCompression.ALWAYS)
                .streamingVideo(QemuOptions.StreamingVideo.FILTER)
                .build();

        assertEquals("port=1,addr=127.0.0.1,disable-ticketing=on,image-compression=auto_glz,"
                        + "jpeg-wan-compression=never,zlib-glz-wan-compression=always,streaming-video=filter",
                only(QemuServer.arguments(options, 1, OptionalInt.empty(), SOCKET, null), "-spice"));
    }

    @Test
    void devicesAppearInOrderWithExtraArgumentsLast() {
        QemuOptions options = QemuOptions.builder()
                .audio(true)
                .qmpSpicePort(QemuOptions.SpicePort.QMP_MONITOR_NAME)
                .spicePort("org.example.plain")
                .usbRedirectionSlots(2)
                .smartcard(true)
                .extraArguments("-boot", "menu=on,splash-time=1000")
                .build();

        List<String> args = QemuServer.arguments(options, 1, OptionalInt.empty(), SOCKET, null);
        List<String> tail = args.subList(args.indexOf("-audiodev"), args.size());

        assertEquals(List.of(
                "-audiodev", "spice,id=saffron-audio",
                "-device", "intel-hda,id=saffron-sound",
                "-device", "hda-duplex,id=saffron-sound-codec,audiodev=saffron-audio",
                "-chardev", "spiceport,id=saffron-port0,name=org.qemu.monitor.qmp.0",
                "-mon", "chardev=saffron-port0,mode=control",
                "-chardev", "spiceport,id=saffron-port1,name=org.example.plain",
                "-device", "qemu-xhci,id=saffron-xhci",
                "-chardev", "spicevmc,id=saffron-usbredir0,name=usbredir",
                "-device", "usb-redir,id=saffron-usbredir0-device,chardev=saffron-usbredir0",
                "-chardev", "spicevmc,id=saffron-usbredir1,name=usbredir",
                "-device", "usb-redir,id=saffron-usbredir1-device,chardev=saffron-usbredir1",
                "-device", "usb-ccid,id=saffron-ccid",
                "-chardev", "spicevmc,id=saffron-smartcard,name=smartcard",
                "-device", "ccid-card-passthru,id=saffron-smartcard-card,chardev=saffron-smartcard",
                "-boot", "menu=on,splash-time=1000"), tail);
    }

    @Test
    void commasInPathsAreEscapedForQemu() {
        List<String> args = QemuServer.arguments(QemuOptions.defaults(), 1, OptionalInt.empty(),
                Path.of("/tmp/a,b/qmp.sock"), null);

        assertEquals("socket,id=saffron-qmp,path=/tmp/a,,b/qmp.sock,server=on,wait=off", only(args, "-chardev"));
    }

    @Test
    void tlsAddsASecondPortItsCertificatesAndChannelPolicies() {
        QemuOptions options = QemuOptions.builder().tls(Path.of("/tmp/pki,1"))
                .tlsChannel("main").tlsChannel("display").plaintextChannel("default").build();

        List<String> args = QemuServer.arguments(options, 5930, OptionalInt.of(5931), SOCKET, null);

        assertEquals("port=5930,addr=127.0.0.1,tls-port=5931,x509-dir=/tmp/pki,,1,tls-channel=main,"
                + "tls-channel=display,plaintext-channel=default,disable-ticketing=on", only(args, "-spice"));
        assertEquals(Path.of("/tmp/pki,1"), options.toBuilder().build().tlsDirectory().orElseThrow());
        assertEquals(List.of("main", "display"), options.tlsChannels());
    }

    @Test
    void channelPoliciesNeedATlsPort() {
        QemuOptions.Builder builder = QemuOptions.builder().tlsChannel("main");

        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> builder.tlsChannel("main,x509-dir=/"));
    }

    @Test
    void optionsRejectValuesQemuCouldMisparse() {
        QemuOptions.Builder builder = QemuOptions.builder();

        assertThrows(IllegalArgumentException.class, () -> builder.spicePort("a,id=evil"));
        assertThrows(IllegalArgumentException.class, () -> builder.spicePort(""));
        assertThrows(IllegalArgumentException.class, () -> builder.password(""));
        assertThrows(IllegalArgumentException.class, () -> builder.password("x".repeat(61)));
        assertThrows(IllegalArgumentException.class, () -> builder.usbRedirectionSlots(9));
        assertThrows(IllegalArgumentException.class, () -> builder.usbRedirectionSlots(-1));
    }

    @Test
    void optionsAreImmutableAndCopyable() {
        QemuOptions.Builder builder = QemuOptions.builder().password("sekrit-77").extraArguments("-S");
        QemuOptions first = builder.build();
        builder.extraArguments("-no-reboot").noPassword();

        QemuOptions copy = first.toBuilder().audio(true).build();

        assertEquals(List.of("-S"), first.extraArguments());
        assertEquals("sekrit-77", first.password().orElseThrow());
        assertEquals(List.of("-S"), copy.extraArguments());
        assertTrue(copy.audio());
        assertFalse(first.audio());
        assertThrows(UnsupportedOperationException.class, () -> first.extraArguments().add("-x"));
        assertFalse(first.toString().contains("sekrit"), first.toString());
    }
}
