package dev.saffron.spice.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSSE TLS server on loopback for tests of the client's TLS layer: it presents a certificate the test made,
 * runs each accepted connection's handshake, and hands the connections that complete it to the test's
 * handler. It counts connections and keeps every handshake failure, so a test can show that a client which
 * rejected the certificate never got as far as sending data.
 */
public final class TlsTestServer implements AutoCloseable {
    /** What the server does with one connection whose handshake completed. */
    @FunctionalInterface
    public interface Handler {
        /** @param socket the connection; the handler may read, write and close it */
        void handle(SSLSocket socket) throws IOException, InterruptedException;
    }

    private final SSLServerSocket server;
    private final Handler handler;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final BlockingQueue<Throwable> handshakeFailures = new LinkedBlockingQueue<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /**
     * @param identity the certificate to present (with its key)
     * @param chain    further certificates to send after it, such as its CA; may be empty
     * @param handler  runs on a virtual thread per connection, after the handshake
     */
    public TlsTestServer(TestCertificates.Issued identity, List<TestCertificates.Issued> chain, Handler handler)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate[] certificates = new Certificate[1 + chain.size()];
        certificates[0] = identity.certificate();
        for (int i = 0; i < chain.size(); i++) {
            certificates[i + 1] = chain.get(i).certificate();
        }
        char[] password = "test-store".toCharArray();
        store.setKeyEntry("server", identity.privateKey(), password, certificates);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        this.server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.handler = handler;
        Thread.ofVirtual().name("tls-test-server").start(this::acceptLoop);
    }

    /** @return the loopback port it listens on */
    public int port() {
        return server.getLocalPort();
    }

    /** @return how many TCP connections it accepted */
    public int accepted() {
        return accepted.get();
    }

    /** @return how many handshakes completed, each handed to the handler */
    public int handshakes() {
        return handshakes.get();
    }

    /**
     * Takes the oldest handshake failure not taken yet, waiting for one.
     *
     * @return why the server's side of a handshake failed, or null if none did within {@code timeout}
     */
    public Throwable awaitHandshakeFailure(Duration timeout) throws InterruptedException {
        return handshakeFailures.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            try {
                socket.startHandshake();
            } catch (IOException e) {
                handshakeFailures.add(e);
                return;
            }
            handshakes.incrementAndGet();
            handler.handle(socket);
        } catch (IOException | InterruptedException e) {
            // The client went away or the test ended; either is the handler's business, not a failure here.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
