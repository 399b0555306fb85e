package dev.saffron.viewer;

import dev.saffron.spice.ImageCompression;
import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceUri;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The session options every command shares: the server URI and spice-gtk's {@code --spice-*} option group,
 * with the same names and meanings, plus spicy's {@code -w/--password} and a connect timeout.
 */
final class SessionOptions {
    static final String HELP = """
              -w, --password=PASSWORD               server password (also accepted in the URI)
              --timeout=SECONDS                     connect timeout (default 10)
              --spice-secure-channels=LIST          force the listed channels to TLS (main,display,...,all)
              --spice-disable-effects=LIST          disable guest effects (wallpaper,font-smooth,animation,all)
              --spice-color-depth=16|32             guest color depth (deprecated and ignored, as in spice-gtk)
              --spice-ca-file=FILE                  truststore for secure connections
                                                    (default ~/.spicec/spice_truststore.pem if present)
              --spice-host-subject=SUBJECT          subject of the host certificate (C=..,O=..,CN=..)
              --spice-disable-audio                 disable audio (the guest's sound and microphone)
              --spice-disable-usbredir              disable USB redirection
              --spice-cache-size=BYTES              image cache size (deprecated)
              --spice-glz-window-size=BYTES         GLZ history size (deprecated)
              --spice-preferred-compression=NAME    auto-glz, auto-lz, quic, glz, lz, lz4, off
              --spice-smartcard                     give the guest the host's smartcard reader (PC/SC)
              --spice-smartcard-certificates=LIST   give the guest a software smartcard holding these
                                                    certificates and their keys (NSS nicknames, up to three)
              --spice-smartcard-db=DIR              the NSS database of those certificates (default
                                                    /etc/pki/nssdb)
              --spice-shared-dir=DIR                share this folder with the guest (WebDAV; in the guest,
                                                    spice-webdavd serves it on localhost:9843)
              --spice-share-dir-ro                  share it read-only (spice-gtk's share-dir-ro)
              --spice-debug                         debug logging on standard error
            """;

    /** spice-gtk's option layer trusts this file, under the home folder, when no CA file is given. */
    static final Path DEFAULT_TRUSTSTORE = Path.of(".spicec", "spice_truststore.pem");

    private final SessionConfig.Builder builder = SessionConfig.builder();
    private final Path home;
    private SpiceUri uri;
    private VvFile vvFile;
    private boolean debug;
    /** Whether {@code --spice-smartcard} was given, and whether a software card's certificates or database were. */
    private boolean smartcardsOn;
    private boolean softwareCardNamed;
    /** Whether {@code --spice-shared-dir} and {@code --spice-share-dir-ro} were given. */
    private boolean folderShared;
    private boolean folderReadOnly;
    private boolean passwordGiven;
    private final List<String> warnings = new ArrayList<>();

    /** Options for the current user, whose home is {@code $HOME} (as GLib reads it) or else Java's user.home. */
    SessionOptions() {
        this(homeFolder());
    }

    /** @param home the folder {@link #DEFAULT_TRUSTSTORE} is looked up in */
    SessionOptions(Path home) {
        this.home = home;
    }

    private static Path homeFolder() {
        String fromEnvironment = System.getenv("HOME");
        return Path.of(fromEnvironment != null && !fromEnvironment.isEmpty() ? fromEnvironment
                : System.getProperty("user.home"));
    }

    /**
     * Consumes {@code word} (and its value) if it is a session option.
     *
     * @return whether it was one
     */
    boolean accept(String word, Arguments args) throws UsageException {
        String name = Arguments.optionName(word);
        try {
            switch (name) {
                case "-w", "--password" -> {
                    builder.password(args.value(word));
                    passwordGiven = true;
                }
                case "--timeout" -> builder.connectTimeout(Duration.ofMillis(
                        (long) (Double.parseDouble(args.value(word)) * 1000)));
                case "--spice-secure-channels" -> builder.secureChannelNames(split(args.value(word)));
                case "--spice-disable-effects" -> builder.disableEffects(new LinkedHashSet<>(split(args.value(word))));
                case "--spice-color-depth" -> {
                    colorDepth(Integer.parseInt(args.value(word)));
                    warnings.add(name + " is deprecated and ignored, as in spice-gtk: the guest decides its depth");
                }
                case "--spice-ca-file" -> builder.caFile(Path.of(args.value(word)));
                case "--spice-host-subject" -> builder.certSubject(args.value(word));
                case "--spice-disable-audio" -> builder.audioEnabled(false);
                case "--spice-disable-usbredir" -> builder.usbredirEnabled(false);
                case "--spice-smartcard" -> {
                    builder.smartcardEnabled(true);
                    smartcardsOn = true;
                }
                case "--spice-smartcard-certificates" -> {
                    builder.smartcardCertificates(split(args.value(word)));
                    softwareCardNamed = true;
                }
                case "--spice-smartcard-db" -> {
                    builder.smartcardDb(args.value(word));
                    softwareCardNamed = true;
                }
                case "--spice-shared-dir" -> {
                    builder.sharedDir(Path.of(args.value(word)));
                    folderShared = true;
                }
                case "--spice-share-dir-ro" -> {
                    builder.shareDirReadOnly(true);
                    folderReadOnly = true;
                }
                case "--spice-cache-size" -> builder.cacheSize(Integer.parseInt(args.value(word)));
                case "--spice-glz-window-size" -> builder.glzWindowSize(Integer.parseInt(args.value(word)));
                case "--spice-preferred-compression" -> {
                    String value = args.value(word);
                    builder.preferredCompression(ImageCompression.fromSpiceName(value).orElseThrow(
                            () -> new UsageException(name + ": unknown compression '" + value + "'")));
                }
                case "--spice-debug" -> debug = true;
                default -> {
                    return false;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": " + e.getMessage());
        }
        return true;
    }

    // spice-gtk still accepts its deprecated, hidden --spice-color-depth; so do we, with the same meaning.
    @SuppressWarnings("deprecation")
    private void colorDepth(int depth) {
        builder.colorDepth(depth);
    }

    /**
     * Sets the server from the word that names it: a SPICE URI, a virt-viewer connection file
     * ({@code FILE.vv}, or any existing file that is not a URI), or {@code -} for a connection file on
     * {@code stdin}.
     */
    void uri(String text, InputStream stdin) throws UsageException {
        if (text.equals("-")) {
            vvFile = VvFile.read(stdin, "<stdin>");
            return;
        }
        if (isConnectionFile(text)) {
            vvFile = VvFile.read(Path.of(text));
            return;
        }
        try {
            uri = SpiceUri.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad URI: " + e.getMessage());
        }
    }

    /** @return whether a word names a virt-viewer connection file: {@code FILE.vv} or an existing file */
    static boolean isConnectionFile(String word) {
        return !word.contains("://") && (word.toLowerCase(Locale.ROOT).endsWith(".vv")
                || Files.isRegularFile(Path.of(word)));
    }

    /** Sets the server from a URI or connection-file word; {@code -} reads standard input. */
    void uri(String text) throws UsageException {
        uri(text, System.in);
    }

    /** @return the connection file the server came from, with its window settings and warnings */
    Optional<VvFile> vvFile() {
        return Optional.ofNullable(vvFile);
    }

    boolean debug() {
        return debug;
    }

    /**
     * Refuses the shared-folder options for a command that serves no folder, rather than accept them and do
     * nothing.
     *
     * @throws UsageException if {@code --spice-shared-dir} or {@code --spice-share-dir-ro} was given
     */
    void refuseSharedFolder(String command) throws UsageException {
        if (folderShared || folderReadOnly) {
            throw new UsageException("'saffron " + command + "' shares no folder: --spice-shared-dir works in the "
                    + "window and with 'saffron share'");
        }
    }

    /**
     * Refuses {@code -w/--password} where each connection brings its own ticket, rather than override the fresh
     * ticket with a stale one.
     *
     * @throws UsageException if a password was given
     */
    void refusePassword(String because) throws UsageException {
        if (passwordGiven) {
            throw new UsageException("-w/--password: " + because);
        }
    }

    /** @return what the user should know about the options given: those accepted that change nothing */
    List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        if (softwareCardNamed && !smartcardsOn) {
            all.add("--spice-smartcard-certificates and --spice-smartcard-db change nothing without "
                    + "--spice-smartcard, as in spice-gtk");
        }
        if (folderReadOnly && !folderShared) {
            all.add("--spice-share-dir-ro changes nothing without --spice-shared-dir");
        }
        return List.copyOf(all);
    }

    /**
     * @return the configuration: the options, then the URI's or connection file's values over them (a
     *         password given as an option still wins), and the default truststore as CA file when none is
     *         given and it exists as a regular file
     */
    SessionConfig build() throws UsageException {
        if (uri == null && vvFile == null) {
            throw new UsageException("no server URI given (spice://HOST:PORT)");
        }
        return build(vvFile);
    }

    /**
     * @param file a connection file that names the server instead of the command line's URI or file, as
     *             {@code --connect-command} prints before each connection
     * @return the configuration {@link #build()} would make with that file
     */
    SessionConfig buildWith(VvFile file) throws UsageException {
        return build(Objects.requireNonNull(file, "file"));
    }

    private SessionConfig build(VvFile file) throws UsageException {
        try {
            SessionConfig options = builder.build();
            Path truststore = home.resolve(DEFAULT_TRUSTSTORE);
            if (options.caFile().isEmpty() && Files.isRegularFile(truststore)) {
                options = options.toBuilder().caFile(truststore).build();
            }
            SessionConfig.Builder merged = options.toBuilder();
            if (file != null) {
                file.applyTo(merged);
            } else {
                merged.uri(uri);
            }
            options.password().ifPresent(merged::password);
            return merged.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
