package dev.saffron.webdav.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HTTP/1.1 requests from a guest connection, one after another (pipelined requests simply wait in the
 * stream). Everything the guest sends is bounded before it is held: a request line, a header line, the number
 * of header fields and a chunk-size line each have a limit, and a request past one is answered with an error
 * that closes the connection.
 */
public final class HttpReader {
    public static final int MAX_REQUEST_LINE = 8 * 1024;
    public static final int MAX_HEADER_LINE = 8 * 1024;
    public static final int MAX_HEADER_FIELDS = 100;
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private final InputStream in;

    public HttpReader(InputStream in) {
        this.in = in;
    }

    /**
     * @return the next request, or empty when the guest closed the connection between requests
     * @throws HttpException for a request that cannot be read; the connection must close after its answer
     */
    public Optional<HttpRequest> next() throws IOException, HttpException {
        String requestLine;
        do {
            // RFC 9112 2.2: a server should ignore empty lines before a request line.
            requestLine = line(MAX_REQUEST_LINE, 414, "request line");
            if (requestLine == null) {
                return Optional.empty();
            }
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !isToken(parts[0])) {
            throw new HttpException(400, "malformed request line", true);
        }
        boolean http10 = switch (parts[2]) {
            case "HTTP/1.1" -> false;
            case "HTTP/1.0" -> true;
            default -> throw new HttpException(505, "HTTP version " + parts[2] + " is not supported", true);
        };
        Map<String, List<String>> headers = readHeaders();
        return Optional.of(withBody(parts[0], parts[1], http10, headers));
    }

    private Map<String, List<String>> readHeaders() throws IOException, HttpException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int fields = 0;
        int bytes = 0;
        while (true) {
            String line = line(MAX_HEADER_LINE, 431, "header line");
            if (line == null) {
                throw new HttpException(400, "the connection ended inside the header", true);
            }
            if (line.isEmpty()) {
                return headers;
            }
            bytes += line.length() + 2;
            if (++fields > MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES) {
                throw new HttpException(431, "more than " + MAX_HEADER_FIELDS + " header fields or "
                        + MAX_HEADER_BYTES + " bytes of header", true);
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                // Also refuses obsolete line folding (a line that starts with white space).
                throw new HttpException(400, "malformed header field", true);
            }
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
    }

    private HttpRequest withBody(String method, String target, boolean http10, Map<String, List<String>> headers)
            throws HttpException {
        List<String> encodings = headers.get("transfer-encoding");
        List<String> lengths = headers.get("content-length");
        if (encodings != null) {
            if (lengths != null) {
                // RFC 9112 6.1: both is a sign of request smuggling.
                throw new HttpException(400, "both Transfer-Encoding and Content-Length", true);
            }
            if (encodings.size() != 1 || !encodings.getFirst().equalsIgnoreCase("chunked")) {
                throw new HttpException(501, "transfer coding " + encodings + " is not supported", true);
            }
            return new HttpRequest(method, target, http10, headers, new ChunkedInputStream(in), true);
        }
        long length = 0;
        if (lengths != null) {
            String value = lengths.getFirst();
            for (String other : lengths) {
                if (!other.equals(value)) {
                    throw new HttpException(400, "conflicting Content-Length values", true);
                }
            }
            if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new HttpException(400, "malformed Content-Length", true);
            }
            length = Long.parseLong(value);
        }
        return new HttpRequest(method, target, http10, headers, new LimitedInputStream(in, length), length > 0);
    }

    /**
     * @return one line without its CRLF (a bare LF also ends it), or null at the end of the stream before any
     *         byte of the line
     */
    private String line(int limit, int status, String what) throws IOException, HttpException {
        return readLine(in, limit, status, what);
    }

    static String readLine(InputStream in, int limit, int status, String what) throws IOException, HttpException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new HttpException(400, "the connection ended inside a " + what, true);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= limit) {
                throw new HttpException(status, "a " + what + " longer than " + limit + " bytes", true);
            }
            line.write(b);
        }
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }
}
