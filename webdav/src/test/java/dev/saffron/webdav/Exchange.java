package dev.saffron.webdav;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs a server over in-memory streams: requests in, every response out, parsed. */
final class Exchange {
    /** One response; header names in lower case. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Exchange() {
    }

    static List<Response> run(FolderServer server, String requests) throws IOException {
        return run(server, requests.getBytes(StandardCharsets.UTF_8), false);
    }

    /** @param head whether the last request is a HEAD, whose response has no body whatever its length says */
    static List<Response> run(FolderServer server, byte[] requests, boolean head) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server.serve(new ByteArrayInputStream(requests), out);
        return parse(out.toByteArray(), head);
    }

    static Response one(FolderServer server, String request) throws IOException {
        List<Response> responses = run(server, request);
        if (responses.size() != 1) {
            throw new AssertionError("expected one response, got " + responses.size());
        }
        return responses.getFirst();
    }

    static List<Response> parse(byte[] bytes, boolean lastIsHead) {
        List<Response> responses = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (end < 0) {
                throw new AssertionError("a response without the end of its header");
            }
            String[] lines = new String(bytes, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            at = end + 4;
            if (status == 100) {
                continue;
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            boolean noBody = lastIsHead && at + length > bytes.length;
            byte[] body = new byte[noBody ? 0 : length];
            System.arraycopy(bytes, at, body, 0, body.length);
            at += body.length;
            responses.add(new Response(status, headers, body));
        }
        return responses;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
