package dev.saffron.viewer;

import dev.saffron.spice.ReconnectHook;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/** Entry point of the {@code saffron} launcher. */
public final class Main {
    static final String VERSION = "0.1.0";

    private static final String USAGE = """
            usage: saffron URI [OPTIONS]              open the viewer window, like remote-viewer
                   saffron --connect-command=CMD [OPTIONS]   the same, the server named by CMD's .vv output
                   saffron COMMAND [OPTIONS] URI [ARGS]

            viewer options:
            %s
            %s
            %s
            in the window: a click grabs the pointer in server mouse mode, the release-cursor hotkey lets it go;
            keys go to the guest by their position, so the guest's keyboard layout applies; the menu hotkey
            (shift+f10) opens a menu to send keys (Ctrl+Alt+Del, Ctrl+Alt+Fn, PrintScreen), zoom and pick USB devices

            commands:
              info URI                 show the server's name, uuid, mouse mode, agent and channels
              port URI PORT-NAME       join a named port channel (e.g. org.qemu.monitor.qmp.0) to stdin/stdout
                  --linger=SECONDS     after stdin ends, wait until the port is quiet this long (default 1)
              smartcard URI            give the guest a smartcard until stdin ends: the host's reader, or
                  --reader=NAME        that host reader (default: the first, one with a card first)
                  --certificates=LIST  a software card with these NSS certificates instead (see
                                       --spice-smartcard-certificates; --spice-smartcard-db names the database)
              usb URI                  plug USB devices into the guest until stdin ends:
                  --disk=IMAGE         a disk image as an emulated USB disk (repeatable)
                  --read-only          the disks are write-protected
                  --redirect=DEVICE    a host device, VID:PID or BUS-ADDRESS (repeatable; needs access to
                                       /dev/bus/usb)
                  --list               list the host's USB devices instead
              audio URI                play the guest's sound and feed its microphone, with no window
                  --out=FILE.wav       write what the guest plays to FILE (silence included from its first
                                       stream) instead of the speaker
                  --in=FILE.wav        the guest's microphone plays FILE (at the guest's rate, 48000 Hz) then
                                       silence, instead of the default capture device
                  --seconds=N          stop after N seconds (default: when interrupted or the server goes away)
              share URI DIR            share the folder DIR with the guest until stdin ends (in the guest,
                  --read-only          spice-webdavd serves it on localhost:9843); read-only: every write 403
              screenshot URI FILE      write the first complete frame of the display as PNG (or PPM: FILE.ppm)
                  --wait=SECONDS       how long to wait for a frame (default 20)
                  --quiet=SECONDS      a frame is complete once no draw came for this long (default 0.3)
                  --record=RECORDING   also record the display channel's messages, for saffron replay
              replay RECORDING FILE    play a display recording offline; write its last picture (PNG or PPM)
              version                  print the version
              help                     print this help

            URI: spice://HOST:PORT, spice://HOST?port=P&tls-port=T, spice+unix:///PATH, spice+tls://HOST:T,
                 a virt-viewer connection file FILE.vv, or - to read one from standard input
                 (delete-this-file=1 deletes the file once read; options given here are overridden by
                 the file, except -w/--password)

            session options:
            %s
            for every command:
              --jfr=FILE               record the run's Flight Recorder events into FILE: the JDK's default ones and
                                       Saffron's saffron.* (read with jfr print --events 'saffron.*' FILE, or in
                                       JDK Mission Control)
            exit codes: 0 ok (the viewer: the window was closed), 1 failed (the viewer: the server disconnected),
              2 usage or bad URI, 3 server or proxy unreachable, refused or timed out,
              4 wrong or missing password, username or proxy credentials, 5 no window: no display server or no OpenGL 3.3
            """;

    private Main() {
    }

    /** @param args command line */
    public static void main(String[] args) {
        // The window is GLFW's; Java2D only draws text into memory for it. A non-headless AWT would open an X
        // connection of its own and install its own Xlib error handlers over the window's.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return FlightRecording.around(argv, err, rest -> runCommand(rest, out, err));
    }

    private static int runCommand(List<String> argv, PrintStream out, PrintStream err) {
        Arguments args = new Arguments(argv);
        String command = args.next().orElse("help");
        try {
            return switch (command) {
                case "help", "-h", "--help", "-?" -> {
                    out.print(USAGE.formatted(WindowArguments.HELP.stripTrailing(), UsbOptions.HELP.stripTrailing(),
                            ReconnectOptions.HELP.stripTrailing(), SessionOptions.HELP.stripTrailing()));
                    yield ExitCode.OK.code();
                }
                case "version", "--version", "--spice-gtk-version" -> {
                    out.println("saffron " + VERSION);
                    yield ExitCode.OK.code();
                }
                case "info" -> info(args, out);
                case "port" -> port(args);
                case "smartcard" -> smartcard(args, System.out);
                case "usb" -> usb(args, System.out);
                case "audio" -> audio(args, System.out);
                case "share" -> share(args, System.out);
                case "screenshot" -> screenshot(args);
                case "replay" -> replay(args);
                default -> {
                    // As remote-viewer takes them: a URI, with the options before or after it.
                    if (!command.contains("://") && !command.startsWith("-") && !SessionOptions.isConnectionFile(command)) {
                        throw new UsageException("unknown command '" + command + "' (try: saffron help)");
                    }
                    yield view(new Arguments(argv), err);
                }
            };
        } catch (UsageException e) {
            err.println("saffron: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (SpiceException e) {
            err.println("saffron: " + e.getMessage());
            return ExitCode.of(e.error()).code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("saffron: interrupted");
            return ExitCode.FAILED.code();
        }
    }

    private static int view(Arguments args, PrintStream err)
            throws UsageException, SpiceException, InterruptedException {
        SessionOptions options = new SessionOptions();
        WindowArguments window = new WindowArguments();
        UsbOptions usb = new UsbOptions();
        ReconnectOptions reconnect = new ReconnectOptions();
        // With --connect-command the command names the server, so no URI is given.
        parse(args, options, () -> reconnect.connectCommand().isPresent() ? 0 : 1, (word, rest) ->
                usb.accept(word, rest) || window.accept(word, rest) || reconnect.accept(word, rest));
        Optional<VvFile> file = options.vvFile();
        if (reconnect.connectCommand().isPresent()) {
            options.refusePassword("with --connect-command each connection file brings its own ticket");
            // Run before the window opens, so that the file's title, full screen and hotkeys apply as a file's do.
            VvFile first = reconnect.connectCommand().get().run();
            first.warnings().forEach(warning -> err.println("saffron: warning: " + warning));
            file = Optional.of(first);
        }
        if (file.isPresent()) {
            window.applyConnectionFile(file.get());
            usb.applyConnectionFile(file.get());
        }
        SessionConfig config = (reconnect.connectCommand().isPresent() ? options.buildWith(file.orElseThrow())
                : options.build()).toBuilder()
                .reconnectPolicy(reconnect.policy(window.kiosk(), window.kioskQuitOnDisconnect())).build();
        usb.check(config);
        Optional<ReconnectHook> hook = reconnect.connectCommand()
                .map(command -> new ConnectCommandHook(command, options, err));
        return ViewCommand.run(config, window.build(), window.monitors(), usb, hook, err);
    }

    private static int info(Arguments args, PrintStream out) throws UsageException, SpiceException {
        SessionOptions options = new SessionOptions();
        parse(args, options, 1, null);
        options.refuseSharedFolder("info");
        InfoCommand.run(options.build(), out);
        return ExitCode.OK.code();
    }

    private static int port(Arguments args) throws UsageException, SpiceException, InterruptedException {
        SessionOptions options = new SessionOptions();
        Duration[] linger = {Duration.ofSeconds(1)};
        parse(args, options, 2, (word, rest) -> {
            if (!Arguments.optionName(word).equals("--linger")) {
                return false;
            }
            linger[0] = seconds(word, rest);
            return true;
        });
        options.refuseSharedFolder("port");
        SessionConfig config = options.build();
        PortCommand.run(config, args.positional().get(1), linger[0], System.in, System.out);
        return ExitCode.OK.code();
    }

    private static int smartcard(Arguments args, PrintStream out)
            throws UsageException, SpiceException, InterruptedException {
        SessionOptions options = new SessionOptions();
        String[] reader = {null};
        List<String> certificates = new ArrayList<>();
        parse(args, options, 1, (word, rest) -> switch (Arguments.optionName(word)) {
            case "--reader" -> {
                reader[0] = rest.value(word);
                yield true;
            }
            case "--certificates" -> {
                certificates.addAll(Arrays.stream(rest.value(word).split(",")).map(String::trim)
                        .filter(name -> !name.isEmpty()).toList());
                yield true;
            }
            default -> false;
        });
        options.refuseSharedFolder("smartcard");
        if (reader[0] != null && !certificates.isEmpty()) {
            throw new UsageException("--reader and --certificates: a host reader or a software card, not both");
        }
        SessionConfig.Builder config = options.build().toBuilder().smartcardEnabled(true);
        if (!certificates.isEmpty()) {
            config.smartcardCertificates(certificates);
        }
        try {
            SmartcardCommand.run(config.build(), Optional.ofNullable(reader[0]), System.in, out);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return ExitCode.OK.code();
    }

    private static int usb(Arguments args, PrintStream out)
            throws UsageException, SpiceException, InterruptedException {
        SessionOptions options = new SessionOptions();
        List<Path> disks = new ArrayList<>();
        List<String> hostDevices = new ArrayList<>();
        boolean[] flags = new boolean[2];
        parse(args, options, 1, (word, rest) -> switch (Arguments.optionName(word)) {
            case "--disk" -> {
                disks.add(Path.of(rest.value(word)));
                yield true;
            }
            case "--redirect" -> {
                hostDevices.add(rest.value(word));
                yield true;
            }
            case "--read-only" -> {
                flags[0] = true;
                yield true;
            }
            case "--list" -> {
                flags[1] = true;
                yield true;
            }
            default -> false;
        });
        options.refuseSharedFolder("usb");
        if (flags[1]) {
            if (!disks.isEmpty() || !hostDevices.isEmpty()) {
                throw new UsageException("--list shows the host's devices; it plugs nothing in, so it takes no "
                        + "--disk or --redirect");
            }
            UsbCommand.list(out);
            return ExitCode.OK.code();
        }
        if (disks.isEmpty() && hostDevices.isEmpty()) {
            throw new UsageException("usb: nothing to plug in; give --disk=IMAGE or --redirect=VID:PID|BUS-ADDRESS "
                    + "(or --list)");
        }
        if (flags[0] && disks.isEmpty()) {
            throw new UsageException("--read-only applies to --disk images; a host device is redirected as it is");
        }
        SessionConfig config = options.build();
        if (!config.usbredirEnabled()) {
            throw new UsageException("usb with --spice-disable-usbredir: USB redirection is what this command does");
        }
        try {
            UsbCommand.run(config, new UsbCommand.Devices(disks, flags[0], hostDevices), System.in, out);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return ExitCode.OK.code();
    }

    private static int audio(Arguments args, PrintStream out)
            throws UsageException, SpiceException, InterruptedException {
        SessionOptions options = new SessionOptions();
        Path[] files = {null, null};
        Duration[] seconds = {null};
        parse(args, options, 1, (word, rest) -> switch (Arguments.optionName(word)) {
            case "--out" -> {
                files[0] = Path.of(rest.value(word));
                yield true;
            }
            case "--in" -> {
                files[1] = Path.of(rest.value(word));
                yield true;
            }
            case "--seconds" -> {
                seconds[0] = seconds(word, rest);
                yield true;
            }
            default -> false;
        });
        options.refuseSharedFolder("audio");
        AudioCommand.run(options.build(), Optional.ofNullable(files[0]), Optional.ofNullable(files[1]),
                Optional.ofNullable(seconds[0]), out);
        return ExitCode.OK.code();
    }

    private static int share(Arguments args, PrintStream out)
            throws UsageException, SpiceException, InterruptedException {
        SessionOptions options = new SessionOptions();
        boolean[] readOnly = {false};
        parse(args, options, 2, (word, rest) -> {
            if (!Arguments.optionName(word).equals("--read-only")) {
                return false;
            }
            readOnly[0] = true;
            return true;
        });
        SessionConfig config = options.build().toBuilder().sharedDir(Path.of(args.positional().get(1)))
                .shareDirReadOnly(readOnly[0]).build();
        ShareCommand.run(config, System.in, out);
        return ExitCode.OK.code();
    }

    private static int screenshot(Arguments args) throws UsageException, SpiceException, InterruptedException {
        SessionOptions options = new SessionOptions();
        Duration[] wait = {Duration.ofSeconds(20)};
        Duration[] quiet = {Duration.ofMillis(300)};
        Path[] recording = {null};
        parse(args, options, 2, (word, rest) -> switch (Arguments.optionName(word)) {
            case "--record" -> {
                recording[0] = Path.of(rest.value(word));
                yield true;
            }
            case "--wait" -> {
                wait[0] = seconds(word, rest);
                yield true;
            }
            case "--quiet" -> {
                quiet[0] = seconds(word, rest);
                yield true;
            }
            default -> false;
        });
        options.refuseSharedFolder("screenshot");
        SessionConfig config = options.build();
        ScreenshotCommand.run(config, Path.of(args.positional().get(1)), quiet[0], wait[0], recording[0]);
        return ExitCode.OK.code();
    }

    private static int replay(Arguments args) throws UsageException, SpiceException, InterruptedException {
        while (args.hasNext()) {
            String word = args.next().orElseThrow();
            if (word.startsWith("-") && word.length() > 1) {
                throw new UsageException("unknown option " + Arguments.optionName(word));
            }
            args.addPositional(word);
        }
        if (args.positional().size() != 2) {
            throw new UsageException("usage: saffron replay RECORDING FILE");
        }
        try {
            ScreenshotCommand.replay(Path.of(args.positional().get(0)), Path.of(args.positional().get(1)));
        } catch (SpiceException e) {
            throw e;
        } catch (IOException e) {
            throw new SpiceException(SpiceError.IO, "cannot read " + args.positional().get(0) + ": "
                    + e.getMessage(), e);
        }
        return ExitCode.OK.code();
    }

    private static Duration seconds(String word, Arguments args) throws UsageException {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(args.value(word)) * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException(Arguments.optionName(word) + " takes a number of seconds");
        }
    }

    /** A command's own options, tried before the session options. */
    @FunctionalInterface
    private interface ExtraOption {
        boolean accept(String word, Arguments args) throws UsageException;
    }

    private static void parse(Arguments args, SessionOptions options, int positionalCount, ExtraOption extra)
            throws UsageException {
        parse(args, options, () -> positionalCount, extra);
    }

    /** @param positionalCount how many positional words the options given ask for, known once they are read */
    private static void parse(Arguments args, SessionOptions options, IntSupplier positionalCount,
                              ExtraOption extra) throws UsageException {
        boolean optionsEnded = false;
        while (args.hasNext()) {
            String word = args.next().orElseThrow();
            if (!optionsEnded && word.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && word.startsWith("-") && word.length() > 1) {
                if ((extra == null || !extra.accept(word, args)) && !options.accept(word, args)) {
                    throw new UsageException("unknown option " + Arguments.optionName(word));
                }
            } else {
                args.addPositional(word);
            }
        }
        int expected = positionalCount.getAsInt();
        if (args.positional().size() != expected) {
            throw new UsageException("expected " + expected + " argument(s), got "
                    + args.positional().size() + " (try: saffron help)");
        }
        if (expected > 0) {
            options.uri(args.positional().get(0));
        }
        options.warnings().forEach(warning -> System.err.println("saffron: warning: " + warning));
        options.vvFile().ifPresent(file -> file.warnings().forEach(warning -> System.err.println("saffron: warning: "
                + warning)));
        ConsoleLoggerFinder.debug(options.debug());
    }
}
