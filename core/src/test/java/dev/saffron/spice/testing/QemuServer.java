package dev.saffron.spice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real SPICE server for tests: QEMU under TCG with a QXL VGA card showing the SeaBIOS screen, listening
 * on a free loopback port (and on a second one for TLS when {@link QemuOptions#tlsDirectory()} is set),
 * plus a private QMP socket for the test to drive the machine.
 *
 * <p>{@link #start} returns once the SPICE port accepts connections and QMP answers, so a test can connect
 * at once. {@link #close()} ends QEMU and removes its files. QEMU cannot outlive the test JVM: it runs
 * under a small shell wrapper that kills it when the wrapper's stdin, a pipe from this JVM, reaches end
 * of file, which the kernel guarantees even when the JVM is killed with SIGKILL; a shutdown hook also
 * ends any server still running when the JVM exits normally.
 */
public final class QemuServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QemuServer.class.getName());

    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 5;
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final int STDERR_TAIL_BYTES = 4096;
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;
    /** spice-server's message when the SPICE port is already taken. */
    private static final String PORT_TAKEN_MESSAGE = "binding socket to";
    private static final String PASSWORD_SECRET_ID = "saffron-spice-password";
    private static final String QMP_SOCKET = "qmp.sock";

    /**
     * Runs QEMU in the background with stdin from /dev/null and stdout merged into stderr, prints its pid,
     * and lets a watcher subshell wait for end of file on the original stdin (saved as fd 3, because an
     * asynchronous list gets /dev/null as stdin otherwise). End of file means the JVM closed the pipe or
     * died: the watcher then kills QEMU. When QEMU exits first, the wrapper stops the watcher and exits
     * with QEMU's status.
     */
    private static final String WRAPPER = """
            exec 3<&0 </dev/null
            "$@" 3<&- >&2 &
            qemu=$!
            echo "$qemu"
            { read -r _ <&3; kill -KILL "$qemu" 2>/dev/null; } &
            watcher=$!
            wait "$qemu"
            status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private static final Set<QemuServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(QemuServer::killAllRunning, "saffron-qemu-reaper"));
    }

    private final QemuOptions options;
    private final int port;
    private final OptionalInt tlsPort;
    private final Path directory;
    private final Path stderrLog;
    private final Process wrapper;
    private final ProcessHandle qemu;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Qmp qmp;

    private QemuServer(QemuOptions options, int port, OptionalInt tlsPort, Path directory, Path stderrLog,
                       Process wrapper, ProcessHandle qemu) {
        this.options = options;
        this.port = port;
        this.tlsPort = tlsPort;
        this.directory = directory;
        this.stderrLog = stderrLog;
        this.wrapper = wrapper;
        this.qemu = qemu;
    }

    /** Where the next SPICE port to try comes from; tests of the retry substitute their own. */
    @FunctionalInterface
    interface PortSource {
        int nextPort() throws IOException;
    }

    /**
     * Starts a server with the {@linkplain QemuOptions#defaults() defaults}.
     *
     * @return a running server, ready for SPICE and QMP connections
     * @throws IOException if QEMU fails to start or answer; the message ends with QEMU's stderr
     */
    public static QemuServer start() throws IOException {
        return start(QemuOptions.defaults());
    }

    /**
     * Starts a server on a free loopback port, trying other ports if another process takes the chosen one
     * before QEMU binds it.
     *
     * @param options how to configure QEMU
     * @return a running server, ready for SPICE and QMP connections
     * @throws IOException           if QEMU fails to start or answer; the message ends with QEMU's stderr
     * @throws IllegalStateException if QEMU or sh is not installed
     */
    public static QemuServer start(QemuOptions options) throws IOException {
        return start(options, QemuServer::freeLoopbackPort);
    }

    /**
     * Starts a server on the given loopback port, for tests that restart a server where its clients expect it.
     *
     * @throws IOException if QEMU fails to start, or the port stays taken
     */
    public static QemuServer start(QemuOptions options, int port) throws IOException {
        return start(options, () -> port);
    }

    static QemuServer start(QemuOptions options, PortSource ports) throws IOException {
        Path qemuExecutable = Tool.QEMU.require();
        Path shell = Tool.SH.require();
        List<Integer> taken = new ArrayList<>();
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = ports.nextPort();
            OptionalInt tlsPort = OptionalInt.empty();
            if (options.tlsDirectory().isPresent()) {
                tlsPort = OptionalInt.of(secondPort(ports, port));
            }
            try {
                return launch(options, port, tlsPort, shell, qemuExecutable);
            } catch (PortTakenException e) {
                LOG.log(Level.DEBUG, "SPICE port {0} or TLS port {1} was taken before QEMU could bind it; trying "
                        + "others", port, tlsPort);
                taken.add(port);
                tlsPort.ifPresent(taken::add);
            }
        }
        throw new IOException("QEMU found every SPICE port it tried taken: " + taken);
    }

    /** @return a port from {@code ports} other than {@code first} */
    private static int secondPort(PortSource ports, int first) throws IOException {
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int candidate = ports.nextPort();
            if (candidate != first) {
                return candidate;
            }
        }
        throw new IOException("the port source offered only port " + first);
    }

    /** @return the address the SPICE server listens on, always IPv4 loopback */
    public String host() {
        return HOST;
    }

    /** @return the SPICE server's unix socket, when {@link QemuOptions#unixSocket()} is set */
    public Optional<Path> unixSocket() {
        return options.unixSocket() ? Optional.of(spiceSocket(directory.resolve(QMP_SOCKET))) : Optional.empty();
    }

    /** @return the SPICE server's TCP port (not listened on when {@link #unixSocket()} is present) */
    public int port() {
        return port;
    }

    /** @return the SPICE server's TLS port, when {@link QemuOptions#tlsDirectory()} is set */
    public OptionalInt tlsPort() {
        return tlsPort;
    }

    /** @return the SPICE ticket clients must send; empty when ticketing is disabled */
    public Optional<String> password() {
        return options.password();
    }

    /** @return the options the server was started with */
    public QemuOptions options() {
        return options;
    }

    /** @return a QMP client connected to this QEMU, in command mode, with no events kept from startup */
    public Qmp qmp() {
        return qmp;
    }

    /** @return the process id of QEMU itself (not of its wrapper) */
    public long pid() {
        return qemu.pid();
    }

    /**
     * Asks QEMU for what its display shows right now (QMP {@code screendump}), the server's own view of
     * the screen to compare clients against.
     *
     * @return the current screen
     * @throws IOException if QEMU cannot write the image or it cannot be read back
     */
    public PpmImage screendump() throws IOException {
        Path file = Files.createTempFile(directory, "screendump-", ".ppm");
        try {
            qmp.execute("screendump", "{\"filename\": " + QmpJson.quote(file.toString()) + "}");
            return PpmImage.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** @return the private directory holding the QMP socket, logs and password file */
    Path directory() {
        return directory;
    }

    /**
     * @return everything QEMU has written to stderr so far (its log: spice-server's warnings land here), for
     *         tests that look for a message a step of theirs must have caused
     */
    public String stderr() {
        return TestFiles.tail(stderrLog, Integer.MAX_VALUE);
    }

    /** @return the last few KiB QEMU wrote to stderr, for failure messages */
    public String stderrTail() {
        return TestFiles.tail(stderrLog, STDERR_TAIL_BYTES);
    }

    /**
     * Ends QEMU and deletes its files: QMP {@code quit} first, then SIGKILL if QEMU has not exited within
     * a few seconds. Returns once the process is gone. Calling it again does nothing.
     *
     * @throws IllegalStateException if QEMU survives SIGKILL
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            quit();
            if (!awaitExit(EXIT_GRACE)) {
                LOG.log(Level.WARNING, "QEMU {0} ignored quit; killing it", pid());
                kill();
                if (!awaitExit(EXIT_GRACE)) {
                    throw new IllegalStateException("QEMU " + pid() + " survived SIGKILL");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } finally {
            RUNNING.remove(this);
            closeQmp();
            deleteDirectory();
        }
    }

    @Override
    public String toString() {
        return "QemuServer[pid=" + pid() + ", " + HOST + ":" + port
                + (tlsPort.isPresent() ? ", tls-port " + tlsPort.getAsInt() : "") + "]";
    }

    static List<String> arguments(QemuOptions options, int port, OptionalInt tlsPort, Path qmpSocket,
                                  Path passwordFile) {
        List<String> args = new ArrayList<>(List.of(
                "-accel", "tcg", "-machine", "pc", "-m", String.valueOf(options.memoryMegabytes()),
                "-nodefaults", "-vga", "qxl", "-display", "none", "-nic", "none"));
        StringBuilder spice = options.unixSocket()
                ? new StringBuilder("unix=on,addr=").append(optionValue(spiceSocket(qmpSocket).toString()))
                : new StringBuilder("port=").append(port).append(",addr=").append(HOST);
        if (options.saslConfigDirectory().isPresent()) {
            spice.append(",sasl=on");
        }
        if (tlsPort.isPresent() && options.tlsDirectory().isPresent()) {
            spice.append(",tls-port=").append(tlsPort.getAsInt())
                    .append(",x509-dir=").append(optionValue(options.tlsDirectory().get().toString()));
            options.tlsChannels().forEach(channel -> spice.append(",tls-channel=").append(channel));
            options.plaintextChannels().forEach(channel -> spice.append(",plaintext-channel=").append(channel));
        }
        if (options.password().isPresent()) {
            args.addAll(List.of("-object",
                    "secret,id=" + PASSWORD_SECRET_ID + ",format=raw,file=" + optionValue(passwordFile.toString())));
            spice.append(",password-secret=").append(PASSWORD_SECRET_ID);
        } else {
            spice.append(",disable-ticketing=on");
        }
        options.imageCompression().ifPresent(v -> spice.append(",image-compression=").append(v.value()));
        options.jpegWanCompression().ifPresent(v -> spice.append(",jpeg-wan-compression=").append(v.value()));
        options.zlibGlzWanCompression().ifPresent(v -> spice.append(",zlib-glz-wan-compression=").append(v.value()));
        options.streamingVideo().ifPresent(v -> spice.append(",streaming-video=").append(v.value()));
        options.seamlessMigration().ifPresent(v -> spice.append(",seamless-migration=").append(v ? "on" : "off"));
        args.addAll(List.of("-spice", spice.toString()));
        args.addAll(List.of(
                "-chardev", "socket,id=saffron-qmp,path=" + optionValue(qmpSocket.toString()) + ",server=on,wait=off",
                "-mon", "chardev=saffron-qmp,mode=control"));
        if (options.audio()) {
            args.addAll(List.of(
                    "-audiodev", "spice,id=saffron-audio",
                    "-device", "intel-hda,id=saffron-sound",
                    "-device", "hda-duplex,id=saffron-sound-codec,audiodev=saffron-audio"));
        }
        List<QemuOptions.SpicePort> ports = options.spicePorts();
        for (int i = 0; i < ports.size(); i++) {
            String id = "saffron-port" + i;
            args.addAll(List.of("-chardev", "spiceport,id=" + id + ",name=" + ports.get(i).name()));
            switch (ports.get(i).monitor()) {
                case QMP -> args.addAll(List.of("-mon", "chardev=" + id + ",mode=control"));
                case HMP -> args.addAll(List.of("-mon", "chardev=" + id + ",mode=readline"));
                case NONE -> {
                }
            }
        }
        if (options.usbRedirectionSlots() > 0 || options.smartcard()) {
            args.addAll(List.of("-device", "qemu-xhci,id=saffron-xhci"));
        }
        for (int i = 0; i < options.usbRedirectionSlots(); i++) {
            String id = "saffron-usbredir" + i;
            args.addAll(List.of(
                    "-chardev", "spicevmc,id=" + id + ",name=usbredir",
                    "-device", "usb-redir,id=" + id + "-device,chardev=" + id));
        }
        if (options.smartcard()) {
            args.addAll(List.of(
                    "-device", "usb-ccid,id=saffron-ccid",
                    "-chardev", "spicevmc,id=saffron-smartcard,name=smartcard",
                    "-device", "ccid-card-passthru,id=saffron-smartcard-card,chardev=saffron-smartcard"));
        }
        args.addAll(options.extraArguments());
        return args;
    }

    /** QEMU's option syntax splits on commas; a doubled comma stands for one. */
    static String optionValue(String value) {
        return value.replace(",", ",,");
    }

    private static QemuServer launch(QemuOptions options, int port, OptionalInt tlsPort, Path shell,
                                     Path qemuExecutable) throws IOException {
        Path directory = Files.createTempDirectory("saffron-qemu-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process wrapper = null;
        QemuServer server = null;
        try {
            Path qmpSocket = directory.resolve(QMP_SOCKET);
            if (qmpSocket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
                throw new IOException("the temporary directory's path is too long for a unix socket: " + qmpSocket
                        + "; point java.io.tmpdir at a shorter one");
            }
            Path passwordFile = null;
            if (options.password().isPresent()) {
                passwordFile = Files.createFile(directory.resolve("spice-password"),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(passwordFile, options.password().get(), StandardCharsets.UTF_8);
            }
            List<String> command = new ArrayList<>(List.of(
                    shell.toString(), "-c", WRAPPER, "saffron-qemu-wrapper", qemuExecutable.toString()));
            command.addAll(arguments(options, port, tlsPort, qmpSocket, passwordFile));
            Path stderrLog = directory.resolve("qemu-stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(stderrLog.toFile());
            options.saslConfigDirectory().ifPresent(
                    sasl -> builder.environment().put("SASL_CONF_PATH", sasl.toString()));
            wrapper = builder.start();
            ProcessHandle qemu = qemuHandle(wrapper, stderrLog);
            server = new QemuServer(options, port, tlsPort, directory, stderrLog, wrapper, qemu);
            RUNNING.add(server);
            server.awaitReady(qmpSocket, System.nanoTime() + options.startupTimeout().toNanos());
            LOG.log(Level.DEBUG, "QEMU {0} serves SPICE on {1}:{2}", qemu.pid(), HOST, String.valueOf(port));
            return server;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.abandon();
            } else {
                if (wrapper != null) {
                    wrapper.destroyForcibly();
                }
                TestFiles.deleteRecursively(directory);
            }
            throw e;
        }
    }

    /** Reads the pid line the wrapper prints first. */
    private static ProcessHandle qemuHandle(Process wrapper, Path stderrLog) throws IOException {
        InputStream out = wrapper.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = out.read(); b != '\n'; b = out.read()) {
            if (b < 0 || line.length() > 20) {
                throw new IOException("the QEMU wrapper did not report a pid; stderr:\n"
                        + TestFiles.tail(stderrLog, STDERR_TAIL_BYTES));
            }
            line.append((char) b);
        }
        long pid;
        try {
            pid = Long.parseLong(line.toString());
        } catch (NumberFormatException e) {
            throw new IOException("the QEMU wrapper printed " + line + " instead of a pid", e);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            return handle.get();
        }
        // QEMU is already gone, a bad argument say; the wrapper exits with its status right after.
        try {
            wrapper.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while QEMU was starting");
        }
        throw startFailure(wrapper, stderrLog);
    }

    private void awaitReady(Path qmpSocket, long deadline) throws IOException {
        IOException lastQmpFailure = null;
        while (true) {
            checkStillStarting(deadline, "QMP", lastQmpFailure);
            if (Files.exists(qmpSocket)) {
                try {
                    qmp = Qmp.connect(qmpSocket, QMP_TIMEOUT);
                    break;
                } catch (IOException e) {
                    lastQmpFailure = e;
                }
            }
            pause();
        }
        IOException lastSpiceFailure = null;
        while (true) {
            checkStillStarting(deadline, "SPICE", lastSpiceFailure);
            try {
                probeSpice();
                break;
            } catch (IOException e) {
                lastSpiceFailure = e;
            }
            pause();
        }
        // The probe shows up as SPICE_CONNECTED and SPICE_DISCONNECTED events; tests must not mistake
        // them for their own client, so wait for the pair to pass and forget it.
        qmp.awaitEvent("SPICE_DISCONNECTED", QMP_TIMEOUT);
        qmp.clearEvents();
    }

    private void probeSpice() throws IOException {
        if (options.unixSocket()) {
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(spiceSocket(directory.resolve(QMP_SOCKET))));
            }
        } else {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 1000);
            }
        }
    }

    /** The SPICE unix socket lives next to the QMP socket, in the server's private folder. */
    private static Path spiceSocket(Path qmpSocket) {
        return qmpSocket.resolveSibling("spice.sock");
    }

    private void checkStillStarting(long deadline, String what, IOException lastFailure) throws IOException {
        if (!wrapper.isAlive()) {
            throw startFailure(wrapper, stderrLog);
        }
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("QEMU's " + what + " did not answer within " + options.startupTimeout()
                    + "; its stderr ends with:\n" + TestFiles.tail(stderrLog, STDERR_TAIL_BYTES), lastFailure);
        }
    }

    private static IOException startFailure(Process wrapper, Path stderrLog) {
        String tail = TestFiles.tail(stderrLog, STDERR_TAIL_BYTES);
        if (tail.contains(PORT_TAKEN_MESSAGE)) {
            return new PortTakenException();
        }
        String status = wrapper.isAlive() ? "" : " with status " + wrapper.exitValue();
        return new IOException("QEMU exited" + status + " while starting; its stderr ends with:\n" + tail);
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while QEMU was starting");
        }
    }

    private void quit() {
        if (qmp == null) {
            return;
        }
        try {
            qmp.execute("quit");
        } catch (IOException e) {
            // QEMU may close the socket before its reply is read; the exit wait below is what counts.
            LOG.log(Level.DEBUG, "QMP quit: {0}", e.getMessage());
        }
    }

    /** @return whether both the wrapper and QEMU have exited within {@code timeout} */
    private boolean awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!wrapper.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            qemu.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for QEMU's exit failed", e);
        }
    }

    /** SIGKILL QEMU directly, and through the wrapper in case the handle no longer matches. */
    private void kill() {
        qemu.destroyForcibly();
        try {
            wrapper.getOutputStream().close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the QEMU wrapper's stdin: {0}", e.getMessage());
        }
        wrapper.destroyForcibly();
    }

    /** Ends everything without ceremony: for failed starts and the shutdown hook. */
    private void abandon() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            kill();
            awaitExit(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(this);
            closeQmp();
            deleteDirectory();
        }
    }

    private static void killAllRunning() {
        for (QemuServer server : List.copyOf(RUNNING)) {
            server.abandon();
        }
    }

    private void closeQmp() {
        if (qmp == null) {
            return;
        }
        try {
            qmp.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing QMP: {0}", e.getMessage());
        }
    }

    private void deleteDirectory() {
        try {
            TestFiles.deleteRecursively(directory);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete {0}: {1}", directory, e.getMessage());
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /** QEMU exited because another process holds the SPICE port. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException() {
            super("SPICE port taken");
        }
    }
}
