package dev.saffron.webdav.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves one guest connection: reads requests one after another (keep-alive and pipelining), hands each to the
 * handler and writes its response. A request that cannot be read is answered with its error status and ends the
 * connection, since the stream can no longer be trusted to be at a request boundary.
 */
public final class HttpConnection {
    private static final System.Logger LOG = System.getLogger(HttpConnection.class.getName());
    /** A body the handler did not read is skipped up to this size; beyond it the connection closes instead. */
    private static final long MAX_SKIPPED_BODY = 1024 * 1024;

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        HttpResponse handle(HttpRequest request) throws IOException, HttpException;
    }

    private HttpConnection() {
    }

    public static void serve(InputStream fromGuest, OutputStream toGuest, Handler handler) throws IOException {
        HttpReader reader = new HttpReader(new BufferedInputStream(fromGuest, 64 * 1024));
        OutputStream out = new BufferedOutputStream(toGuest, 64 * 1024);
        while (true) {
            HttpRequest request;
            try {
                Optional<HttpRequest> next = reader.next();
                if (next.isEmpty()) {
                    return;
                }
                request = next.get();
            } catch (HttpException e) {
                LOG.log(System.Logger.Level.DEBUG, "webdav: refused a request: {0}", e.getMessage());
                HttpResponse.text(e.status(), e.getMessage() + "\n").write(out, false, true);
                out.flush();
                return;
            }
            if (!answer(request, handler, out)) {
                return;
            }
        }
    }

    /** @return whether the connection goes on */
    private static boolean answer(HttpRequest request, Handler handler, OutputStream out) throws IOException {
        if (request.hasBody() && request.header("expect").filter("100-continue"::equalsIgnoreCase).isPresent()) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        HttpResponse response;
        boolean close = !request.keepAlive();
        try {
            response = handler.handle(request);
        } catch (HttpException e) {
            response = HttpResponse.text(e.status(), e.getMessage() + "\n");
            close |= e.closes();
        } catch (IOException e) {
            // The body could not be read, or the disk failed: the request's bytes may be left half read.
            LOG.log(System.Logger.Level.DEBUG, "webdav: {0} {1} failed: {2}", request.method(), request.target(),
                    e.getMessage());
            response = HttpResponse.text(500, "the request failed\n");
            close = true;
        }
        if (!close) {
            close = !skipRest(request.body());
        }
        response.write(out, request.method().equals("HEAD"), close);
        out.flush();
        return !close;
    }

    /** @return whether the rest of the body was read, so the next request starts where it should */
    private static boolean skipRest(InputStream body) {
        try {
            long skipped = 0;
            byte[] buffer = new byte[8192];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                skipped += n;
                if (skipped > MAX_SKIPPED_BODY) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
