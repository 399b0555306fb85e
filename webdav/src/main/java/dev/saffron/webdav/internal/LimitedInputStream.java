package dev.saffron.webdav.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A request body of a declared length: ends there, and fails if the connection ends first. */
final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    LimitedInputStream(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (left == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n = in.read(target, offset, (int) Math.min(length, left));
        if (n < 0) {
            throw new EOFException("the connection ended " + left + " bytes before the end of the body");
        }
        left -= n;
        return n;
    }
}
