package dev.saffron.spice.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * tinyproxy, the HTTP CONNECT proxy of the proxy tests, started in the foreground on a free loopback port
 * with a configuration of the test's own. {@link #close()} stops it; a JVM shutdown hook stops any left.
 */
public final class Tinyproxy implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread reaper;

    private Tinyproxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "saffron-tinyproxy-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * @param directory   where the configuration and log go
     * @param basicAuth   {@code user} and {@code password} the proxy demands, or empty for none
     * @param connectPorts the only target ports CONNECT may reach; empty for any
     */
    public static Tinyproxy start(Path directory, Optional<String[]> basicAuth, List<Integer> connectPorts)
            throws IOException {
        Path executable = Tool.TINYPROXY.require();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePort();
            List<String> config = new ArrayList<>(List.of("Port " + port, "Listen " + HOST, "Timeout 60",
                    "MaxClients 20", "Allow " + HOST, "LogLevel Info"));
            basicAuth.ifPresent(auth -> config.add("BasicAuth " + auth[0] + " " + auth[1]));
            connectPorts.forEach(target -> config.add("ConnectPort " + target));
            Path file = directory.resolve("tinyproxy-" + port + ".conf");
            Files.write(file, config);
            Path log = directory.resolve("tinyproxy-" + port + ".log");
            Process process = new ProcessBuilder(executable.toString(), "-d", "-c", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Tinyproxy proxy = new Tinyproxy(process, port, log);
            try {
                proxy.awaitListening();
                return proxy;
            } catch (IOException e) {
                proxy.close();
                last = e;
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("tinyproxy exited while starting: " + TestFiles.tail(log, 2048));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("tinyproxy did not listen within " + STARTUP, e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while tinyproxy was starting");
            }
        }
    }

    /** @return {@code http://127.0.0.1:PORT}, with {@code credentials@} when given */
    public String uri(String credentials) {
        return "http://" + (credentials.isEmpty() ? "" : credentials + "@") + HOST + ":" + port;
    }

    /** @return what tinyproxy logged so far, for assertion messages */
    public String log() {
        return TestFiles.tail(log, 8192);
    }

    @Override
    public void close() {
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
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }
}
