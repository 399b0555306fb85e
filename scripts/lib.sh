# Shared by Saffron's scripts: find JDK 25 and Maven, install missing Debian packages.
# Sourced, not run. Every failure names what is missing and how to get it.

saffron_die() {
    echo "saffron: $*" >&2
    exit 1
}

# Exports JAVA_HOME pointing at a JDK 25: $JAVA_HOME if it is one, else /usr/lib/jvm/temurin-25*.
saffron_find_jdk() {
    local candidate version
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        # The JDK's release file names its version; asking java itself would start a JVM, a good part of a
        # cold `saffron screenshot`.
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)
        if [ "$version" = 25 ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    saffron_die "JDK 25 not found: set JAVA_HOME to a JDK 25 or install one under /usr/lib/jvm/temurin-25* (for example the temurin-25-jdk package)"
}

# Installs the Debian packages that provide the given commands, if any are missing.
# Arguments are command:package pairs.
saffron_require() {
    local pair command package missing=() packages=()
    for pair in "$@"; do
        command=${pair%%:*}
        package=${pair#*:}
        if ! command -v "$command" >/dev/null 2>&1; then
            missing+=("$command")
            packages+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "saffron: installing ${packages[*]} (for ${missing[*]})" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null || saffron_die "apt-get update failed; install by hand: ${packages[*]}"
        apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null \
            || saffron_die "apt-get install failed; install by hand: ${packages[*]}"
    else
        saffron_die "missing ${missing[*]}: install the Debian packages ${packages[*]} (needs root and apt-get)"
    fi
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || saffron_die "${pair%%:*} is still missing after installing ${pair#*:}"
    done
}

# What the test suite needs: QEMU with SPICE, the reference client spice-gtk ships, tinyproxy for the
# proxy tests, and Cyrus SASL's saslpasswd2 with its mechanisms for the SASL tests.
saffron_require_test_peers() {
    saffron_require_qemu
    saffron_require spicy-screenshot:spice-client-gtk tinyproxy:tinyproxy saslpasswd2:sasl2-bin
    # The SASL mechanisms (DIGEST-MD5, PLAIN) are plugins without a command of their own.
    dpkg -s libsasl2-modules >/dev/null 2>&1 || saffron_require_package libsasl2-modules
    saffron_require_turbojpeg
    saffron_require_video_codecs
}

# libturbojpeg, which native-bindings decodes JPEG with, and djpeg, the reference its tests compare against.
saffron_require_turbojpeg() {
    dpkg -s libturbojpeg0 >/dev/null 2>&1 || saffron_require_package libturbojpeg0
    saffron_require djpeg:libjpeg-turbo-progs
}

# FFmpeg's decoders, which native-bindings decodes VP8 and H.264 streams with, and the GStreamer encoders that
# spice-server streams with (vp8enc in -good, x264enc in -ugly; -libav's IVF muxer keeps VP8 frames apart in
# the decoder's tests, gst-launch-1.0 runs them).
saffron_require_video_codecs() {
    local package missing=()
    for package in libavcodec59 libswscale6 gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-libav; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    # One apt-get run for all of them: each run starts with an index update.
    [ ${#missing[@]} -eq 0 ] || saffron_require_package "${missing[@]}"
    saffron_require gst-launch-1.0:gstreamer1.0-tools
}

# What the viewer window's tests need: a headless X server, Mesa's OpenGL, and tools that type into a window,
# dump its pixels and use its clipboard.
saffron_require_window_test_peers() {
    saffron_require Xvfb:xvfb xdotool:xdotool xwd:x11-apps convert:imagemagick setxkbmap:x11-xkb-utils xclip:xclip
    dpkg -s libgl1-mesa-dri >/dev/null 2>&1 || saffron_require_package libgl1-mesa-dri
}

# QEMU with its SPICE server, for the tests and the benchmark corpus.
saffron_require_qemu() {
    saffron_require qemu-system-x86_64:qemu-system-x86
    # qemu-system-gui holds QEMU's SPICE display module on Debian; without it -spice is refused.
    dpkg -s qemu-system-gui >/dev/null 2>&1 || saffron_require_package qemu-system-gui
}

saffron_require_package() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "$@" >/dev/null \
            || saffron_die "apt-get install failed; install by hand: $*"
    else
        saffron_die "missing Debian packages: $* (needs root and apt-get)"
    fi
}

saffron_maven() {
    saffron_require mvn:maven
    # Maven's bundled Guice uses sun.misc.Unsafe, which JDK 25 warns about on every run.
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    mvn -B -Dstyle.color=never "$@"
}
