package dev.saffron.spice.internal.webdav;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The mux's frame parser against any byte stream from a hostile guest, cut into DATA messages anywhere and
 * interrupted by port events: every frame it sends back is whole and within the wire's size, it never serves
 * more connections than its limit, and after the port closes no connection is left.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WebdavMuxFuzzTest {
    private static final MuxLimits LIMITS = new MuxLimits(MuxLimits.MAX_FRAME_DATA, MuxLimits.MAX_FRAME_DATA, 3,
            Duration.ofMillis(20));

    /** Reads everything and answers each 16 bytes read with one byte, so frames flow both ways. */
    private static void drain(InputStream in, java.io.OutputStream out) throws IOException {
        byte[] buffer = new byte[16];
        while (in.read(buffer) >= 0) {
            out.write('.');
        }
    }

    private static CompletableFuture<Void> check(ByteBuffer frame) {
        ByteBuffer view = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (view.remaining() < FrameOutput.HEADER_BYTES) {
            throw new AssertionError("a frame of " + view.remaining() + " bytes has no header");
        }
        view.getLong();
        int size = Short.toUnsignedInt(view.getShort());
        if (size != view.remaining()) {
            throw new AssertionError("a frame says " + size + " bytes and carries " + view.remaining());
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * @param input pieces, each a control byte and, for a data piece, a little-endian u16 length and that many
     *              bytes of the channel's DATA stream; control byte 0xFF instead is a port reset
     */
    @FuzzTest
    void parseFrames(byte[] input) throws InterruptedException {
        WebdavMux mux = new WebdavMux(WebdavMuxFuzzTest::drain, WebdavMuxFuzzTest::check, LIMITS);
        ByteBuffer pieces = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        while (pieces.remaining() >= 3) {
            if (pieces.get() == (byte) 0xFF) {
                mux.reset("fuzz");
                continue;
            }
            int length = Math.min(Short.toUnsignedInt(pieces.getShort()), pieces.remaining());
            mux.accept(pieces.slice(pieces.position(), length));
            pieces.position(pieces.position() + length);
            if (mux.activeClients() > LIMITS.maxClients()) {
                throw new AssertionError(mux.activeClients() + " connections open, limit " + LIMITS.maxClients());
            }
        }
        mux.reset("the end of the input");
        if (mux.activeClients() != 0) {
            throw new AssertionError(mux.activeClients() + " connections outlived the port");
        }
    }
}
