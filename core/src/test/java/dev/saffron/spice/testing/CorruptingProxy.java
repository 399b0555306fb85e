package dev.saffron.spice.testing;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port in front of a SPICE server that damages images in flight, as a flaky
 * network or a broken server would: it passes every connection through, and on the display channel's
 * server-to-client stream it overwrites the image type of the first {@code imagesToDamage} DRAW_COPY
 * messages with a type no SPICE version defines. Framing stays intact, so the client sees well-formed
 * messages whose image cannot be decoded — a real server's real frame with a hole in it.
 *
 * <p>It follows just enough of the protocol to find those bytes: the client's link message names the channel
 * type; the server's link reply, the 4-byte link result and then mini-headed messages (u16 type, u32 size)
 * follow. It needs the mini header (spice-server and Saffron both offer it) and plain TCP with ticket
 * authentication. Closing it closes every socket; its threads are daemons and end with their sockets.
 */
public final class CorruptingProxy implements Closeable {
    /** An image type no SPICE version defines (they end at 107). */
    public static final int DAMAGED_IMAGE_TYPE = 0xEE;

    private static final int LINK_HEADER_BYTES = 16;
    private static final int MAX_LINK_BODY = 4096;
    private static final int CHANNEL_DISPLAY = 2;
    private static final int MSG_DRAW_COPY = 304;
    private static final int MINI_HEADER_CAP = 3;
    private static final int CLIP_RECTS = 1;
    /** The largest display message the proxy holds: far more than any one image spice-server sends here. */
    private static final int MAX_MESSAGE = 64 << 20;

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final int imagesToDamage;
    private final AtomicInteger damaged = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> failure = new CompletableFuture<>();

    private CorruptingProxy(ServerSocket listener, String targetHost, int targetPort, int imagesToDamage) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.imagesToDamage = imagesToDamage;
    }

    /**
     * @param imagesToDamage how many DRAW_COPY images to damage; 0 passes everything through untouched
     * @return a proxy already accepting connections
     */
    public static CorruptingProxy start(String targetHost, int targetPort, int imagesToDamage) throws IOException {
        ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        CorruptingProxy proxy = new CorruptingProxy(listener, targetHost, targetPort, imagesToDamage);
        daemon("saffron-corrupting-proxy-accept", proxy::acceptLoop).start();
        return proxy;
    }

    /** @return the loopback port clients connect to */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return how many images were damaged so far */
    public int damagedImages() {
        return damaged.get();
    }

    /**
     * @throws IOException the first problem the proxy had with a stream it had to understand (not a socket
     *                     closed by either side), so a test can tell a broken fixture from a failing client
     */
    public void checkHealthy() throws IOException {
        if (!failure.isDone()) {
            return;
        }
        try {
            failure.get(0, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("the corrupting proxy failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("a completed future answers at once", e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                CompletableFuture<Integer> channelType = new CompletableFuture<>();
                daemon("saffron-corrupting-proxy-up", () -> clientToServer(client, server, channelType)).start();
                daemon("saffron-corrupting-proxy-down", () -> serverToClient(server, client, channelType)).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void clientToServer(Socket client, Socket server, CompletableFuture<Integer> channelType) {
        try (client; server) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = server.getOutputStream();
            byte[] header = in.readNBytes(LINK_HEADER_BYTES);
            if (header.length < LINK_HEADER_BYTES) {
                return;
            }
            int size = le(header).getInt(12);
            if (size < 5 || size > MAX_LINK_BODY) {
                throw new IOException("client link message of " + size + " bytes");
            }
            byte[] body = new byte[size];
            in.readFully(body);
            channelType.complete(body[4] & 0xFF);
            out.write(header);
            out.write(body);
            in.transferTo(out);
        } catch (IOException e) {
            if (!channelType.isDone()) {
                channelType.completeExceptionally(e);
            }
        }
    }

    private void serverToClient(Socket server, Socket client, CompletableFuture<Integer> channelType) {
        try (server; client) {
            InputStream in = server.getInputStream();
            OutputStream out = client.getOutputStream();
            int type;
            try {
                type = channelType.get();
            } catch (ExecutionException e) {
                return;
            }
            if (type != CHANNEL_DISPLAY || imagesToDamage == 0) {
                in.transferTo(out);
                return;
            }
            damageDisplayStream(new DataInputStream(in), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!(e instanceof java.net.SocketException || e instanceof java.io.EOFException)) {
                failure.completeExceptionally(e);
            }
        }
    }

    private void damageDisplayStream(DataInputStream in, OutputStream out) throws IOException {
        byte[] header = new byte[LINK_HEADER_BYTES];
        in.readFully(header);
        int size = le(header).getInt(12);
        if (size < 4 || size > MAX_LINK_BODY) {
            throw new IOException("server link reply of " + size + " bytes");
        }
        byte[] reply = new byte[size];
        in.readFully(reply);
        out.write(header);
        out.write(reply);
        ByteBuffer replyBuffer = le(reply);
        if (replyBuffer.getInt(0) != 0) {
            in.transferTo(out);
            return;
        }
        int capsOffset = replyBuffer.getInt(4 + 162 + 8);
        if (replyBuffer.getInt(4 + 162) < 1 || (replyBuffer.getInt(capsOffset) & 1 << MINI_HEADER_CAP) == 0) {
            throw new IOException("the server offers no mini header, which this proxy needs");
        }
        byte[] result = new byte[4];
        in.readFully(result);
        out.write(result);
        out.flush();
        byte[] messageHeader = new byte[6];
        while (true) {
            in.readFully(messageHeader);
            ByteBuffer parsed = le(messageHeader);
            int messageType = parsed.getShort(0) & 0xFFFF;
            int messageSize = parsed.getInt(2);
            if (messageSize < 0 || messageSize > MAX_MESSAGE) {
                throw new IOException("display message of " + Integer.toUnsignedString(messageSize) + " bytes");
            }
            byte[] body = new byte[messageSize];
            in.readFully(body);
            if (messageType == MSG_DRAW_COPY && damaged.get() < imagesToDamage && damageImage(body)) {
                damaged.incrementAndGet();
            }
            out.write(messageHeader);
            out.write(body);
            out.flush();
        }
    }

    /**
     * Overwrites the type of a DRAW_COPY's source image: after the display base (surface id, box, clip) comes
     * the image's offset in the message, and the image descriptor holds its type after a 64-bit id.
     *
     * @return whether the message had an image to damage
     */
    private static boolean damageImage(byte[] body) {
        ByteBuffer message = le(body);
        int position = 4 + 16;
        if (body.length < position + 1) {
            return false;
        }
        int clipType = body[position] & 0xFF;
        position += 1;
        if (clipType == CLIP_RECTS) {
            if (body.length < position + 4) {
                return false;
            }
            position += 4 + 16 * message.getInt(position);
        }
        if (position < 0 || body.length < position + 4) {
            return false;
        }
        int imageAt = message.getInt(position);
        int typeAt = imageAt + 8;
        if (imageAt <= 0 || typeAt >= body.length) {
            return false;
        }
        body[typeAt] = (byte) DAMAGED_IMAGE_TYPE;
        return true;
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
