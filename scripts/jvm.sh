# How Saffron's JVM is started: the module path's flags and each command's tuning, in one place for the
# launcher (./saffron), the packaged launcher (bin/saffron, made by scripts/package), the AOT cache's training
# (scripts/aot-cache) and the live benchmark's collector (scripts/bench-live), which must all start the JVM
# alike for them to share one AOT cache. Sourced, not run; needs bash. The figures behind each choice are in
# the README (Performance, "Round two: start-up, memory and the JVM's settings").

# The JVM's flags for a module path MODULE_PATH (the viewer's jar and its libraries), into the array
# saffron_module_flags. ALL-MODULE-PATH resolves LWJGL's natives jars, which no module requires. LWJGL loads its
# libraries and the window calls Xlib for its keyboard grab: native access. native-bindings (found as a service
# provider) calls libturbojpeg and libc through FFM. LWJGL reads memory through sun.misc.Unsafe.
# The main class is named, not run as -m MODULE/CLASS: a JVM started with another main class (the live
# benchmark's collector, from the class path) can then use the same AOT cache, which records the main module.
saffron_module_flags() {
    saffron_module_flags=(--module-path "$1" --add-modules ALL-MODULE-PATH
        --enable-native-access=org.lwjgl,org.lwjgl.glfw,org.lwjgl.opengl,dev.saffron.gl,dev.saffron.nativebindings,dev.saffron.usbredir,usb4java
        --sun-misc-unsafe-memory-access=allow)
}

SAFFRON_MAIN_CLASS=dev.saffron.viewer.Main

# The JVM's tuning for the saffron COMMAND (its first argument; empty for the viewer window), into the array
# saffron_tuning_flags; SAFFRON_JAVA_OPTIONS (words) comes last, so it overrides. Only what measurably helped
# is here (README, Performance: the JVM's settings):
# - Commands that end within a second (screenshot, info, version, help): C1 alone, and the serial collector.
#   Their cache, trained so, holds no method profiles, which would have C2 compile early what pays back only
#   in a long session; the serial collector's smaller bookkeeping lowers the resident set.
# - The live commands keep the JVM's defaults: neither the serial collector nor a heap limit changed their
#   CPU time or resident set measurably.
# - The JVM's warnings go to standard error, not to standard output, which carries data for some commands
#   (port); the AOT cache's are off: a cache that does not fit the jars or the JDK is only ignored, and one
#   used by another main class (the live collector) only has some stubs it cannot reuse.
saffron_tuning_flags() {
    saffron_tuning_flags=(-Xlog:disable -Xlog:all=warning,aot*=off,cds*=off:stderr)
    if [ "$(saffron_command_kind "${1:-}")" = brief ]; then
        saffron_tuning_flags+=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
    fi
    # shellcheck disable=SC2206 # the variable holds words, as JAVA_TOOL_OPTIONS does
    saffron_tuning_flags+=(${SAFFRON_JAVA_OPTIONS:-})
}

# Prints "brief" for the commands that end within a second (screenshot, info, version, help), "live" for the
# others (the viewer window, audio, usb, share, port, smartcard, replay). Each kind has its own AOT cache,
# trained on its kind of run: a cache holds every class its training loaded, and all of them are loaded at
# start-up, so the viewer's (LWJGL, OpenGL, the window) would cost a screenshot 70 ms of CPU and 7 MiB.
saffron_command_kind() {
    case "${1:-}" in
        screenshot | info | version | help | --help | -h) echo brief ;;
        *) echo live ;;
    esac
}
