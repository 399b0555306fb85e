package dev.saffron.spice.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A unix-socket connection that carries one JSON object per line, as QMP and qemu-guest-agent do, with every
 * read and write bounded by a deadline: the transport {@link Qmp} and {@link GuestAgent} share. Not
 * thread-safe; its owners serialise their calls.
 */
final class JsonLineSocket implements AutoCloseable {
    private final String peer;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final QmpLineReader lines;
    private final ByteBuffer readBuffer;

    private JsonLineSocket(String peer, SocketChannel channel, int maxLineBytes, int readBufferBytes)
            throws IOException {
        this.peer = peer;
        this.channel = channel;
        this.lines = new QmpLineReader(maxLineBytes);
        this.readBuffer = ByteBuffer.allocate(readBufferBytes);
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    /**
     * @param peer            what the socket leads to, for messages: e.g. {@code QMP}, {@code the guest agent}
     * @param maxLineBytes    the longest line accepted before the peer is judged broken
     * @param readBufferBytes how much one read takes at most
     * @throws IOException if the socket cannot be reached
     */
    static JsonLineSocket connect(Path socket, String peer, int maxLineBytes, int readBufferBytes)
            throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new JsonLineSocket(peer, channel, maxLineBytes, readBufferBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void write(String text, long deadline, String what) throws IOException {
        write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), deadline, what);
    }

    void write(ByteBuffer data, long deadline, String what) throws IOException {
        while (data.hasRemaining()) {
            if (channel.write(data) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                try {
                    selector.select(remainingMillis(deadline, "sending " + what));
                    selector.selectedKeys().clear();
                } finally {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        }
    }

    /** @return the next non-blank line from the peer */
    String readLine(long deadline, String what) throws IOException {
        while (true) {
            String line = lines.nextLine().orElse(null);
            if (line != null) {
                if (!line.isBlank()) {
                    return line;
                }
                continue;
            }
            ByteBuffer bytes = readBytes(deadline, what);
            if (bytes.hasRemaining()) {
                lines.feed(bytes);
            }
        }
    }

    /**
     * Reads what has arrived, without splitting it into lines, for a caller that must look at raw bytes
     * first (the guest agent's sync delimiter); it hands back what it leaves with {@link #pushBack}.
     *
     * @return the bytes read, possibly none; valid until the next read
     */
    ByteBuffer readBytes(long deadline, String what) throws IOException {
        selector.select(remainingMillis(deadline, "waiting for " + what));
        selector.selectedKeys().clear();
        readBuffer.clear();
        int read = channel.read(readBuffer);
        if (read < 0) {
            throw new QmpException("QEMU closed the socket of " + peer + " while waiting for " + what);
        }
        return readBuffer.flip();
    }

    /** Queues bytes from {@link #readBytes} that belong to the lines that follow. */
    void pushBack(ByteBuffer rest) throws QmpException {
        lines.feed(rest);
    }

    private long remainingMillis(long deadline, String what) throws QmpException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new QmpException(peer + " timed out " + what);
        }
        // select(0) would wait forever, so never round down to 0
        return Math.max(1, Duration.ofNanos(remaining).toMillis());
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
