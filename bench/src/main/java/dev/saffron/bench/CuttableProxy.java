package dev.saffron.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free loopback port in front of a server, whose open connections can be cut at once, as a
 * network outage cuts them while the server stays up: the soak's second way to make a client reconnect. Bytes
 * pass unchanged; every connection has two daemon threads that end with its sockets.
 */
final class CuttableProxy implements Closeable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private CuttableProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts relaying connections to a server. */
    static CuttableProxy start(String targetHost, int targetPort) throws IOException {
        CuttableProxy proxy = new CuttableProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                targetHost, targetPort);
        Thread.ofPlatform().daemon().name("soak-proxy-accept").start(proxy::accept);
        return proxy;
    }

    /** @return the port clients connect to */
    int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection open now; later ones pass as before. */
    void cut() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(targetHost, targetPort), 5000);
            } catch (IOException e) {
                // The server is down (restarting): the client sees a refused connection, as it would directly.
                closeQuietly(server);
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(server);
            pump(client, server);
            pump(server, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("soak-proxy-pump").start(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // Cut or closed by either side: the other side learns it from the close below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
