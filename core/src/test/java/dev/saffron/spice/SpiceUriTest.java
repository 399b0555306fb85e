package dev.saffron.spice;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accepted forms and the printed forms follow spice_parse_uri() and spice_uri_create() in spice-gtk's
 * src/spice-session.c (lines 392-601 at 61002aaa); many cases are the ones spice-gtk's tests/session.c checks.
 */
class SpiceUriTest {
    private static final String SECRET = "hunter2";

    private static void assertUri(SpiceUri uri, String host, OptionalInt port, OptionalInt tlsPort,
            Optional<String> username, Optional<String> password) {
        assertAll(
                () -> assertEquals(Optional.of(host), uri.host(), "host"),
                () -> assertEquals(port, uri.port(), "port"),
                () -> assertEquals(tlsPort, uri.tlsPort(), "tls-port"),
                () -> assertEquals(username, uri.username(), "username"),
                () -> assertEquals(password, uri.password(), "password"),
                () -> assertEquals(Optional.empty(), uri.unixPath(), "unix-path"));
    }

    @Test
    void authorityPortIsThePlainPort() {
        SpiceUri uri = SpiceUri.parse("spice://localhost:42");
        assertUri(uri, "localhost", OptionalInt.of(42), OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertEquals("spice://localhost:42", uri.toString());
    }

    @Test
    void tlsSchemeMakesTheAuthorityPortTheTlsPort() {
        SpiceUri uri = SpiceUri.parse("spice+tls://hostname:39");
        assertUri(uri, "hostname", OptionalInt.empty(), OptionalInt.of(39), Optional.empty(), Optional.empty());
        assertEquals("spice+tls://hostname:39", uri.toString());
    }

    @Test
    void queryKeysWithEmptyValuesAreIgnored() {
        SpiceUri uri = SpiceUri.parse("spice://localhost?port=5900&tls-port=");
        assertUri(uri, "localhost", OptionalInt.of(5900), OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertEquals("spice://localhost:5900", uri.toString());
    }

    @Test
    void aTlsPortAloneIsPrintedWithTheTlsScheme() {
        SpiceUri uri = SpiceUri.parse("spice://localhost?port=&tls-port=5930");
        assertUri(uri, "localhost", OptionalInt.empty(), OptionalInt.of(5930), Optional.empty(), Optional.empty());
        assertEquals("spice+tls://localhost:5930", uri.toString());
    }

    @Test
    void bothPortsArePrintedAsQueryKeys() {
        SpiceUri uri = SpiceUri.parse("spice://127.0.0.1:42?tls-port=5930");
        assertUri(uri, "127.0.0.1", OptionalInt.of(42), OptionalInt.of(5930), Optional.empty(), Optional.empty());
        assertEquals("spice://127.0.0.1?port=42&tls-port=5930", uri.toString());
    }

    @Test
    void userNameBeforeTheHostIsKeptAndPrinted() {
        SpiceUri uri = SpiceUri.parse("spice://user@localhost?tls-port=&port=5910");
        assertUri(uri, "localhost", OptionalInt.of(5910), OptionalInt.empty(), Optional.of("user"),
                Optional.empty());
        assertEquals("spice://user@localhost:5910", uri.toString());
    }

    @Test
    void passwordIsParsedButPrintedOnlyOnRequest() {
        SpiceUri uri = SpiceUri.parse("spice://user@localhost?tls-port=5920&port=&password=" + SECRET);
        assertUri(uri, "localhost", OptionalInt.empty(), OptionalInt.of(5920), Optional.of("user"),
                Optional.of(SECRET));
        assertEquals("spice+tls://user@localhost:5920", uri.toString());
        assertEquals("spice+tls://user@localhost:5920?password=" + SECRET, uri.toString(true));
        assertEquals("spice+tls://user@localhost:5920", uri.toString(false));
    }

    @Test
    void passwordIsAppendedAfterBothPorts() {
        SpiceUri uri = SpiceUri.parse("spice://h?port=1&tls-port=2&password=" + SECRET);
        assertEquals("spice://h?port=1&tls-port=2&password=" + SECRET, uri.toString(true));
        assertFalse(uri.toString().contains(SECRET));
    }

    @Test
    void semicolonsStartAndSeparateTheQuery() {
        SpiceUri uri = SpiceUri.parse("spice://host;port=5900;tls-port=5901&password=" + SECRET);
        assertUri(uri, "host", OptionalInt.of(5900), OptionalInt.of(5901), Optional.empty(), Optional.of(SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spice://host:5900/", "spice://host/?port=5900", "spice://host//?port=5900",
        "spice://host:5900/ignored/path", "spice://host/ignored?port=5900", "spice://host?port=5900&"})
    void trailingSlashesPathsAndATrailingSeparatorAreTolerated(String text) {
        assertUri(SpiceUri.parse(text), "host", OptionalInt.of(5900), OptionalInt.empty(), Optional.empty(),
                Optional.empty());
    }

    @Test
    void tlsSchemeIgnoresPortKeys() {
        SpiceUri uri = SpiceUri.parse("spice+tls://host:5901?port=5900&tls-port=5902");
        assertUri(uri, "host", OptionalInt.empty(), OptionalInt.of(5901), Optional.empty(), Optional.empty());
    }

    @CsvSource({
        "spice://[2010:836B:4179::836B:4179]?port=5900&tls-port=, [2010:836B:4179::836B:4179], 5900, ,"
                + " spice://[2010:836B:4179::836B:4179]:5900",
        "spice://user@[::192.9.5.5]?tls-port=&port=5910, [::192.9.5.5], 5910, , spice://user@[::192.9.5.5]:5910",
        "spice://[1080:0:0:0:8:800:200C:417A]?port=&tls-port=5930, [1080:0:0:0:8:800:200C:417A], , 5930,"
                + " spice+tls://[1080:0:0:0:8:800:200C:417A]:5930",
        "spice://[::FFFF:129.144.52.38]:42?tls-port=5930, [::FFFF:129.144.52.38], 42, 5930,"
                + " spice://[::FFFF:129.144.52.38]?port=42&tls-port=5930",
        "spice://[fe80::1%eth0]:42, [fe80::1%eth0], 42, , spice://[fe80::1%eth0]:42",
    })
    @ParameterizedTest
    void ipv6LiteralsKeepTheirBrackets(String text, String host, Integer port, Integer tlsPort, String printed) {
        SpiceUri uri = SpiceUri.parse(text);
        assertEquals(Optional.of(host), uri.host());
        assertEquals(port == null ? OptionalInt.empty() : OptionalInt.of(port), uri.port());
        assertEquals(tlsPort == null ? OptionalInt.empty() : OptionalInt.of(tlsPort), uri.tlsPort());
        assertEquals(printed, uri.toString());
        assertEquals(uri, SpiceUri.parse(printed));
    }

    @Test
    void unixSchemeTakesEverythingAfterItAsThePath() {
        SpiceUri uri = SpiceUri.parse("spice+unix:///tmp/foo.sock");
        assertEquals(Optional.of("/tmp/foo.sock"), uri.unixPath());
        assertEquals(Optional.empty(), uri.host());
        assertEquals(OptionalInt.empty(), uri.port());
        assertEquals(OptionalInt.empty(), uri.tlsPort());
        assertEquals("spice+unix:///tmp/foo.sock", uri.toString());

        // spice-gtk reads no query here: it is part of the path.
        SpiceUri withQuery = SpiceUri.parse("spice+unix:///tmp/foo.sock?password=frobnicate");
        assertEquals(Optional.of("/tmp/foo.sock?password=frobnicate"), withQuery.unixPath());
        assertEquals(Optional.empty(), withQuery.password());
    }

    @Test
    void hostUserAndQueryValuesArePercentUnescaped() {
        SpiceUri uri = SpiceUri.parse("spice://us%40er@my%2Dhost:5900?tls-port=%35%39%30%31&password=p%26s%3Ds%C3%A9");
        assertUri(uri, "my-host", OptionalInt.of(5900), OptionalInt.of(5901), Optional.of("us@er"),
                Optional.of("p&s=sé"));
        assertEquals(uri, SpiceUri.parse(uri.toString(true)));
    }

    @Test
    void plusIsNotASpace() {
        assertEquals(Optional.of("a+b"), SpiceUri.parse("spice://h:1?password=a+b").password());
    }

    @Test
    void anAtSignInTheQueryIsNotAUserSeparator() {
        SpiceUri uri = SpiceUri.parse("spice://host:5900?password=a@b");
        assertUri(uri, "host", OptionalInt.of(5900), OptionalInt.empty(), Optional.empty(), Optional.of("a@b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spice://h:1", "spice+tls://h:2", "spice://h?port=1&tls-port=2",
        "spice://u@h?port=1&tls-port=2&password=p", "spice+tls://u@h:2?password=p%20q", "spice://[::1]:5900",
        "spice+unix:///run/x.sock", "spice://%C3%A9t%C3%A9:9", "spice://a%3Ab%40c@h:1?password=%26%3B%3F%3D"})
    void printingWithThePasswordRoundTrips(String text) {
        SpiceUri uri = SpiceUri.parse(text);
        assertEquals(uri, SpiceUri.parse(uri.toString(true)));
        SpiceUri withoutPassword = SpiceUri.parse(uri.toString());
        assertEquals(Optional.empty(), withoutPassword.password());
        assertEquals(uri.host(), withoutPassword.host());
        assertEquals(uri.port(), withoutPassword.port());
        assertEquals(uri.tlsPort(), withoutPassword.tlsPort());
        assertEquals(uri.username(), withoutPassword.username());
        assertEquals(uri.unixPath(), withoutPassword.unixPath());
    }

    @Test
    void hostsThatNeedEscapingRoundTripThroughTheConfig() {
        for (String host : new String[] {"::1", "we@ird/h?st;x", "[not-ipv6", "x]"}) {
            SpiceUri uri = SessionConfig.builder().host(host).port(5900).username("a:b@c").password("x&y")
                    .build().uri().orElseThrow();
            SpiceUri reparsed = SpiceUri.parse(uri.toString(true));
            assertEquals(Optional.of(host), reparsed.host(), host);
            assertEquals(uri, reparsed, host);
        }
    }

    @Test
    void equalityIsByValue() {
        SpiceUri a = SpiceUri.parse("spice://u@h:1?password=p");
        assertEquals(a, SpiceUri.parse("spice://u@h?port=1;password=p"));
        assertEquals(a.hashCode(), SpiceUri.parse("spice://u@h?port=1;password=p").hashCode());
        assertFalse(a.equals(SpiceUri.parse("spice://u@h:1?password=q")));
        assertFalse(a.equals(SpiceUri.parse("spice+tls://u@h:1?password=p")));
    }

    @CsvSource(delimiter = '|', value = {
        "scheme://host?port=5900 | must start with spice://",
        "host:5900 | must start with spice://",
        "SPICE://host:5900 | must start with spice://",
        "http://host:5900 | must start with spice://",
        "spice:/host:5900 | must start with spice://",
        "spice://[ipv6-host:42 | no closing ']'",
        "spice://[::1]x:5900 | after ']'",
        "spice://host?? | key=value",
        "spice://host?port | key=value",
        "spice://host:5900?=1 | key=value",
        "spice://host?port=1&&tls-port=2 | key=value",
        "spice://host:5900?unknown=value | unknown key 'unknown'",
        "spice://host:5900?PORT=1 | unknown key 'PORT'",
        "spice://hostname | neither a port nor a tls-port",
        "spice://hostname?port=&tls-port= | neither a port nor a tls-port",
        "spice://hostname?port=1234&port=3456 | 'port' twice",
        "spice://hostname?tls-port=1234&port=3456&tls-port=5678 | 'tls-port' twice",
        "spice://hostname:5900?tls-port=1234&port=3456 | 'port' twice",
        "spice+tls://hostname?tls-port=1234&port=3456 | neither a port nor a tls-port",
        "spice://host:abc | port after the host",
        "spice://host: | port after the host",
        "spice://host:0 | port after the host",
        "spice://host:65536 | port after the host",
        "spice://host:99999999999999999999 | port after the host",
        "spice://host:+5900 | port after the host",
        "spice://host:5900%20 | port after the host",
        "spice://host?port=-1 | port",
        "spice://host?tls-port=70000 | tls-port",
        "spice://host?port=%zz | %-escape",
        "spice://:5900 | empty host",
        "spice://?port=5900 | empty host",
        "spice://user@:5900 | empty host",
        "spice://[]:5900 | empty host",
        "spice://ho%zzst:5900 | %-escape in the host",
        "spice://ho%4:5900 | %-escape in the host",
        "spice://ho%00st:5900 | NUL",
        "spice://ho%C3st:5900 | not UTF-8",
        "spice://us%er@host:5900 | %-escape in the user name",
        "spice+unix:// | no socket path",
    })
    @ParameterizedTest
    void malformedUrisAreRejectedWithAReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiceUri.parse(text));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "spice://host?password=" + SECRET,
        "spice://host:5900?password=" + SECRET + "&password=" + SECRET,
        "spice://host:99999?password=" + SECRET,
        "spice://host:5900?password=" + SECRET + "&bogus=1",
        "spice://host:5900?password=" + SECRET + "%zz",
        "spice://host:5900?password=" + SECRET + "%C3",
        "spice://user:" + SECRET + "@host:5900",
        "http://host:5900?password=" + SECRET,
        "spice://host:5900?password=" + SECRET + "&" + SECRET,
        "spice://[::1" + SECRET + "?password=" + SECRET,
    })
    void errorMessagesNeverContainThePassword(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiceUri.parse(text));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void toStringNeverContainsThePassword() {
        for (String text : new String[] {"spice://h:1?password=" + SECRET, "spice+tls://h:1?password=" + SECRET,
            "spice://u@h?port=1&tls-port=2&password=" + SECRET}) {
            SpiceUri uri = SpiceUri.parse(text);
            assertEquals(Optional.of(SECRET), uri.password());
            assertFalse(uri.toString().contains(SECRET), uri.toString());
        }
    }
}
