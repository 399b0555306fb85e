# Shared by Saffron's scripts: find JDK 25 and Maven, install missing Debian packages.
# Sourced, not run. Every failure names what is missing and how to get it.

saffron_die() {
    echo "saffron: $*" >&2
    exit 1
}

# Exports JAVA_HOME pointing at a JDK 25: $JAVA_HOME if it is one, else /usr/lib/jvm/temurin-25*.
saffron_find_jdk() {
    local candidate version line
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        # The JDK's release file names its version; asking java itself would start a JVM, a good part of a
        # cold `saffron screenshot`. Read with bash alone: a sed process took 2 ms of the launcher's 12.
        version=
        while IFS= read -r line; do
            case "$line" in
                JAVA_VERSION=*) version=${line#JAVA_VERSION=\"}; version=${version%%[!0-9]*}; break ;;
            esac
        done 2>/dev/null <"$candidate/release" || true
        if [ "$version" = 25 ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    saffron_die "JDK 25 not found: set JAVA_HOME to a JDK 25 or install one under /usr/lib/jvm/temurin-25* (for example the temurin-25-jdk package)"
}

# Whether a Debian package is installed. Its status must be "install ok installed": a command of the same
# name proves nothing (stand-ins may sit earlier on PATH), and `dpkg -s` also answers for a package that was
# removed but left its configuration behind.
saffron_package_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# Installs those of the given Debian packages that are not installed, in one apt-get run (each run starts
# with an index update).
saffron_require_packages() {
    local package missing=()
    for package in "$@"; do
        saffron_package_installed "$package" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "saffron: installing ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null || saffron_die "apt-get update failed; install by hand: ${missing[*]}"
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
            || saffron_die "apt-get install failed; install by hand: ${missing[*]}"
    else
        saffron_die "missing Debian packages: ${missing[*]} (install them as root with apt-get)"
    fi
    for package in "${missing[@]}"; do
        saffron_package_installed "$package" || saffron_die "$package is still not installed after apt-get install"
    done
}

# QEMU with its SPICE server: what the demo needs, and the server of every integration test.
# qemu-system-gui holds QEMU's SPICE display module on Debian; without it -spice is refused.
SAFFRON_QEMU_PACKAGES=(qemu-system-x86 qemu-system-gui)

# What the test suite needs besides QEMU: the reference client spicy-screenshot (spice-client-gtk), tinyproxy
# for the proxy tests, Cyrus SASL's saslpasswd2 and its DIGEST-MD5 and PLAIN plugins for the SASL tests, the
# sh that wraps QEMU, libturbojpeg (native-bindings decodes JPEG with it) and djpeg (its reference), FFmpeg's
# decoders (native-bindings decodes VP8 and H.264 with them) and the GStreamer encoders that spice-server
# streams with (vp8enc in -good, x264enc in -ugly; -libav's IVF muxer keeps VP8 frames apart in the decoder's
# tests; gstreamer1.0-tools runs them), and the host's virtual smartcard: pcscd with vsmartcard's virtual
# reader driver (vpcd) and card (vicc, whose Crypto imports pycryptodome answers), libpcsclite1 that
# javax.smartcardio loads, and OpenSC's and pcsc-tools' clients to check the card from outside the JVM; NSS
# (libnss3, whose softokn the software smartcard reads its certificates through) and its tools, which make the
# test certificate databases. libspice-server-dev (with gcc and pkg-config) builds scripts/gl-scanout-server, the
# GL scanout tests' server.
SAFFRON_TEST_PACKAGES=(spice-client-gtk tinyproxy sasl2-bin libsasl2-modules dash
    libturbojpeg0 libjpeg-turbo-progs
    libavcodec59 libswscale6 gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-libav
    gstreamer1.0-tools
    # libopus: native-bindings' Opus codec, tested against concentus (audio).
    libopus0
    pcscd vsmartcard-vpcd vsmartcard-vpicc python3-pycryptodome opensc pcsc-tools libpcsclite1
    libnss3 libnss3-tools
    # mtools: the USB disk ITs make and read the FAT image on the host (mformat, mcopy).
    mtools
    gcc libc6-dev pkg-config libspice-server-dev)

# What the viewer window's tests need: a headless X server, Mesa's OpenGL, xdotool to type and point as a
# user would, xwd to dump a window's pixels (read by the tests themselves) and xlogo for a second window,
# setxkbmap to switch keyboard layouts, xclip for the clipboard, and xprop (x11-utils) to set Xft.dpi, the
# HiDPI scale.
SAFFRON_WINDOW_TEST_PACKAGES=(xvfb libgl1-mesa-dri xdotool x11-apps x11-xkb-utils xclip x11-utils)

saffron_require_qemu() {
    saffron_require_packages "${SAFFRON_QEMU_PACKAGES[@]}"
}

saffron_require_test_peers() {
    saffron_require_packages "${SAFFRON_QEMU_PACKAGES[@]}" "${SAFFRON_TEST_PACKAGES[@]}"
}

saffron_require_window_test_peers() {
    saffron_require_packages "${SAFFRON_WINDOW_TEST_PACKAGES[@]}"
}

saffron_maven() {
    saffron_require_packages maven
    # Maven's bundled Guice uses sun.misc.Unsafe, which JDK 25 warns about on every run.
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    mvn -B -Dstyle.color=never "$@"
}
