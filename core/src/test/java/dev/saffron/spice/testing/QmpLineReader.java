package dev.saffron.spice.testing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;

/**
 * Splits the QMP byte stream into lines: QEMU ends every JSON object with CR LF and never breaks one
 * across lines. A line longer than the limit fails instead of growing without bound.
 */
final class QmpLineReader {
    private final int maxLineBytes;
    private final ArrayDeque<String> complete = new ArrayDeque<>();
    private byte[] partial = new byte[256];
    private int partialLength;

    QmpLineReader(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Consumes all remaining bytes of {@code data}.
     *
     * @throws QmpException if a line grows past the limit or is not UTF-8
     */
    void feed(ByteBuffer data) throws QmpException {
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                complete.add(decode());
                partialLength = 0;
            } else {
                if (partialLength == maxLineBytes) {
                    throw new QmpException("QMP line longer than " + maxLineBytes + " bytes");
                }
                if (partialLength == partial.length) {
                    partial = Arrays.copyOf(partial, Math.min(maxLineBytes, partial.length * 2));
                }
                partial[partialLength++] = b;
            }
        }
    }

    /** @return the oldest complete line, without its line end, or empty if none has arrived yet */
    Optional<String> nextLine() {
        return Optional.ofNullable(complete.poll());
    }

    private String decode() throws QmpException {
        int length = partialLength;
        if (length > 0 && partial[length - 1] == '\r') {
            length--;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(partial, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new QmpException("QMP line is not valid UTF-8");
        }
    }
}
