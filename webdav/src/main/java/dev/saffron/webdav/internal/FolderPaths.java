package dev.saffron.webdav.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps request targets to files, confined to the shared folder. A target is decoded once, strictly (a bad
 * percent escape is refused, not passed through), then split into segments: a {@code .} or {@code ..} segment,
 * encoded or not, a NUL, and a segment with a slash hidden in an escape are refused, so no segment can climb out.
 * What is left is resolved under the folder, and the nearest existing file on the way must have its real path
 * (symbolic links followed) inside the folder's real path: a link that points outside is refused.
 */
public final class FolderPaths {
    private final Path root;
    private final Path realRoot;

    public FolderPaths(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root)) {
            throw new IOException(root + " is not a folder");
        }
        this.realRoot = this.root.toRealPath();
    }

    /** A resource: its decoded segments under the folder, and its file. */
    public record Resource(List<String> segments, Path file) {
        /** @return the path as the server names it in hrefs: {@code /} and encoded segments */
        public String href(boolean collection) {
            StringBuilder href = new StringBuilder();
            for (String segment : segments) {
                href.append('/').append(encode(segment));
            }
            if (collection || segments.isEmpty()) {
                href.append('/');
            }
            return href.toString();
        }

        /** @return a key for the resource that is the same however the request spelled it */
        public String key() {
            return "/" + String.join("/", segments);
        }

        public boolean isRoot() {
            return segments.isEmpty();
        }

        public Resource child(String name, Path childFile) {
            List<String> more = new ArrayList<>(segments);
            more.add(name);
            return new Resource(List.copyOf(more), childFile);
        }

        public String name() {
            return segments.isEmpty() ? "" : segments.getLast();
        }
    }

    /**
     * @param target a request target: an absolute path, or an absolute URI (a Destination header's), whose
     *               authority is ignored; a query is dropped
     * @throws HttpException 400 for a target that cannot be decoded, 403 for one that leaves the folder
     */
    public Resource resolve(String target) throws HttpException {
        String path = target;
        int scheme = path.indexOf("://");
        if (scheme > 0 && path.substring(0, scheme).chars().allMatch(Character::isLetter)) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        if (path.indexOf('#') >= 0) {
            // A fragment is never sent by a correct client; acting on the part before it could delete the parent.
            throw new HttpException(400, "a request target must not have a fragment");
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (!path.startsWith("/")) {
            throw new HttpException(400, "the request target must be an absolute path");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = decode(raw);
            if (segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0
                    || segment.indexOf('\0') >= 0) {
                throw new HttpException(403, "the path leaves the shared folder or names it oddly");
            }
            segments.add(segment);
        }
        Path file = root;
        for (String segment : segments) {
            file = file.resolve(segment);
        }
        if (!file.normalize().startsWith(root)) {
            throw new HttpException(403, "the path leaves the shared folder");
        }
        checkConfined(file);
        return new Resource(List.copyOf(segments), file);
    }

    /** Refuses a file whose nearest existing ancestor (or itself) really lies outside the folder. */
    public void checkConfined(Path file) throws HttpException {
        Path existing = file;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new HttpException(403, "the path leaves the shared folder");
        }
        try {
            Path real = existing.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new HttpException(403, "the path leads out of the shared folder");
            }
        } catch (IOException e) {
            // A dangling link: where it points is not known to be inside.
            throw new HttpException(403, "the path leads to a link that cannot be followed");
        }
    }

    /** @return the resource for the folder itself */
    public Resource rootResource() {
        return new Resource(List.of(), root);
    }

    private static String decode(String raw) throws HttpException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new HttpException(400, "a bad percent escape in the path");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new HttpException(400, "a bad percent escape in the path");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0xFF) {
                // Header text is read as ISO-8859-1, one char per byte; anything wider did not come from the wire.
                throw new HttpException(400, "a character that is not a byte in the path");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "the path is not UTF-8");
        }
    }

    /** Percent-encodes a segment: everything but RFC 3986's unreserved characters. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
