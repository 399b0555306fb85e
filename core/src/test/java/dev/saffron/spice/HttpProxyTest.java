package dev.saffron.spice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Proxy URIs as spice_uri_parse() in spice-gtk's src/spice-uri.c reads them (with its noted fixes). */
class HttpProxyTest {

    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "proxy                        | http  | proxy      | 3128 | -     | -",
        "https://proxy                | https | proxy      | 3129 | -     | -",
        "HTTP://proxy:8080/           | http  | proxy      | 8080 | -     | -",
        "proxy:8080                   | http  | proxy      | 8080 | -     | -",
        "http://bob@proxy:8080//      | http  | proxy      | 8080 | bob   | -",
        "http://bob:pw:x@y@proxy:8080 | http  | proxy      | 8080 | bob   | pw:x@y",
        "bob:pw@proxy                 | http  | proxy      | 3128 | bob   | pw",
        "http://[2001:db8::1]:3000    | http  | 2001:db8::1 | 3000 | -    | -",
        "https://[::1]                | https | ::1        | 3129 | -     | -",
    })
    @ParameterizedTest
    void parsesSpiceGtksForms(String text, String scheme, String host, int port, String user, String password) {
        HttpProxy proxy = HttpProxy.parse(text);
        assertEquals(scheme, proxy.scheme());
        assertEquals(host, proxy.host());
        assertEquals(port, proxy.port());
        assertEquals(Optional.ofNullable(user), proxy.username());
        assertEquals(Optional.ofNullable(password), proxy.password());
    }

    @CsvSource(delimiter = '|', value = {
        "socks5://proxy:1080 | unsupported proxy scheme 'socks5'",
        "http://             | no host",
        "http://bob:pw@:8080 | no host",
        "http://proxy:       | proxy port",
        "http://proxy:0      | proxy port",
        "http://proxy:65536  | proxy port",
        "http://proxy:80x    | proxy port",
        "http://[::1         | no closing ']'",
        "http://[::1]x       | after ']'",
    })
    @ParameterizedTest
    void rejectsUnusableProxies(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpProxy.parse(text));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://bob:hunter2@proxy:99999", "http://bob:hunter2@", "bob:hunter2@[::1"})
    void errorMessagesNeverContainCredentials(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpProxy.parse(text));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("bob"), e.getMessage());
    }

    @Test
    void toStringHidesCredentials() {
        assertEquals("http://<redacted>@proxy:8080", HttpProxy.parse("http://bob:hunter2@proxy:8080").toString());
        assertEquals("https://[::1]:3129", HttpProxy.parse("https://[::1]").toString());
        assertEquals("http://proxy:3128", HttpProxy.parse("proxy").toString());
    }

    @Test
    void equalityIsByValue() {
        assertEquals(HttpProxy.parse("http://a:b@p:1"), HttpProxy.parse("HTTP://a:b@p:1/"));
        assertEquals(HttpProxy.parse("p"), HttpProxy.parse("http://p:3128"));
        assertEquals(HttpProxy.parse("p").hashCode(), HttpProxy.parse("http://p:3128").hashCode());
        assertNotEquals(HttpProxy.parse("http://a:b@p:1"), HttpProxy.parse("http://a:c@p:1"));
        assertNotEquals(HttpProxy.parse("http://p"), HttpProxy.parse("https://p"));
    }
}
