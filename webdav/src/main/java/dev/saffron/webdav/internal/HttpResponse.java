package dev.saffron.webdav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One response: a status, header fields and a body of known length (bytes, or a file streamed from disk), so
 * every response is delimited by Content-Length. spice-webdavd never passes a close to the guest program, so a
 * response delimited by closing the connection would never end for it.
 */
public final class HttpResponse {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private Path file;
    private long fileLength;

    public HttpResponse(int status) {
        this.status = status;
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status).body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    public static HttpResponse xml(int status, String xml) {
        return new HttpResponse(status).body(xml.getBytes(StandardCharsets.UTF_8), "application/xml; charset=utf-8");
    }

    public int status() {
        return status;
    }

    public HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpResponse body(byte[] bytes, String contentType) {
        body = bytes;
        file = null;
        headers.put("Content-Type", contentType);
        return this;
    }

    /** The body is the file's first {@code length} bytes, read as the response is written. */
    public HttpResponse file(Path path, long length, String contentType) {
        file = path;
        fileLength = length;
        headers.put("Content-Type", contentType);
        return this;
    }

    /** Writes the response; {@code head} leaves the body out (HEAD), {@code close} announces the close. */
    void write(OutputStream out, boolean head, boolean close) throws IOException {
        StringBuilder text = new StringBuilder(256);
        text.append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reason(status)).append("\r\n");
        long length = file != null ? fileLength : body.length;
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("Content-Length: ").append(length).append("\r\n");
        if (close) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (head) {
            return;
        }
        if (file == null) {
            out.write(body);
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long left = fileLength;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    // The file shrank while it was sent: the length is promised, so the connection cannot go on.
                    throw new IOException(file + " shrank while it was being sent");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
