package dev.saffron.webdav.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 request as read from a guest connection: the body is a stream bounded to this request, so a
 * handler can neither read into the next pipelined request nor past the end it declared.
 *
 * @param method  the method token, as sent (methods are case-sensitive)
 * @param target  the request target, as sent
 * @param http10  whether the request said HTTP/1.0
 * @param headers the header fields, names in lower case, values in the order sent
 * @param body    the body: empty when the request has none
 * @param hasBody whether the request declared a body (a Content-Length above 0, or chunked)
 */
public record HttpRequest(String method, String target, boolean http10, Map<String, List<String>> headers,
                          InputStream body, boolean hasBody) {
    /** @return the first value of header {@code name}, trimmed */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst().strip());
    }

    /** @return whether the connection stays open after this request's response */
    public boolean keepAlive() {
        String connection = header("connection").orElse("").toLowerCase(Locale.ROOT);
        return http10 ? connection.contains("keep-alive") : !connection.contains("close");
    }
}
