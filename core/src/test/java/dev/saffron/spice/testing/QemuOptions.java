package dev.saffron.spice.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to configure the QEMU SPICE server a test starts. Immutable; build with {@link #builder()}, change
 * a copy with {@link #toBuilder()}. The defaults give a plain VGA machine without ticketing.
 */
public final class QemuOptions {
    /** The longest password SPICE ticket auth carries. */
    public static final int MAX_PASSWORD_BYTES = 60;

    /** SPICE channel names for {@code tls-channel} and {@code plaintext-channel}, plus {@code default}. */
    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z]{1,20}");

    /** QEMU names chardevs and SPICE port names; keep them free of option syntax. */
    private static final Pattern PORT_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** SPICE {@code image-compression} values. */
    public enum ImageCompression {
        /** {@code quic}. */ QUIC("quic"),
        /** {@code glz}. */ GLZ("glz"),
        /** {@code lz}. */ LZ("lz"),
        /** {@code auto_glz}. */ AUTO_GLZ("auto_glz"),
        /** {@code auto_lz}. */ AUTO_LZ("auto_lz"),
        /** {@code off}. */ OFF("off");

        private final String value;

        ImageCompression(String value) {
            this.value = value;
        }

        /** @return the value as QEMU spells it */
        public String value() {
            return value;
        }
    }

    /** SPICE {@code jpeg-wan-compression} and {@code zlib-glz-wan-compression} values. */
    public enum WanCompression {
        /** {@code auto}. */ AUTO("auto"),
        /** {@code never}. */ NEVER("never"),
        /** {@code always}. */ ALWAYS("always");

        private final String value;

        WanCompression(String value) {
            this.value = value;
        }

        /** @return the value as QEMU spells it */
        public String value() {
            return value;
        }
    }

    /** SPICE {@code streaming-video} values. */
    public enum StreamingVideo {
        /** {@code off}. */ OFF("off"),
        /** {@code all}. */ ALL("all"),
        /** {@code filter}. */ FILTER("filter");

        private final String value;

        StreamingVideo(String value) {
            this.value = value;
        }

        /** @return the value as QEMU spells it */
        public String value() {
            return value;
        }
    }

    /** The QEMU monitor behind a SPICE port, if any. */
    public enum PortMonitor {
        NONE,
        /** QMP ({@code -mon mode=control}): JSON, with asynchronous events. */
        QMP,
        /**
         * The human monitor ({@code -mon mode=readline}), which is sent no events. QEMU 7.2 with spice-server 0.15
         * deadlocks when a QMP monitor sits on a spiceport and a SPICE channel disconnects: spice-server reports
         * the disconnect while holding a lock, QEMU sends the SPICE_DISCONNECTED event to every QMP monitor, and
         * writing it into the spiceport takes that lock again (seen in about one migration in three; main
         * thread's stack: qapi_event_send_spice_disconnected, monitor_puts, qemu_chr_write, spice-server,
         * pthread_mutex_lock). Tests that disconnect channels with a monitor on a port use this one.
         */
        HMP
    }

    /**
     * A SPICE port channel backed by a {@code spiceport} chardev.
     *
     * @param name    the port name clients see, e.g. {@code org.qemu.monitor.qmp.0}
     * @param monitor the QEMU monitor that answers on the port
     */
    public record SpicePort(String name, PortMonitor monitor) {
        /** The name spice-gtk and virt-viewer give a QMP monitor port. */
        public static final String QMP_MONITOR_NAME = "org.qemu.monitor.qmp.0";
        /** The name spice-gtk and virt-viewer give a human monitor port. */
        public static final String HMP_MONITOR_NAME = "org.qemu.monitor.hmp.0";

        /**
         * @throws IllegalArgumentException if the name is empty or has characters QEMU's option parser
         *                                  treats specially
         */
        public SpicePort {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(monitor, "monitor");
            if (!PORT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("port name must match " + PORT_NAME + ": " + name);
            }
        }
    }

    private final String password;
    private final ImageCompression imageCompression;
    private final WanCompression jpegWanCompression;
    private final WanCompression zlibGlzWanCompression;
    private final StreamingVideo streamingVideo;
    private final Boolean seamlessMigration;
    private final boolean audio;
    private final List<SpicePort> spicePorts;
    private final int usbRedirectionSlots;
    private final boolean smartcard;
    private final List<String> extraArguments;
    private final int memoryMegabytes;
    private final Duration startupTimeout;
    private final Path tlsDirectory;
    private final List<String> tlsChannels;
    private final List<String> plaintextChannels;
    private final Path saslConfigDirectory;
    private final boolean unixSocket;

    private QemuOptions(Builder builder) {
        this.password = builder.password;
        this.imageCompression = builder.imageCompression;
        this.jpegWanCompression = builder.jpegWanCompression;
        this.zlibGlzWanCompression = builder.zlibGlzWanCompression;
        this.streamingVideo = builder.streamingVideo;
        this.seamlessMigration = builder.seamlessMigration;
        this.audio = builder.audio;
        this.spicePorts = List.copyOf(builder.spicePorts);
        this.usbRedirectionSlots = builder.usbRedirectionSlots;
        this.smartcard = builder.smartcard;
        this.extraArguments = List.copyOf(builder.extraArguments);
        this.memoryMegabytes = builder.memoryMegabytes;
        this.startupTimeout = builder.startupTimeout;
        this.tlsDirectory = builder.tlsDirectory;
        this.tlsChannels = List.copyOf(builder.tlsChannels);
        this.plaintextChannels = List.copyOf(builder.plaintextChannels);
        this.saslConfigDirectory = builder.saslConfigDirectory;
        this.unixSocket = builder.unixSocket;
    }

    /** @return the defaults: no ticketing, QEMU's own compression and streaming settings, no extra devices */
    public static QemuOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the SPICE ticket; empty when ticketing is disabled */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the image compression, empty for QEMU's default */
    public Optional<ImageCompression> imageCompression() {
        return Optional.ofNullable(imageCompression);
    }

    /** @return the JPEG-over-WAN setting, empty for QEMU's default */
    public Optional<WanCompression> jpegWanCompression() {
        return Optional.ofNullable(jpegWanCompression);
    }

    /** @return the zlib-over-GLZ-on-WAN setting, empty for QEMU's default */
    public Optional<WanCompression> zlibGlzWanCompression() {
        return Optional.ofNullable(zlibGlzWanCompression);
    }

    /** @return the video streaming detection, empty for QEMU's default */
    public Optional<StreamingVideo> streamingVideo() {
        return Optional.ofNullable(streamingVideo);
    }

    /** @return spice-server's {@code seamless-migration}, if set (QEMU's default is off) */
    public Optional<Boolean> seamlessMigration() {
        return Optional.ofNullable(seamlessMigration);
    }

    /** @return whether a sound card plays and records through SPICE (playback and record channels) */
    public boolean audio() {
        return audio;
    }

    /** @return the SPICE port channels, in order */
    public List<SpicePort> spicePorts() {
        return spicePorts;
    }

    /** @return how many USB redirection channels the machine offers */
    public int usbRedirectionSlots() {
        return usbRedirectionSlots;
    }

    /** @return whether a passthrough smartcard reader offers a smartcard channel */
    public boolean smartcard() {
        return smartcard;
    }

    /** @return raw arguments appended to QEMU's command line, e.g. {@code -boot menu=on,splash-time=5000} */
    public List<String> extraArguments() {
        return extraArguments;
    }

    /** @return the guest's memory in MiB ({@code -m}) */
    public int memoryMegabytes() {
        return memoryMegabytes;
    }

    /** @return how long QEMU may take until both SPICE and QMP answer */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /**
     * @return the {@code x509-dir} holding {@code ca-cert.pem}, {@code server-cert.pem} and
     *         {@code server-key.pem}, when QEMU also listens on a TLS port
     */
    public Optional<Path> tlsDirectory() {
        return Optional.ofNullable(tlsDirectory);
    }

    /** @return the folder holding the Cyrus SASL configuration {@code qemu.conf}, when SASL is on */
    public Optional<Path> saslConfigDirectory() {
        return Optional.ofNullable(saslConfigDirectory);
    }

    /** @return whether SPICE listens on a unix socket instead of TCP */
    public boolean unixSocket() {
        return unixSocket;
    }

    /** @return the channels QEMU accepts only over TLS ({@code tls-channel}), {@code default} for all others */
    public List<String> tlsChannels() {
        return tlsChannels;
    }

    /** @return the channels QEMU accepts only in plain text ({@code plaintext-channel}) */
    public List<String> plaintextChannels() {
        return plaintextChannels;
    }

    @Override
    public String toString() {
        return "QemuOptions[ticketing=" + (password != null)
                + ", imageCompression=" + imageCompression
                + ", jpegWanCompression=" + jpegWanCompression
                + ", zlibGlzWanCompression=" + zlibGlzWanCompression
                + ", streamingVideo=" + streamingVideo
                + ", seamlessMigration=" + seamlessMigration
                + ", audio=" + audio
                + ", spicePorts=" + spicePorts
                + ", usbRedirectionSlots=" + usbRedirectionSlots
                + ", smartcard=" + smartcard
                + ", extraArguments=" + extraArguments
                + ", memoryMegabytes=" + memoryMegabytes
                + ", startupTimeout=" + startupTimeout
                + ", tlsDirectory=" + tlsDirectory
                + ", tlsChannels=" + tlsChannels
                + ", plaintextChannels=" + plaintextChannels + "]";
    }

    /** Collects options; each setter validates its own value, {@link #build()} that channel security has a TLS port. */
    public static final class Builder {
        private String password;
        private ImageCompression imageCompression;
        private WanCompression jpegWanCompression;
        private WanCompression zlibGlzWanCompression;
        private StreamingVideo streamingVideo;
        private Boolean seamlessMigration;
        private boolean audio;
        private final List<SpicePort> spicePorts = new ArrayList<>();
        private int usbRedirectionSlots;
        private boolean smartcard;
        private final List<String> extraArguments = new ArrayList<>();
        private int memoryMegabytes = 64;
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Path tlsDirectory;
        private final List<String> tlsChannels = new ArrayList<>();
        private Path saslConfigDirectory;
        private boolean unixSocket;
        private final List<String> plaintextChannels = new ArrayList<>();

        private Builder() {
        }

        private Builder(QemuOptions options) {
            this.password = options.password;
            this.imageCompression = options.imageCompression;
            this.jpegWanCompression = options.jpegWanCompression;
            this.zlibGlzWanCompression = options.zlibGlzWanCompression;
            this.streamingVideo = options.streamingVideo;
            this.seamlessMigration = options.seamlessMigration;
            this.audio = options.audio;
            this.spicePorts.addAll(options.spicePorts);
            this.usbRedirectionSlots = options.usbRedirectionSlots;
            this.smartcard = options.smartcard;
            this.extraArguments.addAll(options.extraArguments);
            this.memoryMegabytes = options.memoryMegabytes;
            this.startupTimeout = options.startupTimeout;
            this.tlsDirectory = options.tlsDirectory;
            this.tlsChannels.addAll(options.tlsChannels);
            this.saslConfigDirectory = options.saslConfigDirectory;
            this.unixSocket = options.unixSocket;
            this.plaintextChannels.addAll(options.plaintextChannels);
        }

        /**
         * Enables SPICE ticketing with this password; QEMU reads it from a private file, never from its
         * command line.
         *
         * @param password 1 to {@value #MAX_PASSWORD_BYTES} UTF-8 bytes without NUL
         * @return this builder
         */
        public Builder password(String password) {
            Objects.requireNonNull(password, "password");
            int bytes = password.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_PASSWORD_BYTES || password.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "password must be 1 to " + MAX_PASSWORD_BYTES + " bytes without NUL");
            }
            this.password = password;
            return this;
        }

        /**
         * Disables ticketing ({@code disable-ticketing=on}), the default.
         *
         * @return this builder
         */
        public Builder noPassword() {
            this.password = null;
            return this;
        }

        /**
         * @param value the image compression
         * @return this builder
         */
        public Builder imageCompression(ImageCompression value) {
            this.imageCompression = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param value when to use JPEG over WAN
         * @return this builder
         */
        public Builder jpegWanCompression(WanCompression value) {
            this.jpegWanCompression = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param value when to use zlib over GLZ on WAN
         * @return this builder
         */
        public Builder zlibGlzWanCompression(WanCompression value) {
            this.zlibGlzWanCompression = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param value how the server detects video streams
         * @return this builder
         */
        public Builder streamingVideo(StreamingVideo value) {
            this.streamingVideo = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param enabled whether spice-server migrates its clients seamlessly (when they can)
         * @return this builder
         */
        public Builder seamlessMigration(boolean enabled) {
            this.seamlessMigration = enabled;
            return this;
        }

        /**
         * @param enabled whether to add a sound card that plays and records through SPICE
         * @return this builder
         */
        public Builder audio(boolean enabled) {
            this.audio = enabled;
            return this;
        }

        /**
         * Adds a SPICE port channel with nothing behind it.
         *
         * @param name the port name clients see
         * @return this builder
         */
        public Builder spicePort(String name) {
            spicePorts.add(new SpicePort(name, PortMonitor.NONE));
            return this;
        }

        /**
         * Adds a SPICE port channel with a QMP monitor behind it.
         *
         * @param name the port name clients see, usually {@link SpicePort#QMP_MONITOR_NAME}
         * @return this builder
         */
        public Builder qmpSpicePort(String name) {
            spicePorts.add(new SpicePort(name, PortMonitor.QMP));
            return this;
        }

        /**
         * Adds a SPICE port channel with QEMU's human monitor behind it.
         *
         * @param name the port name clients see, usually {@link SpicePort#HMP_MONITOR_NAME}
         * @return this builder
         */
        public Builder hmpSpicePort(String name) {
            spicePorts.add(new SpicePort(name, PortMonitor.HMP));
            return this;
        }

        /**
         * @param slots how many USB redirection channels to offer, 0 to 8 (an xHCI controller has 8 ports
         *              per speed)
         * @return this builder
         */
        public Builder usbRedirectionSlots(int slots) {
            if (slots < 0 || slots > 8) {
                throw new IllegalArgumentException("USB redirection slots must be 0 to 8: " + slots);
            }
            this.usbRedirectionSlots = slots;
            return this;
        }

        /**
         * @param enabled whether to add a passthrough smartcard reader
         * @return this builder
         */
        public Builder smartcard(boolean enabled) {
            this.smartcard = enabled;
            return this;
        }

        /**
         * @param arguments raw QEMU arguments appended after everything else
         * @return this builder
         */
        public Builder extraArguments(String... arguments) {
            for (String argument : arguments) {
                extraArguments.add(Objects.requireNonNull(argument, "argument"));
            }
            return this;
        }

        /**
         * @param megabytes the guest's memory in MiB, 16 to 16384; 64, the default, is plenty for the BIOS
         *                  screen, a Linux guest with X needs about 1024
         * @return this builder
         */
        public Builder memoryMegabytes(int megabytes) {
            if (megabytes < 16 || megabytes > 16384) {
                throw new IllegalArgumentException("memory must be 16 to 16384 MiB: " + megabytes);
            }
            this.memoryMegabytes = megabytes;
            return this;
        }

        /**
         * @param timeout how long QEMU may take to start
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Adds a TLS port next to the plain one.
         *
         * @param x509Directory holds {@code ca-cert.pem}, {@code server-cert.pem} and {@code server-key.pem}
         *                      (see {@link TestCertificates#writeQemuFiles})
         * @return this builder
         */
        public Builder tls(Path x509Directory) {
            this.tlsDirectory = Objects.requireNonNull(x509Directory, "x509Directory");
            return this;
        }

        /**
         * @param channel a channel QEMU must accept only over TLS, such as {@code main}, or {@code default}
         *                for every channel not named otherwise
         * @return this builder
         */
        public Builder tlsChannel(String channel) {
            tlsChannels.add(checkChannel(channel));
            return this;
        }

        /**
         * @param channel a channel QEMU must accept only in plain text, or {@code default}
         * @return this builder
         */
        public Builder plaintextChannel(String channel) {
            plaintextChannels.add(checkChannel(channel));
            return this;
        }

        private static String checkChannel(String channel) {
            if (!CHANNEL_NAME.matcher(Objects.requireNonNull(channel, "channel")).matches()) {
                throw new IllegalArgumentException("not a SPICE channel name: " + channel);
            }
            return channel;
        }

        /**
         * Turns on SASL authentication ({@code sasl=on}). QEMU's Cyrus SASL reads {@code qemu.conf} from the
         * folder that {@code SASL_CONF_PATH} names, which only this QEMU gets, so the machine's
         * {@code /etc/sasl2} stays untouched.
         *
         * @param configDirectory holds {@code qemu.conf} ({@code mech_list}, {@code sasldb_path})
         * @return this builder
         */
        public Builder sasl(Path configDirectory) {
            this.saslConfigDirectory = Objects.requireNonNull(configDirectory, "configDirectory");
            return this;
        }

        /**
         * Makes SPICE listen on a unix socket ({@code unix=on}) instead of a TCP port; TLS is then not
         * available.
         *
         * @return this builder
         */
        public Builder unixSocket() {
            this.unixSocket = true;
            return this;
        }

        /** @return the options */
        public QemuOptions build() {
            if (tlsDirectory == null && !(tlsChannels.isEmpty() && plaintextChannels.isEmpty())) {
                throw new IllegalStateException("channel security needs a TLS port: call tls(directory)");
            }
            return new QemuOptions(this);
        }
    }
}
