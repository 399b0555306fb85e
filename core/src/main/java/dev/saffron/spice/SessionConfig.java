package dev.saffron.spice;

import dev.saffron.spice.spi.VideoCodec;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Everything a SPICE session needs to know before it connects: one value for each property of spice-gtk's
 * {@code SpiceSession}, with the same meaning and default, plus three limits of Saffron's own
 * ({@link #connectTimeout()}, {@link #maxMessageSize()} and {@link #surfaceMemoryBudget()}) and two reconnect
 * settings ({@link #reconnectPolicy()}, {@link #singleUseTicket()}). Each accessor names the spice-gtk property
 * and, where there is one, the {@code --spice-*} command-line option that sets it.
 *
 * <p>Where Saffron lacks the feature behind a property, it says so rather than pretend: folder sharing
 * ({@code shared-dir}, {@code share-dir-ro}) needs a server, which {@code saffron-webdav} gives the session
 * ({@link SpiceSession#serveSharedFolder}); {@code color-depth} is ignored, as spice-gtk ignores it.
 *
 * <p>Instances are immutable and thread-safe; create them with {@link #builder()} and derive new ones with
 * {@link #toBuilder()}. Byte arrays are copied in and out. Equality is by value. {@link #toString()} shows
 * neither the password nor the proxy's credentials.
 *
 * <p>The session's run-time state ({@code name}, {@code uuid}, {@code migration-state},
 * {@code webdav-server}) belongs to the session, not here.
 */
public final class SessionConfig {
    private static final System.Logger LOG = System.getLogger(SessionConfig.class.getName());

    /** SPICE ticket authentication RSA-encrypts the password with its NUL; the protocol caps it at 60 bytes. */
    static final int MAX_PASSWORD_BYTES = 60;
    /** spice-gtk's {@code glz-window-size} maximum: four times the LZ format's 32 MiB window. */
    static final int MAX_GLZ_WINDOW_SIZE = 4 * (1 << 25);
    static final int MAX_COLOR_DEPTH = 32;
    static final int MIN_PROTOCOL = 1;
    static final int MAX_PROTOCOL = 2;
    static final int MIN_MAX_MESSAGE_SIZE = 4 * 1024;
    static final int MAX_MAX_MESSAGE_SIZE = 1024 * 1024 * 1024;
    static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
    static final long MIN_SURFACE_MEMORY_BUDGET = 1024 * 1024;
    /**
     * 512 MiB: room for the largest surface Saffron takes (8192x8192, 256 MiB) twice over, or for sixteen
     * 4K surfaces (3840x2160, 31.6 MiB each). QEMU's QXL device keeps its surfaces in 64 MiB of video memory by
     * default and its primary in 64 MiB more, so real guests stay far below it.
     */
    static final long DEFAULT_SURFACE_MEMORY_BUDGET = 512L * 1024 * 1024;
    /** The most decode threads a display channel may have. */
    static final int MAX_DECODE_THREADS = 16;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final String DEFAULT_HOST = "localhost";
    static final Set<String> EFFECT_NAMES = Set.of("wallpaper", "font-smooth", "animation", "all");
    static final String PROXY_ENVIRONMENT_VARIABLE = "SPICE_PROXY";
    static final String DISABLE_GL_SCANOUT_ENVIRONMENT_VARIABLE = "SPICE_DISABLE_GL_SCANOUT";

    private final Optional<String> host;
    private final OptionalInt port;
    private final OptionalInt tlsPort;
    private final Optional<String> unixPath;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<Path> caFile;
    private final byte[] ca;
    private final Optional<String> ciphers;
    private final Optional<String> certSubject;
    private final byte[] pubkey;
    private final Set<VerifyMode> verify;
    private final int protocol;
    private final boolean clientSockets;
    private final boolean readOnly;
    private final boolean audioEnabled;
    private final boolean usbredirEnabled;
    private final boolean smartcardEnabled;
    private final List<String> smartcardCertificates;
    private final Optional<String> smartcardDb;
    private final boolean inhibitKeyboardGrab;
    private final Optional<Path> sharedDir;
    private final boolean shareDirReadOnly;
    private final Set<String> disableEffects;
    private final int colorDepth;
    private final int cacheSize;
    private final int glzWindowSize;
    private final Optional<ImageCompression> preferredCompression;
    private final List<VideoCodec> preferredVideoCodecs;
    private final boolean videoCodecsEnabled;
    private final Set<ChannelType> secureChannels;
    private final Set<ChannelType> linkedChannels;
    private final Optional<String> proxy;
    private final Optional<Boolean> glScanout;
    private final Duration connectTimeout;
    private final int maxMessageSize;
    private final long surfaceMemoryBudget;
    private final int decodeThreads;
    private final ReconnectPolicy reconnectPolicy;
    private final boolean singleUseTicket;

    private SessionConfig(Builder b) {
        host = b.host;
        port = b.port;
        tlsPort = b.tlsPort;
        unixPath = b.unixPath;
        username = b.username;
        password = b.password;
        caFile = b.caFile;
        ca = b.ca == null ? null : b.ca.clone();
        ciphers = b.ciphers;
        certSubject = b.certSubject;
        pubkey = b.pubkey == null ? null : b.pubkey.clone();
        verify = Collections.unmodifiableSet(copyOf(b.verify, VerifyMode.class));
        protocol = b.protocol;
        clientSockets = b.clientSockets;
        readOnly = b.readOnly;
        audioEnabled = b.audioEnabled;
        usbredirEnabled = b.usbredirEnabled;
        smartcardEnabled = b.smartcardEnabled;
        smartcardCertificates = b.smartcardCertificates;
        smartcardDb = b.smartcardDb;
        inhibitKeyboardGrab = b.inhibitKeyboardGrab;
        sharedDir = b.sharedDir;
        shareDirReadOnly = b.shareDirReadOnly;
        disableEffects = Collections.unmodifiableSet(new TreeSet<>(b.disableEffects));
        colorDepth = b.colorDepth;
        cacheSize = b.cacheSize;
        glzWindowSize = b.glzWindowSize;
        preferredCompression = b.preferredCompression;
        preferredVideoCodecs = List.copyOf(b.preferredVideoCodecs);
        videoCodecsEnabled = b.videoCodecsEnabled;
        secureChannels = Collections.unmodifiableSet(copyOf(b.secureChannels, ChannelType.class));
        linkedChannels = Collections.unmodifiableSet(copyOf(b.linkedChannels, ChannelType.class));
        proxy = b.proxy;
        glScanout = b.glScanout;
        connectTimeout = b.connectTimeout;
        maxMessageSize = b.maxMessageSize;
        surfaceMemoryBudget = b.surfaceMemoryBudget;
        decodeThreads = b.decodeThreads;
        reconnectPolicy = b.reconnectPolicy;
        singleUseTicket = b.singleUseTicket;
    }

    private static <E extends Enum<E>> EnumSet<E> copyOf(Collection<E> values, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(values);
        return copy;
    }

    /** @return a builder holding spice-gtk's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * spice-gtk {@code host}. IPv6 literals may be written in brackets, as a URI leaves them.
     *
     * @return the server's host name or address; {@code "localhost"} by default, empty only if cleared (a
     *         {@code spice+unix://} URI clears it)
     */
    public Optional<String> host() {
        return host;
    }

    /** @return spice-gtk {@code port}: the server's plain-text port; none by default */
    public OptionalInt port() {
        return port;
    }

    /** @return spice-gtk {@code tls-port}: the server's TLS port; none by default */
    public OptionalInt tlsPort() {
        return tlsPort;
    }

    /**
     * @return spice-gtk {@code unix-path}: a Unix socket to connect to instead of {@link #host()}; none by
     *         default. When present it wins over the host; TLS is not available over it, so a channel
     *         that must be secured cannot connect.
     */
    public Optional<String> unixPath() {
        return unixPath;
    }

    /** @return spice-gtk {@code username}: the user name for SASL authentication; none by default */
    public Optional<String> username() {
        return username;
    }

    /**
     * @return spice-gtk {@code password}: the ticket (or SASL) password, at most 60 bytes of UTF-8; none by
     *         default, which ticket authentication sends as an empty password
     */
    public Optional<String> password() {
        return password;
    }

    /**
     * spice-gtk {@code ca-file}; option {@code --spice-ca-file}. spice-gtk's option layer (not the session)
     * falls back to {@code ~/.spicec/spice_truststore.pem} when that file exists; so does the Saffron
     * launcher. The certificates here and in {@link #ca()} are trusted together. If neither yields any (none
     * given, or the file unreadable, which is logged as a warning as in spice-gtk), the JDK's default trust
     * store is used, where spice-gtk uses OpenSSL's system CAs.
     *
     * @return a PEM file of CA certificates to trust for TLS; none by default
     */
    public Optional<Path> caFile() {
        return caFile;
    }

    /** @return spice-gtk {@code ca}: CA certificates in PEM, a fresh copy; none by default. See {@link #caFile()}. */
    public Optional<byte[]> ca() {
        return Optional.ofNullable(ca).map(byte[]::clone);
    }

    /**
     * spice-gtk {@code ciphers}: the TLS 1.2 cipher list in OpenSSL's syntax ({@code :}-separated); TLS 1.3
     * suites are not affected, as in OpenSSL. Suite names (OpenSSL's, such as
     * {@code ECDHE-RSA-AES128-GCM-SHA256}, or JSSE's) select exactly those suites, in order; {@code !name} and
     * {@code -name} remove one; OpenSSL's selector words ({@code HIGH}, {@code DEFAULT}, {@code ECDHE+AESGCM},
     * ...) are not evaluated and stand for the JDK's default TLS 1.2 suites. A list that leaves no suite the
     * JDK implements keeps the defaults, with a warning, as spice-gtk does when OpenSSL refuses a list.
     *
     * @return the cipher list; none by default (the JDK's defaults)
     */
    public Optional<String> ciphers() {
        return ciphers;
    }

    /**
     * @return spice-gtk {@code cert-subject}; option {@code --spice-host-subject}: the subject the server's
     *         certificate must carry, as comma-separated {@code field=value} pairs in the certificate's order,
     *         such as {@code C=IL,L=Raanana,O=Red Hat,CN=my server} ({@code \,} and {@code \\} escape a comma
     *         and a backslash; field names are OpenSSL's, case-sensitive; values compare ignoring ASCII case
     *         and runs of white space); none by default. When checked it replaces the host name check.
     */
    public Optional<String> certSubject() {
        return certSubject;
    }

    /**
     * @return spice-gtk {@code pubkey}: the public key the server's certificate must carry, as a DER
     *         SubjectPublicKeyInfo (what {@code openssl x509 -pubkey -noout | openssl pkey -pubin -outform DER}
     *         prints), a fresh copy; none by default. When it matches, chain and name problems are forgiven.
     */
    public Optional<byte[]> pubkey() {
        return Optional.ofNullable(pubkey).map(byte[]::clone);
    }

    /**
     * @return spice-gtk {@code verify}: the certificate checks; {@link VerifyMode#HOSTNAME} alone by default.
     *         The builder's {@link Builder#pubkey(byte[])} and {@link Builder#certSubject(String)} add and
     *         remove their modes, as spice-gtk's setters do. An empty set checks nothing, as in spice-gtk.
     */
    public Set<VerifyMode> verify() {
        return verify;
    }

    /**
     * @return spice-gtk {@code protocol}: the SPICE protocol major version the link offers, 1 or 2; 2 by
     *         default. Saffron speaks only version 2's messages, so a server that answers with another major
     *         version (or refuses 1, as spice-server does) ends the connection with
     *         {@link SpiceError#LINK_VERSION_MISMATCH}
     */
    public int protocol() {
        return protocol;
    }

    /**
     * @return spice-gtk {@code client-sockets}: whether the application supplies each channel's socket
     *         instead of the session connecting, through {@link SpiceSession#setOpenFdHandler}; false by
     *         default
     */
    public boolean clientSockets() {
        return clientSockets;
    }

    /** @return spice-gtk {@code read-only}: whether to send no input to the guest; false by default */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * @return spice-gtk {@code enable-audio} (option {@code --spice-disable-audio} turns it off): whether to
     *         open the playback and record channels; true by default. {@link SessionAudio} plays and records
     *         through them
     */
    public boolean audioEnabled() {
        return audioEnabled;
    }

    /**
     * @return spice-gtk {@code enable-usbredir} (option {@code --spice-disable-usbredir} turns it off): whether
     *         USB devices may be redirected to the guest; true by default. When set, the session opens the
     *         server's usbredir channels ({@link SpiceSession#usbRedirChannels()}), over which
     *         {@code saffron-usbredir} connects host or emulated devices
     */
    public boolean usbredirEnabled() {
        return usbredirEnabled;
    }

    /**
     * @return spice-gtk {@code enable-smartcard}; option {@code --spice-smartcard}: whether to forward smartcard
     *         events to the guest; false by default. When set, the session opens the server's smartcard channel
     *         ({@link SpiceSession#smartcardChannel()}), to which the caller attaches readers: its own, or those
     *         {@code saffron-smartcard}'s {@code SmartcardRedirection} attaches for this configuration
     */
    public boolean smartcardEnabled() {
        return smartcardEnabled;
    }

    /**
     * @return spice-gtk {@code smartcard-certificates}; option {@code --spice-smartcard-certificates} (a
     *         comma-separated list): the NSS nicknames of the certificates (with their keys) of a software
     *         smartcard, up to three; empty by default, meaning use host readers. Like
     *         {@link #smartcardEnabled()}, carried out by {@code saffron-smartcard}'s
     *         {@code SmartcardRedirection}, which makes the card from the NSS database {@link #smartcardDb()}
     */
    public List<String> smartcardCertificates() {
        return smartcardCertificates;
    }

    /**
     * @return spice-gtk {@code smartcard-db}; option {@code --spice-smartcard-db}: the certificate database
     *         holding {@link #smartcardCertificates()} (an NSS database folder, {@code sql:} prefix allowed); none
     *         by default, meaning the system's ({@code /etc/pki/nssdb})
     */
    public Optional<String> smartcardDb() {
        return smartcardDb;
    }

    /**
     * @return spice-gtk {@code inhibit-keyboard-grab}: a request that displays not grab the keyboard, which
     *         spice-gtk's USB redirection sets while it asks for permissions; false by default. Saffron's
     *         viewer window honours it: with it set, the window takes keys only while it has the focus, and
     *         the desktop keeps its own shortcuts
     */
    public boolean inhibitKeyboardGrab() {
        return inhibitKeyboardGrab;
    }

    /**
     * spice-gtk {@code shared-dir}; option {@code --spice-shared-dir}. spice-gtk defaults to the user's XDG
     * public-share folder (often {@code ~/Public}); Saffron shares nothing unless a folder is given, so that
     * building a config never reads the file system. Core only carries the value: {@code saffron-webdav}'s
     * {@code SharedFolder} serves the folder over the session's webdav channel.
     *
     * @return the folder offered to the guest over the WebDAV channel; none by default
     */
    public Optional<Path> sharedDir() {
        return sharedDir;
    }

    /**
     * @return spice-gtk {@code share-dir-ro}: whether {@link #sharedDir()} is shared read-only (every write
     *         answered 403 Forbidden); false by default
     */
    public boolean shareDirReadOnly() {
        return shareDirReadOnly;
    }

    /**
     * @return spice-gtk {@code disable-effects}; option {@code --spice-disable-effects}: the guest display
     *         effects to turn off, from {@code wallpaper}, {@code font-smooth}, {@code animation} and
     *         {@code all}; empty by default
     */
    public Set<String> disableEffects() {
        return disableEffects;
    }

    /**
     * spice-gtk {@code color-depth}; option {@code --spice-color-depth}. Only old Windows guest drivers ever
     * honoured it, and spice-gtk ignores it since 0.37; so does Saffron.
     *
     * @return 0 (leave the guest's depth alone, the default) or a depth up to 32
     * @deprecated the guest's display settings decide the depth
     */
    @Deprecated(since = "spice-gtk 0.37")
    public int colorDepth() {
        return colorDepth;
    }

    /**
     * @return spice-gtk {@code cache-size}; option {@code --spice-cache-size}: the image cache size in bytes;
     *         0 by default, which means spice-gtk's built-in 80 MiB
     */
    public int cacheSize() {
        return cacheSize;
    }

    /**
     * @return spice-gtk {@code glz-window-size}; option {@code --spice-glz-window-size}: the GLZ history size in
     *         bytes, up to 128 MiB; 0 by default, which means half the guest's video memory as the server
     *         reports it, kept between 12 and 64 MiB
     */
    public int glzWindowSize() {
        return glzWindowSize;
    }

    /**
     * @return spice-gtk {@code preferred-compression}; option {@code --spice-preferred-compression}: the image
     *         compression to ask the server for; none by default (spice-gtk's "invalid"), leaving it to the
     *         server
     */
    public Optional<ImageCompression> preferredCompression() {
        return preferredCompression;
    }

    /**
     * @return spice-gtk's preferred video codec types: the codecs to ask the server to stream in, most wanted
     *         first, ahead of MJPEG; empty by default, leaving the order to the server (whose default puts
     *         MJPEG first). Only codecs an installed {@link dev.saffron.spice.spi.VideoDecoderProvider} decodes
     *         are asked for.
     */
    public List<VideoCodec> preferredVideoCodecs() {
        return preferredVideoCodecs;
    }

    /**
     * @return whether the display channels offer the video codecs besides MJPEG (VP8, H.264, VP9, H.265) that
     *         an installed {@link dev.saffron.spice.spi.VideoDecoderProvider} decodes; true by default. When
     *         false they offer MJPEG alone, and the providers, with their native libraries, are never loaded:
     *         what a screenshot wants, for which loading FFmpeg's libavcodec costs about 20 MiB of memory and
     *         a tenth of its CPU time
     */
    public boolean videoCodecsEnabled() {
        return videoCodecsEnabled;
    }

    /**
     * @return the types of channel this session links when the server lists them; every type by default. The
     *         main channel always links. What a picture alone needs is {@link ChannelType#DISPLAY}: a screenshot
     *         or a thumbnail links neither the keyboard, the cursor nor the ports, each a connection and a
     *         handshake more. The other settings still apply: without {@link #audioEnabled()} no audio channel
     *         links, whatever this set says
     */
    public Set<ChannelType> linkedChannels() {
        return linkedChannels;
    }

    /**
     * spice-gtk {@code secure-channels}; option {@code --spice-secure-channels}. As in spice-gtk, a channel
     * listed here connects with TLS to {@link #tlsPort()}; any other channel connects in plain text to
     * {@link #port()} if there is one, else with TLS to {@link #tlsPort()}; and a plain-text channel the server
     * answers with {@link SpiceError#LINK_NEED_SECURED} connects once more, with TLS (before any password is
     * sent).
     *
     * @return the channels that must use TLS; empty by default. spice-gtk's name {@code all} is every channel
     *         type.
     */
    public Set<ChannelType> secureChannels() {
        return secureChannels;
    }

    /**
     * spice-gtk {@code proxy}. Use {@link #effectiveProxy(Map)} to find the proxy to actually use.
     *
     * @return the proxy URI as given (see {@link HttpProxy}), an empty string for "no proxy even if
     *         {@code SPICE_PROXY} names one", or none (the default) to leave it to {@code SPICE_PROXY}
     */
    public Optional<String> proxy() {
        return proxy;
    }

    /**
     * Resolves {@link #proxy()} as spice-gtk does: the configured proxy if there is one, else the
     * {@code SPICE_PROXY} environment variable; an empty string in either place means none. An unusable
     * {@code SPICE_PROXY} is logged and ignored, as spice-gtk does.
     *
     * @param environment the process environment, usually {@link System#getenv()}
     * @return the proxy to tunnel connections through, or empty to connect directly
     */
    public Optional<HttpProxy> effectiveProxy(Map<String, String> environment) {
        if (proxy.isPresent()) {
            return proxy.get().isEmpty() ? Optional.empty() : Optional.of(HttpProxy.parse(proxy.get()));
        }
        String fromEnvironment = environment.get(PROXY_ENVIRONMENT_VARIABLE);
        if (fromEnvironment == null || fromEnvironment.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HttpProxy.parse(fromEnvironment));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring " + PROXY_ENVIRONMENT_VARIABLE + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * spice-gtk {@code gl-scanout}: whether the display may hand the application GL scanouts (dma-buf) instead
     * of drawing into a surface. Use {@link #effectiveGlScanout(Map)} to find whether it is on. Saffron offers GL
     * scanouts only over {@code spice+unix://} with {@code saffron-native-bindings} present (descriptors cannot
     * pass otherwise), and also copies each one into the primary surface.
     *
     * @return the explicit choice, or none (the default) for spice-gtk's default on an EGL-capable build: on,
     *         unless {@code SPICE_DISABLE_GL_SCANOUT} is set
     */
    public Optional<Boolean> glScanout() {
        return glScanout;
    }

    /**
     * @param environment the process environment, usually {@link System#getenv()}
     * @return {@link #glScanout()} if chosen, else whether {@code SPICE_DISABLE_GL_SCANOUT} is absent (any
     *         value, even empty, turns it off)
     */
    public boolean effectiveGlScanout(Map<String, String> environment) {
        return glScanout.orElseGet(() -> !environment.containsKey(DISABLE_GL_SCANOUT_ENVIRONMENT_VARIABLE));
    }

    /**
     * @return Saffron's limit on opening one channel's connection (TCP connect, proxy and TLS handshakes);
     *         10 seconds by default, spice-gtk's socket timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * @return Saffron's limit on the body of one message read from the server, in bytes: a larger size field
     *         is a protocol error, not an allocation; 64 MiB by default, from 4 KiB to 1 GiB
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * @return Saffron's limit on the pixel memory of all display surfaces of the session together, in bytes
     *         (four bytes a pixel): a surface the server creates beyond it is refused, logged and counted
     *         ({@link DisplayChannel#surfacesRefused()}), its draws skipped, and the session goes on; 512 MiB by
     *         default, room for the largest surface twice over or sixteen 4K surfaces; 1 MiB or more
     */
    public long surfaceMemoryBudget() {
        return surfaceMemoryBudget;
    }

    /**
     * @return Saffron's threads per display channel that decode images beside the channel's reader, which
     *         reads and parses the next messages meanwhile; draws still land in message order, so the picture
     *         is the same. 0 decodes on the reader, as spice-gtk does. By default 2 (two images decode at
     *         once) on a machine with two or more processors, 0 with one; 0 to 16
     */
    public int decodeThreads() {
        return decodeThreads;
    }

    /** @return the default {@link #decodeThreads()} on a machine with {@code processors} processors */
    static int defaultDecodeThreads(int processors) {
        return processors >= 2 ? 2 : 0;
    }

    /**
     * @return Saffron's choice of whether and how the session connects again by itself after its connection
     *         drops; {@link ReconnectPolicy#never()} by default, as spice-gtk never does
     */
    public ReconnectPolicy reconnectPolicy() {
        return reconnectPolicy;
    }

    /**
     * @return whether {@link #password()} is a ticket the server accepts once (a {@code .vv} file's
     *         {@code delete-this-file}, Proxmox and oVirt tickets): the session then never links again with
     *         it after its first connection, so a reconnect without a {@link ReconnectHook} that gives a
     *         fresh one ends the session with {@link SpiceError#TICKET_SPENT}; false by default
     */
    public boolean singleUseTicket() {
        return singleUseTicket;
    }

    /**
     * Gives the connection properties back as a URI, as spice-gtk's {@code uri} getter does: the Unix socket if
     * {@link #unixPath()} is set, else the host with its ports, user name and password.
     *
     * @return the URI, or empty when there is neither a Unix path nor a host with a port (spice-gtk gives
     *         {@code NULL} then)
     */
    public Optional<SpiceUri> uri() {
        if (unixPath.isPresent()) {
            return Optional.of(SpiceUri.ofUnixPath(unixPath.get()));
        }
        if (host.isEmpty() || port.isEmpty() && tlsPort.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SpiceUri.ofHost(host.get(), port, tlsPort, username, password));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionConfig that
                && host.equals(that.host)
                && port.equals(that.port)
                && tlsPort.equals(that.tlsPort)
                && unixPath.equals(that.unixPath)
                && username.equals(that.username)
                && password.equals(that.password)
                && caFile.equals(that.caFile)
                && Arrays.equals(ca, that.ca)
                && ciphers.equals(that.ciphers)
                && certSubject.equals(that.certSubject)
                && Arrays.equals(pubkey, that.pubkey)
                && verify.equals(that.verify)
                && protocol == that.protocol
                && clientSockets == that.clientSockets
                && readOnly == that.readOnly
                && audioEnabled == that.audioEnabled
                && usbredirEnabled == that.usbredirEnabled
                && smartcardEnabled == that.smartcardEnabled
                && smartcardCertificates.equals(that.smartcardCertificates)
                && smartcardDb.equals(that.smartcardDb)
                && inhibitKeyboardGrab == that.inhibitKeyboardGrab
                && sharedDir.equals(that.sharedDir)
                && shareDirReadOnly == that.shareDirReadOnly
                && disableEffects.equals(that.disableEffects)
                && colorDepth == that.colorDepth
                && cacheSize == that.cacheSize
                && glzWindowSize == that.glzWindowSize
                && preferredCompression.equals(that.preferredCompression)
                && preferredVideoCodecs.equals(that.preferredVideoCodecs)
                && videoCodecsEnabled == that.videoCodecsEnabled
                && secureChannels.equals(that.secureChannels)
                && linkedChannels.equals(that.linkedChannels)
                && proxy.equals(that.proxy)
                && glScanout.equals(that.glScanout)
                && connectTimeout.equals(that.connectTimeout)
                && maxMessageSize == that.maxMessageSize
                && surfaceMemoryBudget == that.surfaceMemoryBudget
                && decodeThreads == that.decodeThreads
                && reconnectPolicy.equals(that.reconnectPolicy)
                && singleUseTicket == that.singleUseTicket;
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(host, port, tlsPort, unixPath, username, password, caFile, ciphers,
                certSubject, verify, protocol, clientSockets, readOnly, audioEnabled, usbredirEnabled,
                smartcardEnabled, smartcardCertificates, smartcardDb, inhibitKeyboardGrab, sharedDir,
                shareDirReadOnly, disableEffects, colorDepth, cacheSize, glzWindowSize, preferredCompression,
                preferredVideoCodecs, videoCodecsEnabled, secureChannels, linkedChannels, proxy, glScanout,
                connectTimeout, maxMessageSize, surfaceMemoryBudget, decodeThreads, reconnectPolicy,
                singleUseTicket);
        return 31 * (31 * result + Arrays.hashCode(ca)) + Arrays.hashCode(pubkey);
    }

    /** @return every property; the password shows only as {@code <redacted>}, the proxy without credentials */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "SessionConfig{", "}");
        host.ifPresent(value -> out.add("host=" + value));
        port.ifPresent(value -> out.add("port=" + value));
        tlsPort.ifPresent(value -> out.add("tls-port=" + value));
        unixPath.ifPresent(value -> out.add("unix-path=" + value));
        username.ifPresent(value -> out.add("username=" + value));
        password.ifPresent(value -> out.add("password=<redacted>"));
        caFile.ifPresent(value -> out.add("ca-file=" + value));
        if (ca != null) {
            out.add("ca=<" + ca.length + " bytes>");
        }
        ciphers.ifPresent(value -> out.add("ciphers=" + value));
        certSubject.ifPresent(value -> out.add("cert-subject=" + value));
        if (pubkey != null) {
            out.add("pubkey=<" + pubkey.length + " bytes>");
        }
        out.add("verify=" + verify);
        out.add("protocol=" + protocol);
        out.add("client-sockets=" + clientSockets);
        out.add("read-only=" + readOnly);
        out.add("enable-audio=" + audioEnabled);
        out.add("enable-usbredir=" + usbredirEnabled);
        out.add("enable-smartcard=" + smartcardEnabled);
        if (!smartcardCertificates.isEmpty()) {
            out.add("smartcard-certificates=" + smartcardCertificates);
        }
        smartcardDb.ifPresent(value -> out.add("smartcard-db=" + value));
        out.add("inhibit-keyboard-grab=" + inhibitKeyboardGrab);
        sharedDir.ifPresent(value -> out.add("shared-dir=" + value));
        out.add("share-dir-ro=" + shareDirReadOnly);
        if (!disableEffects.isEmpty()) {
            out.add("disable-effects=" + disableEffects);
        }
        if (colorDepth != 0) {
            out.add("color-depth=" + colorDepth);
        }
        out.add("cache-size=" + cacheSize);
        out.add("glz-window-size=" + glzWindowSize);
        preferredCompression.ifPresent(value -> out.add("preferred-compression=" + value.spiceName()));
        if (!preferredVideoCodecs.isEmpty()) {
            out.add("preferred-video-codecs=" + preferredVideoCodecs);
        }
        if (!videoCodecsEnabled) {
            out.add("video-codecs=mjpeg-only");
        }
        if (!secureChannels.isEmpty()) {
            out.add("secure-channels=" + secureChannels);
        }
        if (linkedChannels.size() != ChannelType.values().length) {
            out.add("linked-channels=" + linkedChannels);
        }
        proxy.ifPresent(value -> out.add("proxy=" + (value.isEmpty() ? "none" : HttpProxy.parse(value))));
        glScanout.ifPresent(value -> out.add("gl-scanout=" + value));
        out.add("connect-timeout=" + connectTimeout);
        out.add("max-message-size=" + maxMessageSize);
        out.add("surface-memory-budget=" + surfaceMemoryBudget);
        out.add("decode-threads=" + decodeThreads);
        if (reconnectPolicy.enabled()) {
            out.add("reconnect=" + reconnectPolicy);
        }
        if (singleUseTicket) {
            out.add("single-use-ticket=true");
        }
        return out.toString();
    }

    /**
     * Collects the values of a {@link SessionConfig}. Setters return the builder; where a property may be
     * unset, passing {@code null} unsets it. Values are checked by {@link #build()}, which throws
     * {@link IllegalArgumentException} naming the property (never showing the password). A builder is not
     * thread-safe, and changing it after {@code build()} does not change configs already built.
     */
    public static final class Builder {
        private Optional<String> host = Optional.of(DEFAULT_HOST);
        private OptionalInt port = OptionalInt.empty();
        private OptionalInt tlsPort = OptionalInt.empty();
        private Optional<String> unixPath = Optional.empty();
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private Optional<Path> caFile = Optional.empty();
        private byte[] ca;
        private Optional<String> ciphers = Optional.empty();
        private Optional<String> certSubject = Optional.empty();
        private byte[] pubkey;
        private final EnumSet<VerifyMode> verify = EnumSet.of(VerifyMode.HOSTNAME);
        private int protocol = MAX_PROTOCOL;
        private boolean clientSockets;
        private boolean readOnly;
        private boolean audioEnabled = true;
        private boolean usbredirEnabled = true;
        private boolean smartcardEnabled;
        private List<String> smartcardCertificates = List.of();
        private Optional<String> smartcardDb = Optional.empty();
        private boolean inhibitKeyboardGrab;
        private Optional<Path> sharedDir = Optional.empty();
        private boolean shareDirReadOnly;
        private Set<String> disableEffects = Set.of();
        private int colorDepth;
        private int cacheSize;
        private int glzWindowSize;
        private Optional<ImageCompression> preferredCompression = Optional.empty();
        private List<VideoCodec> preferredVideoCodecs = List.of();
        private boolean videoCodecsEnabled = true;
        private final EnumSet<ChannelType> secureChannels = EnumSet.noneOf(ChannelType.class);
        private final EnumSet<ChannelType> linkedChannels = EnumSet.allOf(ChannelType.class);
        private Optional<String> proxy = Optional.empty();
        private Optional<Boolean> glScanout = Optional.empty();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private long surfaceMemoryBudget = DEFAULT_SURFACE_MEMORY_BUDGET;
        private int decodeThreads = defaultDecodeThreads(Runtime.getRuntime().availableProcessors());
        private ReconnectPolicy reconnectPolicy = ReconnectPolicy.never();
        private boolean singleUseTicket;

        private Builder() {
        }

        private Builder(SessionConfig c) {
            host = c.host;
            port = c.port;
            tlsPort = c.tlsPort;
            unixPath = c.unixPath;
            username = c.username;
            password = c.password;
            caFile = c.caFile;
            ca = c.ca;
            ciphers = c.ciphers;
            certSubject = c.certSubject;
            pubkey = c.pubkey;
            verify.clear();
            verify.addAll(c.verify);
            protocol = c.protocol;
            clientSockets = c.clientSockets;
            readOnly = c.readOnly;
            audioEnabled = c.audioEnabled;
            usbredirEnabled = c.usbredirEnabled;
            smartcardEnabled = c.smartcardEnabled;
            smartcardCertificates = c.smartcardCertificates;
            smartcardDb = c.smartcardDb;
            inhibitKeyboardGrab = c.inhibitKeyboardGrab;
            sharedDir = c.sharedDir;
            shareDirReadOnly = c.shareDirReadOnly;
            disableEffects = c.disableEffects;
            colorDepth = c.colorDepth;
            cacheSize = c.cacheSize;
            glzWindowSize = c.glzWindowSize;
            preferredCompression = c.preferredCompression;
            preferredVideoCodecs = c.preferredVideoCodecs;
            videoCodecsEnabled = c.videoCodecsEnabled;
            secureChannels.addAll(c.secureChannels);
            linkedChannels.clear();
            linkedChannels.addAll(c.linkedChannels);
            proxy = c.proxy;
            glScanout = c.glScanout;
            connectTimeout = c.connectTimeout;
            maxMessageSize = c.maxMessageSize;
            surfaceMemoryBudget = c.surfaceMemoryBudget;
            decodeThreads = c.decodeThreads;
            reconnectPolicy = c.reconnectPolicy;
            singleUseTicket = c.singleUseTicket;
        }

        /**
         * Applies a URI as spice-gtk's {@code uri} setter does: sets or clears each of unix-path, host, port,
         * tls-port, username and password from it, and leaves every other property alone. So a
         * {@code spice+unix://} URI clears the host, ports and credentials, and a {@code spice+tls://} URI
         * clears the plain port.
         *
         * @param uri the parsed URI
         * @return this builder
         */
        public Builder uri(SpiceUri uri) {
            unixPath = uri.unixPath();
            host = uri.host();
            port = uri.port();
            tlsPort = uri.tlsPort();
            username = uri.username();
            password = uri.password();
            return this;
        }

        /**
         * @param host see {@link SessionConfig#host()}; must not be empty; null unsets it
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Optional.ofNullable(host);
            return this;
        }

        /**
         * @param port see {@link SessionConfig#port()}; 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = OptionalInt.of(port);
            return this;
        }

        /**
         * Unsets {@link SessionConfig#port()}.
         *
         * @return this builder
         */
        public Builder clearPort() {
            port = OptionalInt.empty();
            return this;
        }

        /**
         * @param tlsPort see {@link SessionConfig#tlsPort()}; 1 to 65535
         * @return this builder
         */
        public Builder tlsPort(int tlsPort) {
            this.tlsPort = OptionalInt.of(tlsPort);
            return this;
        }

        /**
         * Unsets {@link SessionConfig#tlsPort()}.
         *
         * @return this builder
         */
        public Builder clearTlsPort() {
            tlsPort = OptionalInt.empty();
            return this;
        }

        /**
         * @param unixPath see {@link SessionConfig#unixPath()}; must not be empty; null unsets it
         * @return this builder
         */
        public Builder unixPath(String unixPath) {
            this.unixPath = Optional.ofNullable(unixPath);
            return this;
        }

        /**
         * @param username see {@link SessionConfig#username()}; null unsets it
         * @return this builder
         */
        public Builder username(String username) {
            this.username = Optional.ofNullable(username);
            return this;
        }

        /**
         * @param password see {@link SessionConfig#password()}; at most 60 bytes of UTF-8, no NUL; null unsets
         *                 it
         * @return this builder
         */
        public Builder password(String password) {
            this.password = Optional.ofNullable(password);
            return this;
        }

        /**
         * @param caFile see {@link SessionConfig#caFile()}; null unsets it
         * @return this builder
         */
        public Builder caFile(Path caFile) {
            this.caFile = Optional.ofNullable(caFile);
            return this;
        }

        /**
         * @param pem see {@link SessionConfig#ca()}; copied; null unsets it
         * @return this builder
         */
        public Builder ca(byte[] pem) {
            ca = pem == null ? null : pem.clone();
            return this;
        }

        /**
         * @param ciphers see {@link SessionConfig#ciphers()}; null unsets it
         * @return this builder
         */
        public Builder ciphers(String ciphers) {
            this.ciphers = Optional.ofNullable(ciphers);
            return this;
        }

        /**
         * Sets the certificate subject and, like spice-gtk, adds {@link VerifyMode#SUBJECT} to
         * {@link #verify(Set)} when setting it and removes it when unsetting.
         *
         * @param certSubject see {@link SessionConfig#certSubject()}; null unsets it
         * @return this builder
         */
        public Builder certSubject(String certSubject) {
            this.certSubject = Optional.ofNullable(certSubject);
            toggle(VerifyMode.SUBJECT, certSubject != null);
            return this;
        }

        /**
         * Sets the public key and, like spice-gtk, adds {@link VerifyMode#PUBKEY} to {@link #verify(Set)} when
         * setting it and removes it when unsetting.
         *
         * @param pubkey see {@link SessionConfig#pubkey()}; copied; null unsets it
         * @return this builder
         */
        public Builder pubkey(byte[] pubkey) {
            this.pubkey = pubkey == null ? null : pubkey.clone();
            toggle(VerifyMode.PUBKEY, pubkey != null);
            return this;
        }

        private void toggle(VerifyMode mode, boolean on) {
            if (on) {
                verify.add(mode);
            } else {
                verify.remove(mode);
            }
        }

        /**
         * Replaces the certificate checks, including any that {@link #pubkey(byte[])} or
         * {@link #certSubject(String)} added before.
         *
         * @param modes see {@link SessionConfig#verify()}; copied
         * @return this builder
         */
        public Builder verify(Set<VerifyMode> modes) {
            EnumSet<VerifyMode> copy = copyOf(modes, VerifyMode.class);
            verify.clear();
            verify.addAll(copy);
            return this;
        }

        /**
         * @param protocol see {@link SessionConfig#protocol()}; 1 or 2
         * @return this builder
         */
        public Builder protocol(int protocol) {
            this.protocol = protocol;
            return this;
        }

        /**
         * @param clientSockets see {@link SessionConfig#clientSockets()}
         * @return this builder
         */
        public Builder clientSockets(boolean clientSockets) {
            this.clientSockets = clientSockets;
            return this;
        }

        /**
         * @param readOnly see {@link SessionConfig#readOnly()}
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * @param audioEnabled see {@link SessionConfig#audioEnabled()}
         * @return this builder
         */
        public Builder audioEnabled(boolean audioEnabled) {
            this.audioEnabled = audioEnabled;
            return this;
        }

        /**
         * @param usbredirEnabled see {@link SessionConfig#usbredirEnabled()}
         * @return this builder
         */
        public Builder usbredirEnabled(boolean usbredirEnabled) {
            this.usbredirEnabled = usbredirEnabled;
            return this;
        }

        /**
         * @param smartcardEnabled see {@link SessionConfig#smartcardEnabled()}
         * @return this builder
         */
        public Builder smartcardEnabled(boolean smartcardEnabled) {
            this.smartcardEnabled = smartcardEnabled;
            return this;
        }

        /**
         * @param certificates see {@link SessionConfig#smartcardCertificates()}; copied; no null elements
         * @return this builder
         */
        public Builder smartcardCertificates(List<String> certificates) {
            smartcardCertificates = List.copyOf(certificates);
            return this;
        }

        /**
         * @param smartcardDb see {@link SessionConfig#smartcardDb()}; null unsets it
         * @return this builder
         */
        public Builder smartcardDb(String smartcardDb) {
            this.smartcardDb = Optional.ofNullable(smartcardDb);
            return this;
        }

        /**
         * @param inhibit see {@link SessionConfig#inhibitKeyboardGrab()}
         * @return this builder
         */
        public Builder inhibitKeyboardGrab(boolean inhibit) {
            inhibitKeyboardGrab = inhibit;
            return this;
        }

        /**
         * @param sharedDir see {@link SessionConfig#sharedDir()}; null unsets it
         * @return this builder
         */
        public Builder sharedDir(Path sharedDir) {
            this.sharedDir = Optional.ofNullable(sharedDir);
            return this;
        }

        /**
         * @param readOnly see {@link SessionConfig#shareDirReadOnly()}
         * @return this builder
         */
        public Builder shareDirReadOnly(boolean readOnly) {
            shareDirReadOnly = readOnly;
            return this;
        }

        /**
         * @param effects see {@link SessionConfig#disableEffects()}; copied; each one of {@code wallpaper},
         *                {@code font-smooth}, {@code animation}, {@code all}
         * @return this builder
         */
        public Builder disableEffects(Set<String> effects) {
            disableEffects = Set.copyOf(effects);
            return this;
        }

        /**
         * @param colorDepth see {@link SessionConfig#colorDepth()}; 0 to 32
         * @return this builder
         * @deprecated the guest's display settings decide the depth; spice-gtk ignores this since 0.37
         */
        @Deprecated(since = "spice-gtk 0.37")
        public Builder colorDepth(int colorDepth) {
            this.colorDepth = colorDepth;
            return this;
        }

        /**
         * @param bytes see {@link SessionConfig#cacheSize()}; 0 or more
         * @return this builder
         */
        public Builder cacheSize(int bytes) {
            cacheSize = bytes;
            return this;
        }

        /**
         * @param bytes see {@link SessionConfig#glzWindowSize()}; 0 to 128 MiB
         * @return this builder
         */
        public Builder glzWindowSize(int bytes) {
            glzWindowSize = bytes;
            return this;
        }

        /**
         * @param compression see {@link SessionConfig#preferredCompression()}; null leaves it to the server
         * @return this builder
         */
        public Builder preferredCompression(ImageCompression compression) {
            preferredCompression = Optional.ofNullable(compression);
            return this;
        }

        /**
         * @param codecs see {@link SessionConfig#preferredVideoCodecs()}, most wanted first; copied
         * @return this builder
         * @throws IllegalArgumentException if a codec is named twice
         */
        public Builder preferredVideoCodecs(List<VideoCodec> codecs) {
            List<VideoCodec> copy = List.copyOf(codecs);
            if (copy.stream().distinct().count() != copy.size()) {
                throw new IllegalArgumentException("a codec named twice: " + copy);
            }
            preferredVideoCodecs = copy;
            return this;
        }

        /**
         * @param videoCodecsEnabled see {@link SessionConfig#videoCodecsEnabled()}
         * @return this builder
         */
        public Builder videoCodecsEnabled(boolean videoCodecsEnabled) {
            this.videoCodecsEnabled = videoCodecsEnabled;
            return this;
        }

        /**
         * @param channels see {@link SessionConfig#linkedChannels()}; copied
         * @return this builder
         */
        public Builder linkedChannels(Set<ChannelType> channels) {
            EnumSet<ChannelType> copy = copyOf(channels, ChannelType.class);
            linkedChannels.clear();
            linkedChannels.addAll(copy);
            return this;
        }

        /**
         * @param channels see {@link SessionConfig#secureChannels()}; copied
         * @return this builder
         */
        public Builder secureChannels(Set<ChannelType> channels) {
            EnumSet<ChannelType> copy = copyOf(channels, ChannelType.class);
            secureChannels.clear();
            secureChannels.addAll(copy);
            return this;
        }

        /**
         * Sets {@link SessionConfig#secureChannels()} from spice-gtk's names, as {@code --spice-secure-channels}
         * takes them (that option splits its value at commas first).
         *
         * @param names channel names such as {@code "main"} or {@code "display"} (see
         *              {@link ChannelType#spiceName()}), or {@code "all"} for every channel
         * @return this builder
         * @throws IllegalArgumentException if a name is neither a channel nor {@code all}
         */
        public Builder secureChannelNames(Collection<String> names) {
            EnumSet<ChannelType> parsed = EnumSet.noneOf(ChannelType.class);
            for (String name : names) {
                if (name.equals("all")) {
                    parsed.addAll(EnumSet.allOf(ChannelType.class));
                } else {
                    parsed.add(ChannelType.fromSpiceName(name).orElseThrow(() -> new IllegalArgumentException(
                            "secure-channels: unknown channel name '" + name + "'")));
                }
            }
            return secureChannels(parsed);
        }

        /**
         * @param proxy see {@link SessionConfig#proxy()}: a proxy URI, {@code ""} for none, or null to leave it
         *              to {@code SPICE_PROXY}
         * @return this builder
         */
        public Builder proxy(String proxy) {
            this.proxy = Optional.ofNullable(proxy);
            return this;
        }

        /**
         * @param enabled see {@link SessionConfig#glScanout()}; null for spice-gtk's environment-dependent
         *                default
         * @return this builder
         */
        public Builder glScanout(Boolean enabled) {
            glScanout = Optional.ofNullable(enabled);
            return this;
        }

        /**
         * @param timeout see {@link SessionConfig#connectTimeout()}; positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param bytes see {@link SessionConfig#maxMessageSize()}; 4 KiB to 1 GiB
         * @return this builder
         */
        public Builder maxMessageSize(int bytes) {
            maxMessageSize = bytes;
            return this;
        }

        /**
         * @param bytes see {@link SessionConfig#surfaceMemoryBudget()}; 1 MiB or more
         * @return this builder
         */
        public Builder surfaceMemoryBudget(long bytes) {
            surfaceMemoryBudget = bytes;
            return this;
        }

        /**
         * @param threads see {@link SessionConfig#decodeThreads()}; 0 to 16
         */
        public Builder decodeThreads(int threads) {
            decodeThreads = threads;
            return this;
        }

        /**
         * @param policy see {@link SessionConfig#reconnectPolicy()}
         * @return this builder
         */
        public Builder reconnectPolicy(ReconnectPolicy policy) {
            reconnectPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param singleUse see {@link SessionConfig#singleUseTicket()}
         * @return this builder
         */
        public Builder singleUseTicket(boolean singleUse) {
            singleUseTicket = singleUse;
            return this;
        }

        /**
         * @return a config holding this builder's current values
         * @throws IllegalArgumentException if a value is out of range; the message names the property
         */
        public SessionConfig build() {
            if (host.isPresent() && host.get().isEmpty()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (unixPath.isPresent() && unixPath.get().isEmpty()) {
                throw new IllegalArgumentException("unix-path must not be empty");
            }
            checkPort(port, "port");
            checkPort(tlsPort, "tls-port");
            password.ifPresent(Builder::checkPassword);
            checkRange(protocol, MIN_PROTOCOL, MAX_PROTOCOL, "protocol");
            checkRange(colorDepth, 0, MAX_COLOR_DEPTH, "color-depth");
            checkRange(cacheSize, 0, Integer.MAX_VALUE, "cache-size");
            checkRange(glzWindowSize, 0, MAX_GLZ_WINDOW_SIZE, "glz-window-size");
            checkRange(decodeThreads, 0, MAX_DECODE_THREADS, "decode-threads");
            checkRange(maxMessageSize, MIN_MAX_MESSAGE_SIZE, MAX_MAX_MESSAGE_SIZE, "max-message-size");
            if (surfaceMemoryBudget < MIN_SURFACE_MEMORY_BUDGET) {
                throw new IllegalArgumentException("surface-memory-budget must be at least "
                        + MIN_SURFACE_MEMORY_BUDGET + " bytes: " + surfaceMemoryBudget);
            }
            for (String effect : disableEffects) {
                if (!EFFECT_NAMES.contains(effect)) {
                    throw new IllegalArgumentException("disable-effects: unknown effect '" + effect
                            + "' (known: wallpaper, font-smooth, animation, all)");
                }
            }
            if (proxy.isPresent() && !proxy.get().isEmpty()) {
                try {
                    HttpProxy.parse(proxy.get());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("proxy: " + e.getMessage(), e);
                }
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connect timeout must be positive");
            }
            return new SessionConfig(this);
        }

        private static void checkPort(OptionalInt value, String name) {
            if (value.isPresent() && !UriText.isValidPort(value.getAsInt())) {
                throw new IllegalArgumentException(name + " must be from " + UriText.MIN_PORT + " to "
                        + UriText.MAX_PORT + ", not " + value.getAsInt());
            }
        }

        private static void checkRange(int value, int min, int max, String name) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + value);
            }
        }

        private static void checkPassword(String password) {
            if (password.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("password must not contain NUL characters");
            }
            if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
                throw new IllegalArgumentException(
                        "password is longer than the " + MAX_PASSWORD_BYTES + " bytes (UTF-8) SPICE tickets allow");
            }
        }
    }
}
