package dev.saffron.spice.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An external program the real-server tests need. A missing program fails the test with the Debian
 * package that provides it: skipping instead would let a build pass without ever talking to a server.
 */
public enum Tool {
    /** The SPICE server under test, with its spice, audio and USB modules. */
    QEMU("qemu-system-x86_64", "qemu-system-x86 qemu-system-gui"),
    /** spice-gtk's screenshot client, the pixel oracle. */
    SPICY_SCREENSHOT("spicy-screenshot", "spice-client-gtk"),
    /** A headless X server for tests that open windows. */
    XVFB("Xvfb", "xvfb"),
    /** Sends keys and pointer moves to X windows, through the XTEST extension, as a user would. */
    XDOTOOL("xdotool", "xdotool"),
    /** Dumps an X window's pixels. */
    XWD("xwd", "x11-apps"),
    /** A plain X client with a window of its own, to take the keyboard focus elsewhere. */
    XLOGO("xlogo", "x11-apps"),
    /** Sets X resources such as {@code Xft.dpi}, the desktop scale GLFW reports as the window's content scale. */
    XPROP("xprop", "x11-utils"),
    /** Switches an X server's keyboard layout, to show that keys travel by position, not by symbol. */
    SETXKBMAP("setxkbmap", "x11-xkb-utils"),
    /** Reads and sets an X server's clipboard selections. */
    XCLIP("xclip", "xclip"),
    /** The POSIX shell that wraps QEMU so it dies with the JVM. */
    SH("sh", "dash"),
    /** Writes the SASL user database QEMU's SASL tests authenticate against (the mechanisms come with it). */
    SASLPASSWD2("saslpasswd2", "sasl2-bin libsasl2-modules"),
    /** libjpeg-turbo's decoder, the reference Saffron's JPEG decoding is compared with. */
    DJPEG("djpeg", "libjpeg-turbo-progs"),
    /** Runs GStreamer pipelines: the encoders that make the video decoders' test streams. */
    GST_LAUNCH("gst-launch-1.0", "gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly "
            + "gstreamer1.0-libav"),
    /** The HTTP CONNECT proxy of the proxy tests. */
    TINYPROXY("tinyproxy", "tinyproxy"),
    /** The PC/SC daemon of the host's virtual smartcard, with vsmartcard's virtual reader driver (vpcd). */
    PCSCD("pcscd", "pcscd vsmartcard-vpcd"),
    /** vsmartcard's virtual card, which plugs into the vpcd reader over TCP (its Crypto is pycryptodome). */
    VICC("vicc", "vsmartcard-vpicc python3-virtualsmartcard python3-pycryptodome"),
    /** Gives the virtual smartcard's pcscd a mount namespace of its own, so its socket is private. */
    UNSHARE("unshare", "util-linux"),
    /** Mounts the virtual smartcard's own directory where pcscd puts its socket, inside that namespace. */
    MOUNT("mount", "mount"),
    /** OpenSC's PC/SC client: lists readers, prints ATRs and sends APDUs from outside the JVM. */
    OPENSC_TOOL("opensc-tool", "opensc"),
    /** Creates and lists NSS certificate databases, the software smartcard's source (NSS itself is libnss3). */
    CERTUTIL("certutil", "libnss3-tools libnss3"),
    /** Imports certificates with their private keys into an NSS database. */
    PK12UTIL("pk12util", "libnss3-tools libnss3");

    private final String executable;
    private final String debianPackages;

    Tool(String executable, String debianPackages) {
        this.executable = executable;
        this.debianPackages = debianPackages;
    }

    /** @return the program's file name, as looked up on {@code PATH} */
    public String executable() {
        return executable;
    }

    /** @return the Debian package(s) that install the program, space separated */
    public String debianPackages() {
        return debianPackages;
    }

    /**
     * @return the absolute path of the program found on {@code PATH}, once its Debian packages are installed
     * @throws IllegalStateException if it is not there, or its packages are not installed (a program of that
     *                               name from elsewhere may be a stand-in); the message says what to install
     */
    public Path require() {
        Path found = require(System.getenv("PATH"));
        List<String> missing = missingPackages(DebianPackages::installed);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(executable + " was found at " + found + ", but the Debian package(s) "
                    + String.join(" ", missing) + " that provide it are not installed; install them with: "
                    + "apt-get install " + debianPackages);
        }
        return found;
    }

    /** @return those of the program's Debian packages that {@code installed} says are not installed */
    List<String> missingPackages(Predicate<String> installed) {
        return Arrays.stream(debianPackages.split(" ")).filter(installed.negate()).toList();
    }

    Path require(String searchPath) {
        return find(executable, searchPath).orElseThrow(() -> new IllegalStateException(
                executable + " is not on PATH; install it with: apt-get install " + debianPackages));
    }

    static Optional<Path> find(String executable, String searchPath) {
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate;
            try {
                candidate = Path.of(directory, executable);
            } catch (InvalidPathException e) {
                continue;
            }
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
