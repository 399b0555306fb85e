package dev.saffron.webdav.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A chunked request body (RFC 9112 7.1), decoded; chunk extensions and trailer fields are read and dropped. */
final class ChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 1024;
    private static final int MAX_TRAILER_FIELDS = 100;

    private final InputStream in;
    private long chunkLeft;
    private boolean ended;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (chunkLeft == 0 && !ended) {
            nextChunk();
        }
        if (ended) {
            return -1;
        }
        int n = in.read(target, offset, (int) Math.min(length, chunkLeft));
        if (n < 0) {
            throw new EOFException("the connection ended inside a chunk");
        }
        chunkLeft -= n;
        if (chunkLeft == 0) {
            String end = line();
            if (!end.isEmpty()) {
                throw new IOException("a chunk is not followed by CRLF");
            }
        }
        return n;
    }

    private void nextChunk() throws IOException {
        String sizeLine = line();
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new IOException("malformed chunk size");
        }
        try {
            chunkLeft = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed chunk size", e);
        }
        if (chunkLeft < 0) {
            throw new IOException("malformed chunk size");
        }
        if (chunkLeft == 0) {
            for (int fields = 0; !line().isEmpty(); fields++) {
                if (fields >= MAX_TRAILER_FIELDS) {
                    throw new IOException("too many trailer fields");
                }
            }
            ended = true;
        }
    }

    private String line() throws IOException {
        try {
            String line = HttpReader.readLine(in, MAX_LINE, 400, "chunk line");
            if (line == null) {
                throw new EOFException("the connection ended inside a chunked body");
            }
            return line;
        } catch (HttpException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
