package dev.saffron.webdav.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A guest connection's bytes, whatever they are, against the HTTP layer and the If header parser: every
 * request is read within its limits and answered, or refused with an error status that ends the connection;
 * nothing but {@link IOException} (the connection's own failure) leaves {@code serve}, and every response
 * starts with a status line.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HttpConnectionFuzzTest {
    @FuzzTest
    void serve(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            HttpConnection.serve(new ByteArrayInputStream(input), out, request -> {
                request.body().readNBytes(1 << 20);
                if (request.header("if").isPresent()) {
                    IfHeader.parse(request.header("if").get()).tokens();
                }
                return new HttpResponse(204);
            });
        } catch (IOException e) {
            // The connection failed (a body cut short): it ends, as it would for a guest.
        }
        String written = out.toString(StandardCharsets.ISO_8859_1);
        if (!written.isEmpty() && !written.startsWith("HTTP/1.1 ")) {
            throw new AssertionError("a response that is not HTTP/1.1: " + written.substring(0, Math.min(40,
                    written.length())));
        }
    }
}
