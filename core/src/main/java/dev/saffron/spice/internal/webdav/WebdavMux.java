package dev.saffron.spice.internal.webdav;

import dev.saffron.spice.SharedFolderServer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webdav channel's multiplexing, as spice-webdavd in the guest does it: the DATA byte stream carries frames
 * {@code i64 client_id, u16 size, data[size]} (little-endian, split across DATA messages at any byte) in both
 * directions. A frame with an id the mux does not know opens a connection to the shared-folder server; a frame
 * with size 0 closes one. Each connection is served on its own thread ({@link MuxClient}); a connection that
 * misbehaves is ended alone, and the channel goes on.
 *
 * <p>{@link #accept} runs on the channel thread only, which also owns the frame parser. The table of
 * connections is shared with the connections' threads, which remove themselves when their server returns.
 */
public final class WebdavMux {
    private static final System.Logger LOG = System.getLogger(WebdavMux.class.getName());

    private final SharedFolderServer server;
    private final FrameSink sink;
    private final MuxLimits limits;
    private final Map<Long, MuxClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private final ByteBuffer header = ByteBuffer.allocate(FrameOutput.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    /** The connection the current frame's data is for; null while that data is dropped. Channel thread only. */
    private MuxClient target;
    /** The current frame's data bytes still to come. Channel thread only. */
    private int remaining;

    public WebdavMux(SharedFolderServer server, FrameSink sink, MuxLimits limits) {
        this.server = server;
        this.sink = sink;
        this.limits = limits;
    }

    /**
     * Takes the bytes of one DATA message. Blocks while the connection a frame is for has a full buffer, up to
     * {@link MuxLimits#stallLimit()}, after which that connection is ended.
     */
    public void accept(ByteBuffer data) throws InterruptedException {
        while (data.hasRemaining()) {
            if (remaining == 0) {
                readHeader(data);
                continue;
            }
            int n = Math.min(remaining, data.remaining());
            ByteBuffer slice = data.slice(data.position(), n);
            data.position(data.position() + n);
            remaining -= n;
            if (target != null && !deliver(target, slice)) {
                target = null;
            }
        }
    }

    private void readHeader(ByteBuffer data) {
        int n = Math.min(header.remaining(), data.remaining());
        header.put(data.slice(data.position(), n));
        data.position(data.position() + n);
        if (header.hasRemaining()) {
            return;
        }
        header.flip();
        long id = header.getLong();
        int size = Short.toUnsignedInt(header.getShort());
        header.clear();
        if (size == 0) {
            guestClosed(id);
        } else {
            target = clientFor(id);
            remaining = size;
        }
    }

    private boolean deliver(MuxClient client, ByteBuffer slice) throws InterruptedException {
        if (client.in().offer(slice, limits.stallLimit().toNanos())) {
            return true;
        }
        if (!client.in().hasEnded()) {
            LOG.log(System.Logger.Level.WARNING, "webdav client {0}: its server read nothing for {1} s with {2} "
                    + "bytes waiting; ending it so the other connections go on", Long.toHexString(client.id()),
                    limits.stallLimit().toSeconds(), limits.inboundBuffer());
            endClient(client, "the server did not read the guest's data in time");
        }
        return false;
    }

    private MuxClient clientFor(long id) {
        MuxClient existing = clients.get(id);
        if (existing != null) {
            return existing;
        }
        if (clients.size() >= limits.maxClients()) {
            LOG.log(System.Logger.Level.WARNING, "webdav: the guest opened more than {0} connections at once; "
                    + "closing the new one", limits.maxClients());
            sendClose(id);
            return null;
        }
        MuxClient client = new MuxClient(id, this, sink, limits);
        clients.put(id, client);
        opened.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "webdav client {0}: opened", Long.toHexString(id));
        client.start(server);
        return client;
    }

    private void guestClosed(long id) {
        MuxClient client = clients.remove(id);
        if (client == null) {
            LOG.log(System.Logger.Level.DEBUG, "webdav: the guest closed {0}, which is not open", Long.toHexString(id));
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "webdav client {0}: closed by the guest", Long.toHexString(id));
        client.guestClosed();
    }

    private void endClient(MuxClient client, String reason) {
        if (clients.remove(client.id(), client)) {
            client.end(reason);
            sendClose(client.id());
        }
    }

    /** A connection's server returned: the guest learns the connection is closed, unless it closed it first. */
    void serverEnded(MuxClient client) {
        if (clients.remove(client.id(), client) && client.guestReachable()) {
            sendClose(client.id());
        }
    }

    private void sendClose(long id) {
        sink.send(FrameOutput.frame(id, new byte[0], 0, 0));
    }

    /**
     * The guest's side of the port closed or opened again, so no connection of before survives and the stream
     * starts afresh at a frame boundary: every connection is ended, and a frame cut short is dropped.
     */
    public void reset(String reason) {
        if (remaining > 0 || header.position() > 0) {
            LOG.log(System.Logger.Level.DEBUG, "webdav: a frame was cut short ({0})", reason);
        }
        header.clear();
        remaining = 0;
        target = null;
        List<MuxClient> ended = new ArrayList<>(clients.values());
        clients.clear();
        ended.forEach(client -> client.end(reason));
    }

    /** @return the guest connections open now */
    public int activeClients() {
        return clients.size();
    }

    /** @return the guest connections opened since the mux was made */
    public long clientsOpened() {
        return opened.get();
    }
}
