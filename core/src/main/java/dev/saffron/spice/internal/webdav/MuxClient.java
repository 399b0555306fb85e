package dev.saffron.spice.internal.webdav;

import dev.saffron.spice.SharedFolderServer;

import java.io.IOException;

/**
 * One guest connection: its bytes from the guest, its bytes to the guest, and the virtual thread on which the
 * shared-folder server answers it. Owns both streams; the mux owns it while it is in the mux's table.
 */
final class MuxClient {
    private static final System.Logger LOG = System.getLogger(MuxClient.class.getName());

    private final long id;
    private final InboundPipe in;
    private final FrameOutput out;
    private final WebdavMux mux;

    MuxClient(long id, WebdavMux mux, FrameSink sink, MuxLimits limits) {
        this.id = id;
        this.mux = mux;
        this.in = new InboundPipe(limits.inboundBuffer());
        this.out = new FrameOutput(id, sink, limits.outboundInFlight());
    }

    long id() {
        return id;
    }

    InboundPipe in() {
        return in;
    }

    void start(SharedFolderServer server) {
        Thread.ofVirtual().name("spice-webdav-client-" + Long.toHexString(id)).start(() -> run(server));
    }

    private void run(SharedFolderServer server) {
        try {
            server.serve(in, out);
            // What the server wrote last reaches the guest before the frame that closes the connection.
            out.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "webdav client {0}: ended: {1}", Long.toHexString(id), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "webdav client " + Long.toHexString(id) + ": the server failed", e);
        } finally {
            in.close();
            mux.serverEnded(this);
        }
    }

    /** The guest closed the connection: the server reads what is left, then the end; its answers go nowhere. */
    void guestClosed() {
        in.finish();
        out.fail("the guest closed the connection");
    }

    /** Ends the connection under its server, which sees {@link IOException} on both streams. */
    void end(String reason) {
        in.fail(reason);
        out.fail(reason);
    }

    /** @return whether the guest may still get this connection's bytes, and so a frame that closes it */
    boolean guestReachable() {
        return out.isOpen();
    }
}
