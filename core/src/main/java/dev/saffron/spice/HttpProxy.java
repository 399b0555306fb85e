package dev.saffron.spice;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy that SPICE connections tunnel through with {@code CONNECT}, as given by spice-gtk's
 * {@code proxy} property or the {@code SPICE_PROXY} environment variable:
 * {@code [http://|https://][user[:password]@]host[:port]}.
 *
 * <p>Parsing follows spice-gtk's: the scheme is {@code http} (port 3128 by default) or {@code https} (port
 * 3129 by default), any case, {@code http} when left out; trailing slashes are dropped; an IPv6 host is
 * written in brackets and stored without them; nothing is %-unescaped. Where spice-gtk's parser is known to
 * go wrong, this one does what was meant: {@code host:port} without a scheme is accepted (spice-gtk reads
 * {@code host} as a scheme), credentials end at the last {@code @}, and a password may contain {@code :}.
 *
 * <p>Instances are immutable; {@link #toString()} hides the credentials.
 */
public final class HttpProxy {
    private static final String SCHEME_SEPARATOR = "://";

    private final String scheme;
    private final String host;
    private final int port;
    private final Optional<String> username;
    private final Optional<String> password;

    private HttpProxy(String scheme, String host, int port, Optional<String> username, Optional<String> password) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /**
     * @param text a proxy URI such as {@code http://user:secret@proxy.example:8080}
     * @return the parsed proxy
     * @throws IllegalArgumentException if the text is not a proxy URI; the message never contains the
     *                                  credentials
     */
    public static HttpProxy parse(String text) {
        Objects.requireNonNull(text, "text");
        String scheme = "http";
        String rest = text;
        int separator = text.indexOf(SCHEME_SEPARATOR);
        if (separator >= 0 && isScheme(text.substring(0, separator))) {
            scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
            rest = text.substring(separator + SCHEME_SEPARATOR.length());
        }
        int port = switch (scheme) {
            case "http" -> 3128;
            case "https" -> 3129;
            default -> throw new IllegalArgumentException(
                    "unsupported proxy scheme '" + scheme + "': use http or https");
        };

        int end = rest.length();
        while (end > 0 && rest.charAt(end - 1) == '/') {
            end--;
        }
        rest = rest.substring(0, end);

        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            int colon = userinfo.indexOf(':');
            String user = colon < 0 ? userinfo : userinfo.substring(0, colon);
            String secret = colon < 0 ? "" : userinfo.substring(colon + 1);
            username = user.isEmpty() ? Optional.empty() : Optional.of(user);
            password = secret.isEmpty() ? Optional.empty() : Optional.of(secret);
            rest = rest.substring(at + 1);
        }

        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the IPv6 host of the proxy has no closing ']'");
            }
            host = rest.substring(1, close);
            String afterHost = rest.substring(close + 1);
            if (afterHost.startsWith(":")) {
                portText = afterHost.substring(1);
            } else if (!afterHost.isEmpty()) {
                throw new IllegalArgumentException("unexpected text after ']' in the proxy address");
            }
        } else {
            int colon = rest.indexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            portText = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the proxy address has no host");
        }
        if (portText != null) {
            port = UriText.parsePort(portText, "proxy port");
        }
        return new HttpProxy(scheme, host, port, username, password);
    }

    private static boolean isScheme(String candidate) {
        if (candidate.isEmpty() || !isAsciiLetter(candidate.charAt(0))) {
            return false;
        }
        for (int i = 1; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** @return {@code "http"} or {@code "https"} (how to talk to the proxy itself) */
    public String scheme() {
        return scheme;
    }

    /** @return the proxy's host name or address; an IPv6 address comes without brackets */
    public String host() {
        return host;
    }

    /** @return the proxy's port, from 1 to 65535 */
    public int port() {
        return port;
    }

    /** @return the user name for proxy authentication */
    public Optional<String> username() {
        return username;
    }

    /** @return the password for proxy authentication */
    public Optional<String> password() {
        return password;
    }

    /** @return {@code scheme://host:port}, with {@code <redacted>@} before the host if there are credentials */
    @Override
    public String toString() {
        String printedHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String credentials = username.isPresent() || password.isPresent() ? "<redacted>@" : "";
        return scheme + SCHEME_SEPARATOR + credentials + printedHost + ":" + port;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpProxy that
                && port == that.port
                && scheme.equals(that.scheme)
                && host.equals(that.host)
                && username.equals(that.username)
                && password.equals(that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, username, password);
    }
}
