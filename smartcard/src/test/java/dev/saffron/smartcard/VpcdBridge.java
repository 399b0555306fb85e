package dev.saffron.smartcard;

import dev.saffron.spice.SmartcardException;
import dev.saffron.spice.SmartcardReader;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts a card into vsmartcard's virtual reader (vpcd, a pcsc-lite driver) as its card, so host PC/SC programs
 * talk to it: vpcd listens on a TCP port per reader slot, the card connects. Each message either way is a
 * 2-byte big-endian length and its bytes; from vpcd, one byte is a control code (0 power off, 1 power on,
 * 2 reset, 4 send the ATR) and anything longer is a command APDU to answer.
 */
final class VpcdBridge implements AutoCloseable {
    private static final Logger LOG = System.getLogger(VpcdBridge.class.getName());
    private static final int POWER_OFF = 0;
    private static final int POWER_ON = 1;
    private static final int RESET = 2;
    private static final int GET_ATR = 4;

    private final Socket socket;
    private final SoftwareCard card;
    private final Thread thread;
    private final AtomicInteger apdus = new AtomicInteger();
    private final AtomicInteger bareMoreData = new AtomicInteger();
    private final CountDownLatch atrSent = new CountDownLatch(1);

    private VpcdBridge(Socket socket, SoftwareCard card) {
        this.socket = socket;
        this.card = card;
        this.thread = Thread.ofPlatform().daemon().name("vpcd-bridge").start(this::serve);
    }

    /** Connects to vpcd's slot on {@code port}, retrying while pcscd is still starting. */
    static VpcdBridge connect(SoftwareCard card, int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new VpcdBridge(socket, card);
            } catch (ConnectException e) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("vpcd does not listen on port " + port + " after " + timeout, e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until pcscd has read the card's ATR: from then on PC/SC clients see a card in the reader. */
    void awaitAtrRead(Duration timeout) throws InterruptedException, IOException {
        if (!atrSent.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("pcscd did not ask for the ATR within " + timeout);
        }
    }

    /**
     * @return how many answers were 61xx with no data: what a case 4 command without Le gets, as the host
     *         sends them under T=0
     */
    int bareMoreDataAnswers() {
        return bareMoreData.get();
    }

    /** @return how many command APDUs the card answered */
    int apdus() {
        return apdus.get();
    }

    private void serve() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                byte[] message = new byte[in.readUnsignedShort()];
                in.readFully(message);
                if (message.length == 1) {
                    switch (message[0]) {
                        case POWER_OFF, RESET -> card.reset();
                        case POWER_ON -> card.insert();
                        case GET_ATR -> {
                            send(out, card.atr());
                            atrSent.countDown();
                        }
                        default -> LOG.log(Level.WARNING, "unknown vpcd control code {0}", message[0]);
                    }
                } else {
                    apdus.incrementAndGet();
                    byte[] response = card.transmit(message);
                    if (response.length == 2 && response[0] == 0x61) {
                        bareMoreData.incrementAndGet();
                    }
                    send(out, response);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "vpcd connection ended: {0}", e.toString());
        } catch (SmartcardException e) {
            LOG.log(Level.WARNING, "card gone: {0}", e.getMessage());
        }
    }

    private static void send(DataOutputStream out, byte[] data) throws IOException {
        out.writeShort(data.length);
        out.write(data);
        out.flush();
    }

    /** Takes the card out: vpcd sees the connection close. */
    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
