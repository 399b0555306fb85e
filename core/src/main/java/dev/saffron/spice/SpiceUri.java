package dev.saffron.spice;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed {@code spice://} URI: where to connect, and optionally as whom. It reads the forms spice-gtk's
 * {@code uri} property reads:
 * <ul>
 *   <li>{@code spice://host:5900} — the authority's port is the plain-text {@link #port()};</li>
 *   <li>{@code spice+tls://host:5901} — the authority's port is the {@link #tlsPort()};</li>
 *   <li>{@code spice://host?port=5900&tls-port=5901} — ports as query keys, separated by {@code &} or
 *       {@code ;}; the query may also start with {@code ;};</li>
 *   <li>{@code spice://user@host:5900?password=secret} — a SASL {@link #username()} before {@code @} and a
 *       {@link #password()} key (spice-gtk warns that it shows in process listings; so does this class);</li>
 *   <li>{@code spice://[::1]:5900} — an IPv6 literal, whose host keeps its brackets as in spice-gtk;</li>
 *   <li>{@code spice+unix:///run/spice.sock} — a Unix socket: everything after the scheme, query included,
 *       is the {@link #unixPath()}.</li>
 * </ul>
 * The host, user name and query values are %-unescaped. A path after the authority ({@code spice://h:1/x})
 * is ignored with a warning; a trailing slash is fine. A query key with an empty value is ignored.
 *
 * <p>These are errors, as in spice-gtk: a missing or other scheme (schemes are case-sensitive), a
 * {@code [} without {@code ]}, a query key other than {@code port}, {@code tls-port} and {@code password}, a
 * key given twice (the authority's port counts as {@code port}), and neither port given. With
 * {@code spice+tls://}, {@code port} and {@code tls-port} keys are ignored with a warning. Saffron is stricter
 * than spice-gtk where spice-gtk accepts a URI it cannot connect to: an empty host or socket path, a port that
 * is not a number from 1 to 65535, text between {@code ]} and the port, and a bad %-escape are errors too.
 * A {@code user:secret@} user part is an error too (spice-gtk would take all of it as the user name, which is
 * printed and logged). An {@code @} counts only before the first {@code /}, {@code ?} or {@code ;}, so a
 * password containing one still parses.
 *
 * <p>Instances are immutable. {@link #toString()} never shows the password.
 */
public final class SpiceUri {
    private static final System.Logger LOG = System.getLogger(SpiceUri.class.getName());

    private static final String SCHEME_PLAIN = "spice://";
    private static final String SCHEME_TLS = "spice+tls://";
    private static final String SCHEME_UNIX = "spice+unix://";
    /** Keys are reported in errors; anything longer than spice-gtk's key buffer is cut. */
    private static final int MAX_REPORTED_KEY_LENGTH = 31;

    private final Optional<String> unixPath;
    private final Optional<String> host;
    private final OptionalInt port;
    private final OptionalInt tlsPort;
    private final Optional<String> username;
    private final Optional<String> password;

    private SpiceUri(Optional<String> unixPath, Optional<String> host, OptionalInt port, OptionalInt tlsPort,
            Optional<String> username, Optional<String> password) {
        this.unixPath = unixPath;
        this.host = host;
        this.port = port;
        this.tlsPort = tlsPort;
        this.username = username;
        this.password = password;
    }

    static SpiceUri ofUnixPath(String path) {
        return new SpiceUri(Optional.of(path), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The caller guarantees a non-empty host and at least one valid port. */
    static SpiceUri ofHost(String host, OptionalInt port, OptionalInt tlsPort, Optional<String> username,
            Optional<String> password) {
        return new SpiceUri(Optional.empty(), Optional.of(host), port, tlsPort, username, password);
    }

    /**
     * Parses a SPICE URI.
     *
     * @param uri the text, such as {@code spice://example.org?port=5900&tls-port=5901}
     * @return the parsed URI
     * @throws IllegalArgumentException if the text is not a SPICE URI; the message says what is wrong and
     *                                  never contains the password
     */
    public static SpiceUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.startsWith(SCHEME_UNIX)) {
            String path = uri.substring(SCHEME_UNIX.length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("the " + SCHEME_UNIX + " URI has no socket path");
            }
            return ofUnixPath(path);
        }
        boolean tlsScheme;
        String rest;
        if (uri.startsWith(SCHEME_PLAIN)) {
            tlsScheme = false;
            rest = uri.substring(SCHEME_PLAIN.length());
        } else if (uri.startsWith(SCHEME_TLS)) {
            tlsScheme = true;
            rest = uri.substring(SCHEME_TLS.length());
        } else {
            throw new IllegalArgumentException("a SPICE URI must start with " + SCHEME_PLAIN + ", "
                    + SCHEME_TLS + " or " + SCHEME_UNIX);
        }

        int authorityEnd = indexOfAny(rest, "/?;", 0);
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String query = "";
        if (authorityEnd >= 0) {
            int queryStart = rest.charAt(authorityEnd) == '/' ? indexOfAny(rest, "?;", authorityEnd) : authorityEnd;
            int pathEnd = queryStart < 0 ? rest.length() : queryStart;
            String path = rest.substring(Math.min(authorityEnd + 1, pathEnd), pathEnd);
            if (!path.isEmpty() && !path.equals("/")) {
                LOG.log(Level.WARNING, "ignoring the path after the host in a SPICE URI");
            }
            query = queryStart < 0 ? "" : rest.substring(queryStart + 1);
        }

        Optional<String> username = Optional.empty();
        int at = authority.indexOf('@');
        if (at >= 0) {
            String userinfo = authority.substring(0, at);
            if (userinfo.indexOf(':') >= 0) {
                // spice-gtk would take "user:secret" as the user name, and a user name gets printed and logged.
                throw new IllegalArgumentException(
                        "the URI has user:password@; give the password as the 'password' query key");
            }
            username = Optional.of(UriText.percentDecode(userinfo, "user name"));
            authority = authority.substring(at + 1);
        }

        String host;
        String authorityPort = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the IPv6 host of the URI has no closing ']'");
            }
            host = authority.substring(0, close + 1);
            String afterHost = authority.substring(close + 1);
            if (afterHost.startsWith(":")) {
                authorityPort = afterHost.substring(1);
            } else if (!afterHost.isEmpty()) {
                throw new IllegalArgumentException("unexpected text after ']' in the host of the URI");
            }
            if (host.length() == 2) {
                throw new IllegalArgumentException("the URI has an empty host");
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0) {
                authorityPort = authority.substring(colon + 1);
                authority = authority.substring(0, colon);
            }
            host = UriText.percentDecode(authority, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("the URI has an empty host");
            }
        }

        OptionalInt port = authorityPort == null
                ? OptionalInt.empty()
                : OptionalInt.of(UriText.parsePort(authorityPort, "port after the host"));
        OptionalInt tlsPort = OptionalInt.empty();
        Optional<String> password = Optional.empty();

        int i = 0;
        while (i < query.length()) {
            int keyEnd = i;
            while (keyEnd < query.length() && isKeyChar(query.charAt(keyEnd))) {
                keyEnd++;
            }
            if (keyEnd == i || keyEnd == query.length() || query.charAt(keyEnd) != '=') {
                throw new IllegalArgumentException("the query of the URI is not a list of key=value pairs");
            }
            String key = query.substring(i, keyEnd);
            int valueEnd = indexOfAny(query, ";&", keyEnd + 1);
            if (valueEnd < 0) {
                valueEnd = query.length();
            }
            String value = query.substring(keyEnd + 1, valueEnd);
            i = valueEnd + 1;
            if (value.isEmpty()) {
                continue;
            }
            if (tlsScheme && (key.equals("port") || key.equals("tls-port"))) {
                LOG.log(Level.WARNING, "ignoring ''{0}'' in a {1} URI: the port after the host is the TLS port",
                        key, SCHEME_TLS);
                continue;
            }
            switch (key) {
                case "port" -> {
                    rejectRepeat(port.isPresent(), key);
                    port = OptionalInt.of(UriText.parsePort(UriText.percentDecode(value, "port"), "port"));
                }
                case "tls-port" -> {
                    rejectRepeat(tlsPort.isPresent(), key);
                    tlsPort = OptionalInt.of(
                            UriText.parsePort(UriText.percentDecode(value, "tls-port"), "tls-port"));
                }
                case "password" -> {
                    rejectRepeat(password.isPresent(), key);
                    password = Optional.of(UriText.percentDecode(value, "password"));
                    LOG.log(Level.WARNING, "a password in a SPICE URI may be visible in process listings");
                }
                default -> throw new IllegalArgumentException("unknown key '"
                        + key.substring(0, Math.min(key.length(), MAX_REPORTED_KEY_LENGTH))
                        + "' in the query of the URI (known: port, tls-port, password)");
            }
        }

        if (port.isEmpty() && tlsPort.isEmpty()) {
            throw new IllegalArgumentException("the URI has neither a port nor a tls-port");
        }
        if (tlsScheme) {
            return ofHost(host, OptionalInt.empty(), port, username, password);
        }
        return ofHost(host, port, tlsPort, username, password);
    }

    private static void rejectRepeat(boolean alreadySet, String key) {
        if (alreadySet) {
            throw new IllegalArgumentException("the URI sets '" + key + "' twice");
        }
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the Unix socket path of a {@code spice+unix://} URI; empty for the other forms */
    public Optional<String> unixPath() {
        return unixPath;
    }

    /**
     * @return the host, %-unescaped, or bracketed as written for an IPv6 literal such as {@code [::1]};
     *         empty for a {@code spice+unix://} URI
     */
    public Optional<String> host() {
        return host;
    }

    /** @return the plain-text port; empty if none was given, and always for {@code spice+tls://} */
    public OptionalInt port() {
        return port;
    }

    /** @return the TLS port; at least one of this and {@link #port()} is present unless {@link #unixPath()} is */
    public OptionalInt tlsPort() {
        return tlsPort;
    }

    /** @return the user name given before {@code @}, %-unescaped */
    public Optional<String> username() {
        return username;
    }

    /** @return the value of the {@code password} key, %-unescaped */
    public Optional<String> password() {
        return password;
    }

    /**
     * Prints the URI without its password, in the form spice-gtk's {@code uri} getter prints:
     * {@code spice://host:P} for a plain port alone, {@code spice+tls://host:T} for a TLS port alone,
     * {@code spice://host?port=P&tls-port=T} for both, {@code spice+unix://path} for a socket — with
     * {@code user@} before the host when there is a user name. {@link #parse(String)} reads it back to the same
     * values, less the password.
     */
    @Override
    public String toString() {
        return toString(false);
    }

    /**
     * @param includePassword whether to add the password as a {@code password} query key; it will then be
     *                        visible to anyone who sees the text
     * @return the URI as {@link #toString()} prints it, with the password if asked and present; {@link
     *         #parse(String)} reads it back to an equal URI
     */
    public String toString(boolean includePassword) {
        if (unixPath.isPresent()) {
            return SCHEME_UNIX + unixPath.get();
        }
        StringBuilder out = new StringBuilder();
        out.append(port.isEmpty() ? SCHEME_TLS : SCHEME_PLAIN);
        username.ifPresent(user -> out.append(UriText.percentEncode(user)).append('@'));
        out.append(printableHost(host.orElseThrow()));
        char querySeparator = '?';
        if (port.isPresent() && tlsPort.isPresent()) {
            out.append("?port=").append(port.getAsInt()).append("&tls-port=").append(tlsPort.getAsInt());
            querySeparator = '&';
        } else {
            out.append(':').append(port.isPresent() ? port.getAsInt() : tlsPort.getAsInt());
        }
        if (includePassword && password.isPresent()) {
            out.append(querySeparator).append("password=").append(UriText.percentEncode(password.get()));
        }
        return out.toString();
    }

    /**
     * A bracketed IPv6 literal goes out as it came in, because the parser keeps brackets verbatim; any other
     * host is %-escaped so that characters such as ':' or '@' read back as part of the host.
     */
    private static String printableHost(String host) {
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                && indexOfAny(host.substring(1, host.length() - 1), "[]/?;@", 0) < 0) {
            return host;
        }
        return UriText.percentEncode(host);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpiceUri that
                && unixPath.equals(that.unixPath)
                && host.equals(that.host)
                && port.equals(that.port)
                && tlsPort.equals(that.tlsPort)
                && username.equals(that.username)
                && password.equals(that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(unixPath, host, port, tlsPort, username, password);
    }
}
