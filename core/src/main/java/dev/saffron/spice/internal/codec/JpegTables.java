package dev.saffron.spice.internal.codec;

import java.io.ByteArrayOutputStream;

/**
 * The quantisation (DQT) and Huffman (DHT) tables of MJPEG frames. spice-server sends them in a stream's first
 * frame only; later frames are abbreviated JPEGs that decode only with the tables of an earlier frame. A stream
 * keeps the last tables it saw and completes each abbreviated frame with them, so dropping a frame (late, or
 * the queue full) never leaves the ones after it undecodable.
 */
public final class JpegTables {
    private static final int MARKER_SOI = 0xD8;
    private static final int MARKER_SOS = 0xDA;
    private static final int MARKER_DQT = 0xDB;
    private static final int MARKER_DHT = 0xC4;

    private byte[] tables;

    /**
     * @param frame one MJPEG frame as sent
     * @return the frame, with this stream's tables inserted after its start marker if it lacks its own;
     *         a frame that carries tables replaces the remembered ones
     */
    public byte[] complete(byte[] frame) {
        Scan scan = scan(frame);
        if (scan == null) {
            return frame;
        }
        if (scan.hasDqt && scan.hasDht) {
            tables = scan.tables;
            return frame;
        }
        if (tables == null) {
            return frame;
        }
        byte[] completed = new byte[frame.length + tables.length];
        System.arraycopy(frame, 0, completed, 0, 2);
        System.arraycopy(tables, 0, completed, 2, tables.length);
        System.arraycopy(frame, 2, completed, 2 + tables.length, frame.length - 2);
        return completed;
    }

    private record Scan(boolean hasDqt, boolean hasDht, byte[] tables) {
    }

    /** Walks the marker segments before the scan; null if the frame is not a JPEG this can read. */
    private static Scan scan(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != MARKER_SOI) {
            return null;
        }
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        boolean dqt = false;
        boolean dht = false;
        int at = 2;
        while (at + 4 <= jpeg.length) {
            if ((jpeg[at] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == MARKER_SOS) {
                break;
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            if (length < 2 || at + 2 + length > jpeg.length) {
                return null;
            }
            if (marker == MARKER_DQT || marker == MARKER_DHT) {
                collected.write(jpeg, at, 2 + length);
                dqt |= marker == MARKER_DQT;
                dht |= marker == MARKER_DHT;
            }
            at += 2 + length;
        }
        return new Scan(dqt, dht, collected.toByteArray());
    }
}
