package dev.saffron.spice.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The host's smartcard stack with no hardware: a pcscd of its own, in the foreground, with vsmartcard's virtual
 * reader driver (vpcd) offering {@value #SLOTS} readers, and vsmartcard's virtual ISO 7816 card ({@code vicc})
 * that {@link #insertCard(int)} plugs into a reader and {@link #removeCard(int)} pulls out.
 *
 * <p>Isolation. pcsc-lite 1.9.9's daemon ignores {@code PCSCLITE_CSOCK_NAME} (only its client library reads it)
 * and insists on {@code /run/pcscd/pcscd.comm}, refusing to start while another daemon's socket is there. So
 * the daemon runs in a mount namespace of its own ({@code unshare}, with a user namespace when not root) where
 * this fixture's run directory is mounted over {@code /run}: the socket lands at {@link #socket()}, the system's
 * pcscd (if any) is untouched, and clients reach this one by {@link #clientEnvironment()}. The readers' TCP ports
 * (vpcd listens on one per slot, consecutive) are picked free at start; a port taken meanwhile makes the start
 * try again with others.
 *
 * <p>{@link #close()} stops the cards and the daemon; a JVM shutdown hook kills whatever is left.
 */
public final class VirtualSmartcard implements AutoCloseable {
    /** Readers the vpcd driver offers per configuration line. */
    public static final int SLOTS = 2;
    /** The ATR of vicc's {@code iso7816} card, as {@code opensc-tool --atr} prints it. */
    public static final String ISO7816_ATR = "3b:95:13:81:01:80:73:ff:01:00:0b";
    /** The environment variable through which libpcsclite clients find the daemon's socket. */
    public static final String SOCKET_VARIABLE = "PCSCLITE_CSOCK_NAME";

    private static final String FRIENDLY_NAME = "Virtual PCD";
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final Duration CARD_CHANGE = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 3;
    /** {@code sun_path} holds 108 bytes, the terminating NUL included. */
    private static final int MAX_SOCKET_PATH = 107;
    /** Where Debian's python3-virtualsmartcard puts its package, off Python's path and one level deep. */
    private static final Path VICC_PACKAGE_PARENT = Path.of("/usr/lib/python3/site-packages/virtualsmartcard");
    /** pycryptodome under the name vicc imports, {@code Crypto}, which bookworm ships as {@code Cryptodome}. */
    private static final Path CRYPTODOME = Path.of("/usr/lib/python3/dist-packages/Cryptodome");

    /**
     * Python runs {@code sitecustomize} from its path at start-up: this one makes vicc acknowledge what it
     * receives at once. vpcd writes each message to the card in two pieces, and the second waits for the
     * acknowledgement of the first, which Linux delays by up to 40 ms: every APDU took 44 ms, 0.2 ms with this.
     */
    private static final String QUICK_ACK = """
            import socket
            _receive = socket.socket.recv
            def _receive_acknowledging_at_once(self, *arguments):
                self.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
                return _receive(self, *arguments)
            socket.socket.recv = _receive_acknowledging_at_once
            """;

    private final Path directory;
    private final Path socket;
    private final Process daemon;
    private final Path daemonLog;
    private final int firstPort;
    private final Thread reaper;
    /** Per slot, the card's vicc process or null; the reaper reads it from its own thread. */
    private final AtomicReferenceArray<Process> cards = new AtomicReferenceArray<>(SLOTS);
    /** Per slot, how many removals the daemon had logged when its card went in. */
    private final long[] removalsBeforeCard = new long[SLOTS];

    private VirtualSmartcard(Path directory, Path socket, Process daemon, Path daemonLog, int firstPort) {
        this.directory = directory;
        this.socket = socket;
        this.daemon = daemon;
        this.daemonLog = daemonLog;
        this.firstPort = firstPort;
        this.reaper = new Thread(this::killAll, "saffron-virtual-smartcard-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the daemon with its socket at {@code directory/run/pcscd/pcscd.comm}. */
    public static VirtualSmartcard start(Path directory) throws IOException {
        return start(directory, directory.resolve("run/pcscd/pcscd.comm"));
    }

    /**
     * Starts the daemon with its socket at a path chosen by the caller, for a JVM whose own libpcsclite was
     * pointed there by its environment before it started (a running JVM cannot change its environment).
     *
     * @param directory where the configuration, the logs and the card's Python path go
     * @param socket    must be {@code SOMEWHERE/pcscd/pcscd.comm}: the daemon names its socket so under its
     *                  {@code /run}, and {@code SOMEWHERE}, created if missing, becomes that {@code /run}
     */
    public static VirtualSmartcard start(Path directory, Path socket) throws IOException {
        Path pcscd = Tool.PCSCD.require();
        Path unshare = Tool.UNSHARE.require();
        Path mount = Tool.MOUNT.require();
        Path sh = Tool.SH.require();
        Tool.VICC.require();
        Path absoluteSocket = socket.toAbsolutePath();
        if (!absoluteSocket.getFileName().toString().equals("pcscd.comm")
                || !absoluteSocket.getParent().getFileName().toString().equals("pcscd")) {
            throw new IllegalArgumentException("pcscd names its socket pcscd/pcscd.comm under /run; got " + socket);
        }
        if (absoluteSocket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("socket path longer than a Unix socket allows: " + socket);
        }
        Path run = absoluteSocket.getParent().getParent();
        clearStaleDaemon(absoluteSocket);
        Files.createDirectories(run);
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePortPair();
            Path config = Files.createDirectories(directory.resolve("pcscd-config-" + port));
            String device = String.format("0x%04X", port);
            Files.write(config.resolve("vpcd"), List.of("FRIENDLYNAME \"" + FRIENDLY_NAME + "\"",
                    "DEVICENAME /dev/null:" + device,
                    "LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so",
                    "CHANNELID " + device));
            Path log = directory.resolve("pcscd-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(unshare.toString()));
            if (!runningAsRoot()) {
                command.addAll(List.of("--user", "--map-root-user"));
            }
            command.addAll(List.of("--mount", "--propagation", "private", sh.toString(), "-c",
                    "\"$1\" --bind \"$2\" /run && exec \"$3\" --foreground --info --config \"$4\"",
                    "virtual-smartcard", mount.toString(), run.toString(), pcscd.toString(), config.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            VirtualSmartcard card = new VirtualSmartcard(directory, absoluteSocket, process, log, port);
            try {
                card.awaitReady();
                return card;
            } catch (IOException e) {
                card.close();
                last = e;
            }
        }
        throw last;
    }

    /** A socket left by a daemon that died unstopped keeps the next one from starting; a live one is an error. */
    private static void clearStaleDaemon(Path socket) throws IOException {
        if (Files.exists(socket)) {
            if (answers(socket)) {
                throw new IOException("another pcscd already serves " + socket);
            }
            Files.delete(socket);
        }
        Files.deleteIfExists(socket.resolveSibling("pcscd.pid"));
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runningAsRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** @return a port that is free on every address, like the one after it (vpcd binds both on 0.0.0.0) */
    private static int freePortPair() throws IOException {
        for (int tries = 0; tries < 20; tries++) {
            try (ServerSocket first = new ServerSocket()) {
                first.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
                int port = first.getLocalPort();
                if (port + SLOTS - 1 > 65535) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket()) {
                    second.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port + 1));
                    return port;
                } catch (IOException taken) {
                    // Try another pair.
                }
            }
        }
        throw new IOException("no two consecutive free TCP ports for the virtual readers");
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            String log = Files.readString(daemonLog);
            if (log.contains("init failed")) {
                throw new IOException("a virtual reader did not start (port " + firstPort + " or the next taken?): "
                        + log());
            }
            if (log.contains("daemon ready") && Files.exists(socket)) {
                return;
            }
            if (!daemon.isAlive()) {
                throw new IOException("pcscd exited while starting (exit " + daemon.exitValue() + "): " + log());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("pcscd was not ready within " + STARTUP + ": " + log());
            }
            pause();
        }
    }

    /** @return the daemon's socket, the value of {@value #SOCKET_VARIABLE} for clients */
    public Path socket() {
        return socket;
    }

    /** @return what a libpcsclite client process needs in its environment to use this daemon */
    public Map<String, String> clientEnvironment() {
        return Map.of(SOCKET_VARIABLE, socket.toString());
    }

    /** @return the name PC/SC gives the reader of a slot, {@code Virtual PCD 00 0N} */
    public String readerName(int slot) {
        checkSlot(slot);
        return String.format("%s 00 %02d", FRIENDLY_NAME, slot);
    }

    /** @return the names of every reader, in slot order */
    public List<String> readerNames() {
        List<String> names = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            names.add(readerName(slot));
        }
        return names;
    }

    /** Inserts the card into the first reader. */
    public void insertCard() throws IOException {
        insertCard(0);
    }

    /** Removes the card from the first reader. */
    public void removeCard() throws IOException {
        removeCard(0);
    }

    /**
     * Starts an iso7816 virtual card in the reader of a slot and returns once the daemon has seen it.
     *
     * @throws IllegalStateException if that reader already holds a card
     */
    public synchronized void insertCard(int slot) throws IOException {
        checkSlot(slot);
        if (cards.get(slot) != null) {
            throw new IllegalStateException("a card is already in " + readerName(slot));
        }
        Path python = pythonPath();
        String inserted = "Card inserted into " + readerName(slot);
        long before = countLogLines(inserted::equals);
        Path cardLog = directory.resolve("vicc-" + firstPort + "-" + slot + ".log");
        ProcessBuilder builder = new ProcessBuilder(Tool.VICC.require().toString(), "--type", "iso7816",
                "--hostname", "127.0.0.1", "--port", Integer.toString(firstPort + slot), "-v")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(cardLog.toFile()));
        builder.environment().put("PYTHONPATH", python + ":" + VICC_PACKAGE_PARENT);
        removalsBeforeCard[slot] = countLogLines(("Card Removed From " + readerName(slot))::equals);
        Process card = builder.start();
        card.getOutputStream().close();
        cards.set(slot, card);
        long deadline = System.nanoTime() + CARD_CHANGE.toNanos();
        while (countLogLines(inserted::equals) == before) {
            if (!card.isAlive()) {
                cards.set(slot, null);
                throw new IOException("vicc exited before the card was seen: " + TestFiles.tail(cardLog, 4096));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("pcscd did not see the card in " + readerName(slot) + " within "
                        + CARD_CHANGE + ": " + log());
            }
            pause();
        }
    }

    /**
     * Stops the card of a slot and returns once the daemon has seen it go (also if it went already, as when
     * vicc failed on a command).
     *
     * @throws IllegalStateException if that reader holds no card of this fixture's
     */
    public synchronized void removeCard(int slot) throws IOException {
        checkSlot(slot);
        Process card = cards.get(slot);
        if (card == null) {
            throw new IllegalStateException("no card in " + readerName(slot));
        }
        // A frozen card would hold SIGTERM until continued; the card has nothing to save, so it is killed.
        card.destroyForcibly();
        try {
            card.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while removing the card");
        }
        cards.set(slot, null);
        String removed = "Card Removed From " + readerName(slot);
        long deadline = System.nanoTime() + CARD_CHANGE.toNanos();
        while (countLogLines(removed::equals) == removalsBeforeCard[slot]) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("pcscd did not see the card leave " + readerName(slot) + " within "
                        + CARD_CHANGE + ": " + log());
            }
            pause();
        }
    }

    /** @return whether a card of this fixture's is in the reader of a slot (inserted and not removed since) */
    public boolean hasCard(int slot) {
        checkSlot(slot);
        return cards.get(slot) != null;
    }

    /**
     * Freezes the card of a slot (SIGSTOP), as a card busy computing: it takes APDUs and does not answer them,
     * until {@link #removeCard(int)} pulls it out. Lets a test remove a card in the middle of an APDU.
     */
    public synchronized void freezeCard(int slot) throws IOException {
        checkSlot(slot);
        Process card = cards.get(slot);
        if (card == null) {
            throw new IllegalStateException("no card in " + readerName(slot));
        }
        Process kill = new ProcessBuilder(Tool.SH.require().toString(), "-c", "kill -STOP " + card.pid())
                .inheritIO().start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -STOP " + card.pid() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while freezing the card");
        }
    }

    /** @return the Python path entry holding {@code Crypto} and {@code sitecustomize}, in the fixture's directory */
    private Path pythonPath() throws IOException {
        if (!Files.isDirectory(VICC_PACKAGE_PARENT.resolve("virtualsmartcard"))
                || !Files.isDirectory(CRYPTODOME)) {
            throw new IllegalStateException("vicc's Python modules are missing (" + VICC_PACKAGE_PARENT + ", "
                    + CRYPTODOME + "); install them with: apt-get install " + Tool.VICC.debianPackages());
        }
        Path python = directory.resolve("vicc-python");
        Path crypto = python.resolve("Crypto");
        Files.createDirectories(python);
        if (!Files.isSymbolicLink(crypto)) {
            Files.createSymbolicLink(crypto, CRYPTODOME);
        }
        Files.writeString(python.resolve("sitecustomize.py"), QUICK_ACK);
        return python;
    }

    /** @return how many lines of the daemon's log, stripped of its timestamp and source, match */
    private long countLogLines(Predicate<String> message) throws IOException {
        try (var lines = Files.lines(daemonLog, StandardCharsets.UTF_8)) {
            return lines.map(VirtualSmartcard::message).filter(message).count();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** pcscd's lines read {@code 00000003 eventhandler.c:423:EHStatusHandlerThread() MESSAGE}. */
    private static String message(String line) {
        int end = line.indexOf("() ");
        return end < 0 ? line : line.substring(end + 3);
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " outside 0.." + (SLOTS - 1));
        }
    }

    /** @return what the daemon logged so far, for assertion messages */
    public String log() {
        return TestFiles.tail(daemonLog, 8192);
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the virtual smartcard");
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void killAll() {
        for (int slot = 0; slot < SLOTS; slot++) {
            Process card = cards.get(slot);
            if (card != null) {
                card.destroyForcibly();
            }
        }
        daemon.destroyForcibly();
    }

    @Override
    public synchronized void close() {
        for (int slot = 0; slot < SLOTS; slot++) {
            Process card = cards.getAndSet(slot, null);
            if (card != null) {
                stop(card);
            }
        }
        stop(daemon);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }
}
