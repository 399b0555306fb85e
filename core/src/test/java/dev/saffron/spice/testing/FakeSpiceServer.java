package dev.saffron.spice.testing;

import dev.saffron.spice.internal.protocol.MainProtocol;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted SPICE server on loopback for session-level tests (the link, several channels, bad input) that
 * a real server would never produce; one channel's messages are tested on the {@link ChannelHarness}. It links
 * channels for real (RSA key, ticket check, capabilities) and then hands each connection to a script that
 * writes whatever bytes the test wants. Real-server behaviour is tested against QEMU, never against this.
 */
public final class FakeSpiceServer implements AutoCloseable {
    /** What the server does with one linked channel. */
    @FunctionalInterface
    public interface Script {
        /**
         * @param channel the linked connection; the script may write anything and close it
         */
        void run(LinkedChannel channel) throws IOException, InterruptedException;
    }

    /**
     * A message from the client.
     *
     * @param type the message type
     * @param body the body bytes
     */
    public record Message(int type, byte[] body) {
        /** @return the body in little-endian order, for reading fields */
        public ByteBuffer view() {
            return ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** One linked connection. */
    public static final class LinkedChannel {
        private final Socket socket;
        private final int channelType;
        private final int channelId;
        private final long connectionId;

        LinkedChannel(Socket socket, int channelType, int channelId, long connectionId) {
            this.socket = socket;
            this.channelType = channelType;
            this.channelId = channelId;
            this.connectionId = connectionId;
        }

        /** @return the linked channel's type byte */
        public int type() {
            return channelType;
        }

        /** @return the linked channel's id */
        public int id() {
            return channelId;
        }

        /** @return the connection id the client sent */
        public long connectionId() {
            return connectionId;
        }

        /** Sends a message with a 6-byte mini header. */
        public void send(int type, byte[] body) throws IOException {
            ByteBuffer header = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) type).putInt(body.length);
            raw(header.array());
            raw(body);
        }

        /**
         * Sends the main channel's INIT for a session, with spice-server's usual values otherwise (server mouse
         * mode, no agent), for tests outside core that cannot name core's message numbers.
         */
        public void sendMainInit(long sessionId) throws IOException {
            send(MainProtocol.MSG_INIT, ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) sessionId).putInt(1).putInt(1).putInt(1).putInt(0).putInt(10).putInt(5000).putInt(0)
                    .array());
        }

        /** Sends raw bytes. */
        public void raw(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        /** Reads one client message (mini header) and returns its type. */
        public int readMessageType() throws IOException {
            return readMessage().type();
        }

        /** Reads one client message (mini header). */
        public Message readMessage() throws IOException {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[6];
            in.readFully(header);
            ByteBuffer view = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            int type = Short.toUnsignedInt(view.getShort(0));
            byte[] body = new byte[view.getInt(2)];
            in.readFully(body);
            return new Message(type, body);
        }

        /** Keeps the connection open until the client closes it. */
        public void holdUntilClientCloses() throws IOException {
            while (socket.getInputStream().read() >= 0) {
                Thread.onSpinWait();
            }
        }

        /** Closes the connection. */
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final int MAGIC = 0x51444552;
    private static final int REPLY_SIZE = 178;

    private final ServerSocket server;
    private final KeyPair keys;
    private final Script script;
    private final String password;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile int channelCapabilities;

    /**
     * @param password the ticket the server accepts ({@code ""}: any)
     * @param script   what to do once a channel is linked; runs on its own thread per connection
     */
    public FakeSpiceServer(String password, Script script) throws IOException, GeneralSecurityException {
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        this.keys = generator.generateKeyPair();
        this.password = password;
        this.script = script;
        this.acceptor = Thread.ofVirtual().name("fake-spice-accept").start(this::acceptLoop);
    }

    /**
     * Sets the first word of channel capabilities that links from now on announce (none by default), for tests
     * of capabilities that change what the client does over several channels, such as seamless migration.
     */
    public void channelCapabilities(int word) {
        channelCapabilities = word;
    }

    /** @return the port to connect to on 127.0.0.1 */
    public int port() {
        return server.getLocalPort();
    }

    /** @return failures inside scripts or the link, for tests to assert none happened */
    public List<Throwable> failures() {
        return failures;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread.ofVirtual().name("fake-spice-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            LinkedChannel channel = link(socket);
            if (channel != null) {
                script.run(channel);
            }
        } catch (IOException e) {
            // The client went away; scripts decide for themselves what they expect.
        } catch (InterruptedException | GeneralSecurityException | RuntimeException e) {
            failures.add(e);
        }
    }

    private LinkedChannel link(Socket socket) throws IOException, GeneralSecurityException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteBuffer header = read(in, 16);
        if (header.getInt(0) != MAGIC) {
            return null;
        }
        ByteBuffer mess = read(in, header.getInt(12));
        long connectionId = Integer.toUnsignedLong(mess.getInt(0));
        int type = Byte.toUnsignedInt(mess.get(4));
        int id = Byte.toUnsignedInt(mess.get(5));

        ByteBuffer reply = ByteBuffer.allocate(16 + REPLY_SIZE + 8).order(ByteOrder.LITTLE_ENDIAN);
        reply.putInt(MAGIC).putInt(2).putInt(2).putInt(REPLY_SIZE + 8);
        reply.putInt(0).put(keys.getPublic().getEncoded()).putInt(1).putInt(1).putInt(REPLY_SIZE);
        // No channel capabilities unless set: tests of a channel's own capabilities run on the ChannelHarness.
        reply.putInt(0b1011).putInt(channelCapabilities);
        socket.getOutputStream().write(reply.array());

        int mechanism = read(in, 4).getInt(0);
        byte[] ticket = new byte[128];
        in.readFully(ticket);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate(), new OAEPParameterSpec(
                "SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        byte[] plain = cipher.doFinal(ticket);
        String given = new String(plain, 0, Math.max(0, plain.length - 1), StandardCharsets.UTF_8);
        boolean accepted = mechanism == 1 && (password.isEmpty() || password.equals(given));
        socket.getOutputStream().write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(accepted ? 0 : 7).array());
        return accepted ? new LinkedChannel(socket, type, id, connectionId) : null;
    }

    private static ByteBuffer read(DataInputStream in, int size) throws IOException {
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        acceptor.interrupt();
    }
}
