package dev.saffron.spice;

import dev.saffron.spice.spi.VideoCodec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SessionConfigTest {
    private static final String SECRET = "s3cr3t-Pa55";

    /**
     * Each expected default is read from spice-gtk's src/spice-session.c at 61002aaa (the g_param_spec_* calls
     * in spice_session_class_init); the line of each is given beside it.
     */
    @Test
    @SuppressWarnings("deprecation")
    void defaultsAreSpiceGtks() {
        SessionConfig c = SessionConfig.builder().build();
        assertAll(
                () -> assertEquals(Optional.of("localhost"), c.host()), // line 889: "host", default "localhost"
                () -> assertEquals(OptionalInt.empty(), c.port()), // line 922: "port", NULL
                () -> assertEquals(OptionalInt.empty(), c.tlsPort()), // line 937: "tls-port", NULL
                () -> assertEquals(Optional.empty(), c.unixPath()), // line 906: "unix-path", NULL
                () -> assertEquals(Optional.empty(), c.username()), // line 952: "username", NULL
                () -> assertEquals(Optional.empty(), c.password()), // line 967: "password", NULL
                () -> assertEquals(Optional.empty(), c.caFile()), // line 983: "ca-file", NULL
                () -> assertEquals(Optional.empty(), c.ca()), // line 1269: "ca", boxed, no default
                () -> assertEquals(Optional.empty(), c.ciphers()), // line 996: "ciphers", NULL
                () -> assertEquals(Optional.empty(), c.certSubject()), // line 1067: "cert-subject", NULL
                () -> assertEquals(Optional.empty(), c.pubkey()), // line 1054: "pubkey", boxed, no default
                () -> assertEquals(EnumSet.of(VerifyMode.HOSTNAME), c.verify()), // line 1082: VERIFY_HOSTNAME
                () -> assertEquals(2, c.protocol()), // line 1011: "protocol", range 1..2, default 2
                () -> assertFalse(c.clientSockets()), // line 1041: "client-sockets", FALSE
                () -> assertFalse(c.readOnly()), // line 1372: "read-only", FALSE
                () -> assertTrue(c.audioEnabled()), // line 1174: "enable-audio", TRUE
                () -> assertTrue(c.usbredirEnabled()), // line 1230: "enable-usbredir", TRUE
                () -> assertFalse(c.smartcardEnabled()), // line 1157: "enable-smartcard", FALSE
                () -> assertEquals(List.of(), c.smartcardCertificates()), // line 1194: strv, NULL
                () -> assertEquals(Optional.empty(), c.smartcardDb()), // line 1212: "smartcard-db", NULL
                () -> assertFalse(c.inhibitKeyboardGrab()), // line 1249: "inhibit-keyboard-grab", FALSE
                () -> assertFalse(c.shareDirReadOnly()), // line 1485: "share-dir-ro", FALSE
                () -> assertEquals(Set.of(), c.disableEffects()), // line 1120: strv, NULL
                () -> assertEquals(0, c.colorDepth()), // line 1139: "color-depth", range 0..32, default 0
                () -> assertEquals(0, c.cacheSize()), // line 1388: "cache-size", default 0 (80 MiB, line 46)
                () -> assertEquals(0, c.glzWindowSize()), // line 1404: "glz-window-size", default 0
                // line 1524: "preferred-compression", default SPICE_IMAGE_COMPRESSION_INVALID
                () -> assertEquals(Optional.empty(), c.preferredCompression()),
                // spice_display_channel_change_preferred_video_codec_types is never called by default
                () -> assertEquals(List.of(), c.preferredVideoCodecs()),
                // spice-gtk offers every codec its GStreamer can decode
                () -> assertTrue(c.videoCodecsEnabled()),
                () -> assertEquals(Set.of(), c.secureChannels()), // line 1285: strv, NULL
                // spice-gtk links every channel the server lists; a program chooses by connecting or not
                () -> assertEquals(EnumSet.allOf(ChannelType.class), c.linkedChannels()),
                // line 1452 ("proxy", NULL) and line 263: unset means SPICE_PROXY decides
                () -> assertEquals(Optional.empty(), c.proxy()),
                // line 1543-1547: on with EGL unless SPICE_DISABLE_GL_SCANOUT is set
                () -> assertEquals(Optional.empty(), c.glScanout()),
                () -> assertTrue(c.effectiveGlScanout(Map.of())),
                () -> assertFalse(c.effectiveGlScanout(Map.of("SPICE_DISABLE_GL_SCANOUT", ""))),
                // Saffron's choice, not spice-gtk's (line 1468 defaults to the XDG public-share folder)
                () -> assertEquals(Optional.empty(), c.sharedDir()),
                // line 2220: SOCKET_TIMEOUT 10 (seconds), which g_socket_client_set_timeout gets
                () -> assertEquals(Duration.ofSeconds(10), c.connectTimeout()),
                () -> assertEquals(64 * 1024 * 1024, c.maxMessageSize()),
                () -> assertEquals(512L * 1024 * 1024, c.surfaceMemoryBudget()),
                () -> assertEquals(ReconnectPolicy.never(), c.reconnectPolicy()),
                () -> assertFalse(c.singleUseTicket()),
                () -> assertEquals(Optional.empty(), c.uri()));
    }

    @Test
    @SuppressWarnings("deprecation")
    void everyPropertyIsStoredAndCopiedByToBuilder() {
        SessionConfig c = fullyCustomised();
        assertAll(
                () -> assertEquals(Optional.of("example.org"), c.host()),
                () -> assertEquals(OptionalInt.of(5900), c.port()),
                () -> assertEquals(OptionalInt.of(5901), c.tlsPort()),
                () -> assertEquals(Optional.of("/run/spice.sock"), c.unixPath()),
                () -> assertEquals(Optional.of("alice"), c.username()),
                () -> assertEquals(Optional.of(SECRET), c.password()),
                () -> assertEquals(Optional.of(Path.of("/etc/ca.pem")), c.caFile()),
                () -> assertArrayEquals(bytes("PEM"), c.ca().orElseThrow()),
                () -> assertEquals(Optional.of("HIGH"), c.ciphers()),
                () -> assertEquals(Optional.of("CN=example.org"), c.certSubject()),
                () -> assertArrayEquals(bytes("KEY"), c.pubkey().orElseThrow()),
                () -> assertEquals(EnumSet.allOf(VerifyMode.class), c.verify()),
                () -> assertEquals(1, c.protocol()),
                () -> assertTrue(c.clientSockets()),
                () -> assertTrue(c.readOnly()),
                () -> assertFalse(c.audioEnabled()),
                () -> assertFalse(c.usbredirEnabled()),
                () -> assertTrue(c.inhibitKeyboardGrab()),
                () -> assertEquals(Set.of("wallpaper", "animation"), c.disableEffects()),
                () -> assertEquals(16, c.colorDepth()),
                () -> assertEquals(1 << 20, c.cacheSize()),
                () -> assertEquals(1 << 24, c.glzWindowSize()),
                () -> assertEquals(Optional.of(ImageCompression.LZ4), c.preferredCompression()),
                () -> assertEquals(EnumSet.of(ChannelType.MAIN, ChannelType.INPUTS), c.secureChannels()),
                () -> assertEquals(Optional.of("http://bob:pw@proxy:8080"), c.proxy()),
                () -> assertEquals(Optional.of(false), c.glScanout()),
                () -> assertEquals(Duration.ofMillis(1500), c.connectTimeout()),
                () -> assertEquals(1 << 16, c.maxMessageSize()),
                () -> assertEquals(1L << 33, c.surfaceMemoryBudget()),
                () -> assertEquals(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                        .withMaxAttempts(7), c.reconnectPolicy()),
                () -> assertTrue(c.singleUseTicket()));

        SessionConfig copy = c.toBuilder().build();
        assertEquals(c, copy);
        assertEquals(c.hashCode(), copy.hashCode());
        assertNotEquals(SessionConfig.builder().build(), c);
    }

    @SuppressWarnings("deprecation")
    private static SessionConfig fullyCustomised() {
        return SessionConfig.builder()
                .host("example.org").port(5900).tlsPort(5901).unixPath("/run/spice.sock")
                .username("alice").password(SECRET)
                .caFile(Path.of("/etc/ca.pem")).ca(bytes("PEM")).ciphers("HIGH")
                .certSubject("CN=example.org").pubkey(bytes("KEY"))
                .protocol(1).clientSockets(true).readOnly(true)
                .audioEnabled(false).usbredirEnabled(false)
                .inhibitKeyboardGrab(true)
                .disableEffects(Set.of("wallpaper", "animation")).colorDepth(16)
                .cacheSize(1 << 20).glzWindowSize(1 << 24).preferredCompression(ImageCompression.LZ4)
                .preferredVideoCodecs(List.of(VideoCodec.VP8, VideoCodec.H264)).videoCodecsEnabled(false)
                .secureChannels(EnumSet.of(ChannelType.MAIN, ChannelType.INPUTS))
                .linkedChannels(EnumSet.of(ChannelType.DISPLAY))
                .proxy("http://bob:pw@proxy:8080").glScanout(false)
                .connectTimeout(Duration.ofMillis(1500)).maxMessageSize(1 << 16).surfaceMemoryBudget(1L << 33)
                .reconnectPolicy(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                        .withMaxAttempts(7))
                .singleUseTicket(true)
                .build();
    }

    @Test
    @SuppressWarnings("deprecation")
    void eachPropertyTakesPartInEquality() {
        SessionConfig base = fullyCustomised();
        List<UnaryOperator<SessionConfig.Builder>> changes = List.of(
                b -> b.host("other"), b -> b.host(null), b -> b.port(1), b -> b.clearPort(), b -> b.tlsPort(1),
                b -> b.clearTlsPort(), b -> b.unixPath("/x"), b -> b.username("eve"), b -> b.password("other"),
                b -> b.caFile(Path.of("/x")), b -> b.ca(bytes("PEN")), b -> b.ciphers("LOW"),
                b -> b.certSubject("CN=x"), b -> b.pubkey(bytes("KEX")), b -> b.verify(Set.of()),
                b -> b.protocol(2), b -> b.clientSockets(false), b -> b.readOnly(false),
                b -> b.audioEnabled(true), b -> b.usbredirEnabled(true),
                b -> b.inhibitKeyboardGrab(false),
                b -> b.disableEffects(Set.of("all")), b -> b.colorDepth(32), b -> b.cacheSize(1),
                b -> b.glzWindowSize(1), b -> b.preferredCompression(ImageCompression.QUIC),
                b -> b.preferredVideoCodecs(List.of(VideoCodec.H264, VideoCodec.VP8)), b -> b.videoCodecsEnabled(true),
                b -> b.secureChannels(Set.of()), b -> b.linkedChannels(EnumSet.allOf(ChannelType.class)),
                b -> b.proxy(""), b -> b.glScanout(null),
                b -> b.connectTimeout(Duration.ofSeconds(1)), b -> b.maxMessageSize(1 << 17),
                b -> b.surfaceMemoryBudget(1L << 20), b -> b.reconnectPolicy(ReconnectPolicy.never()),
                b -> b.singleUseTicket(false));
        for (int i = 0; i < changes.size(); i++) {
            SessionConfig changed = changes.get(i).apply(base.toBuilder()).build();
            assertNotEquals(base, changed, "change #" + i);
        }
    }

    @Test
    void aVideoCodecNamedTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.builder()
                .preferredVideoCodecs(List.of(VideoCodec.VP8, VideoCodec.H264, VideoCodec.VP8)));
    }

    @Test
    void byteArraysCompareByContent() {
        SessionConfig a = SessionConfig.builder().ca(bytes("PEM")).pubkey(bytes("KEY")).build();
        SessionConfig b = SessionConfig.builder().ca(bytes("PEM")).pubkey(bytes("KEY")).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] pem = bytes("PEM");
        byte[] key = bytes("KEY");
        SessionConfig.Builder builder = SessionConfig.builder().ca(pem).pubkey(key);
        pem[0] = 'X';
        key[0] = 'X';
        SessionConfig c = builder.build();
        assertArrayEquals(bytes("PEM"), c.ca().orElseThrow());
        assertArrayEquals(bytes("KEY"), c.pubkey().orElseThrow());

        c.ca().orElseThrow()[0] = 'Y';
        c.pubkey().orElseThrow()[0] = 'Y';
        assertArrayEquals(bytes("PEM"), c.ca().orElseThrow());
        assertArrayEquals(bytes("KEY"), c.pubkey().orElseThrow());
    }

    @Test
    void optionalFeaturesAreStoredForTheModulesThatCarryThemOut() {
        SessionConfig folder = SessionConfig.builder().sharedDir(Path.of("/srv/share")).shareDirReadOnly(true).build();
        assertEquals(Optional.of(Path.of("/srv/share")), folder.sharedDir());
        assertTrue(folder.shareDirReadOnly());
        SessionConfig smartcards = SessionConfig.builder().smartcardEnabled(true)
                .smartcardCertificates(List.of("c1", "c2")).smartcardDb("sql:/etc/pki/nssdb").build();
        assertTrue(smartcards.smartcardEnabled());
        assertEquals(List.of("c1", "c2"), smartcards.smartcardCertificates());
        // Turning them off again, or to their defaults, builds.
        assertEquals(SessionConfig.builder().build(), SessionConfig.builder().smartcardEnabled(false)
                .smartcardCertificates(List.of()).smartcardDb(null).sharedDir(null).shareDirReadOnly(false).build());
    }

    @Test
    void changingTheBuilderAfterBuildLeavesTheConfigAlone() {
        List<VideoCodec> codecs = new ArrayList<>(List.of(VideoCodec.VP8, VideoCodec.H264));
        Set<String> effects = new HashSet<>(Set.of("wallpaper"));
        Set<ChannelType> secure = EnumSet.of(ChannelType.MAIN);
        Set<VerifyMode> verify = EnumSet.of(VerifyMode.SUBJECT);
        SessionConfig.Builder builder = SessionConfig.builder().port(5900).preferredVideoCodecs(codecs)
                .disableEffects(effects).secureChannels(secure).linkedChannels(secure).verify(verify);
        SessionConfig built = builder.build();
        SessionConfig expected = builder.build();

        codecs.add(VideoCodec.VP9);
        effects.add("all");
        secure.add(ChannelType.DISPLAY);
        verify.add(VerifyMode.PUBKEY);
        builder.port(1).host("changed").verify(Set.of()).secureChannels(Set.of(ChannelType.CURSOR))
                .linkedChannels(Set.of(ChannelType.CURSOR))
                .password("x").pubkey(bytes("K"));

        assertEquals(expected, built);
        assertEquals(OptionalInt.of(5900), built.port());
        assertEquals(Optional.of("localhost"), built.host());
        assertEquals(List.of(VideoCodec.VP8, VideoCodec.H264), built.preferredVideoCodecs());
        assertEquals(Set.of("wallpaper"), built.disableEffects());
        assertEquals(EnumSet.of(ChannelType.MAIN), built.secureChannels());
        assertEquals(EnumSet.of(ChannelType.MAIN), built.linkedChannels());
        assertEquals(EnumSet.of(VerifyMode.SUBJECT), built.verify());
        assertEquals(Optional.empty(), built.pubkey());
    }

    @Test
    void toBuilderDoesNotShareStateWithTheOriginal() {
        SessionConfig original = SessionConfig.builder().secureChannels(EnumSet.of(ChannelType.MAIN)).build();
        SessionConfig derived = original.toBuilder().secureChannelNames(List.of("display"))
                .verify(Set.of(VerifyMode.PUBKEY)).build();
        assertEquals(EnumSet.of(ChannelType.MAIN), original.secureChannels());
        assertEquals(EnumSet.of(VerifyMode.HOSTNAME), original.verify());
        assertEquals(EnumSet.of(ChannelType.DISPLAY), derived.secureChannels());
    }

    @Test
    void returnedCollectionsAreUnmodifiable() {
        SessionConfig c = fullyCustomised();
        assertThrows(UnsupportedOperationException.class, () -> c.verify().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.secureChannels().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.disableEffects().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.smartcardCertificates().clear());
    }

    @Test
    void pubkeyAndCertSubjectTurnTheirChecksOnAndOffAsSpiceGtksSettersDo() {
        // spice-session.c lines 779-795: setting pubkey / cert-subject sets or clears its verify flag.
        SessionConfig.Builder b = SessionConfig.builder();
        assertEquals(EnumSet.of(VerifyMode.HOSTNAME, VerifyMode.PUBKEY), b.pubkey(bytes("K")).build().verify());
        assertEquals(EnumSet.allOf(VerifyMode.class), b.certSubject("CN=x").build().verify());
        assertEquals(EnumSet.of(VerifyMode.HOSTNAME, VerifyMode.SUBJECT), b.pubkey(null).build().verify());
        assertEquals(EnumSet.of(VerifyMode.HOSTNAME), b.certSubject(null).build().verify());
        // ...and an explicit verify replaces the flags, so the order of calls matters as in spice-gtk.
        assertEquals(Set.of(), b.pubkey(bytes("K")).verify(Set.of()).build().verify());
        assertEquals(EnumSet.of(VerifyMode.PUBKEY), b.verify(Set.of()).pubkey(bytes("K")).build().verify());
    }

    @Test
    void aPlainUriSetsTheConnectionPropertiesAndClearsTheUnixPath() {
        SessionConfig before = SessionConfig.builder().unixPath("/old.sock").port(1).tlsPort(2).username("old")
                .password("old").readOnly(true).caFile(Path.of("/ca.pem")).build();
        SessionConfig after = before.toBuilder().uri(SpiceUri.parse("spice://new@example.org:5900")).build();
        assertEquals(Optional.empty(), after.unixPath());
        assertEquals(Optional.of("example.org"), after.host());
        assertEquals(OptionalInt.of(5900), after.port());
        assertEquals(OptionalInt.empty(), after.tlsPort());
        assertEquals(Optional.of("new"), after.username());
        assertEquals(Optional.empty(), after.password());
        // Properties the URI does not carry are left alone.
        assertTrue(after.readOnly());
        assertEquals(Optional.of(Path.of("/ca.pem")), after.caFile());
    }

    @Test
    void aTlsUriClearsThePlainPort() {
        SessionConfig c = SessionConfig.builder().port(5900).password("old")
                .uri(SpiceUri.parse("spice+tls://h:5901?password=new")).build();
        assertEquals(OptionalInt.empty(), c.port());
        assertEquals(OptionalInt.of(5901), c.tlsPort());
        assertEquals(Optional.of("new"), c.password());
    }

    @Test
    void aUnixUriClearsHostPortsAndCredentials() {
        SessionConfig c = SessionConfig.builder().port(5900).tlsPort(5901).username("u").password("p")
                .uri(SpiceUri.parse("spice+unix:///run/spice.sock")).build();
        assertEquals(Optional.of("/run/spice.sock"), c.unixPath());
        assertEquals(Optional.empty(), c.host());
        assertEquals(OptionalInt.empty(), c.port());
        assertEquals(OptionalInt.empty(), c.tlsPort());
        assertEquals(Optional.empty(), c.username());
        assertEquals(Optional.empty(), c.password());
    }

    @Test
    void uriGivesBackWhatTheGetterWould() {
        // spice_uri_create, spice-session.c line 392: unix path first, then host with its ports.
        assertEquals(Optional.empty(), SessionConfig.builder().build().uri());
        assertEquals(Optional.empty(), SessionConfig.builder().host(null).port(1).build().uri());
        assertEquals("spice://localhost:5900", SessionConfig.builder().port(5900).build().uri().orElseThrow()
                .toString());
        assertEquals("spice+tls://localhost:5901", SessionConfig.builder().tlsPort(5901).build().uri()
                .orElseThrow().toString());
        assertEquals("spice://h?port=1&tls-port=2", SessionConfig.builder().host("h").port(1).tlsPort(2).build()
                .uri().orElseThrow().toString());
        assertEquals("spice+unix:///s", SessionConfig.builder().port(1).unixPath("/s").password("p").build()
                .uri().orElseThrow().toString());
    }

    @Test
    void uriRoundTripsThroughTheBuilder() {
        for (String text : new String[] {"spice://u@h:1?password=p", "spice+tls://[::1]:2",
            "spice://h?port=3&tls-port=4", "spice+unix:///tmp/s"}) {
            SpiceUri uri = SpiceUri.parse(text);
            SessionConfig c = SessionConfig.builder().uri(uri).build();
            assertEquals(Optional.of(uri), c.uri(), text);
            assertEquals(text, c.uri().orElseThrow().toString(true), text);
        }
    }

    @Test
    void uriToStringHidesThePasswordTheConfigHolds() {
        SpiceUri uri = SessionConfig.builder().port(5900).password(SECRET).build().uri().orElseThrow();
        assertEquals(Optional.of(SECRET), uri.password());
        assertFalse(uri.toString().contains(SECRET));
    }

    @Test
    void portsMustBeFrom1To65535() {
        for (int bad : new int[] {0, -1, 65536, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SessionConfig.builder().port(bad).build());
            assertTrue(e.getMessage().startsWith("port "), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> SessionConfig.builder().tlsPort(bad).build());
            assertTrue(e.getMessage().startsWith("tls-port "), e.getMessage());
        }
        assertEquals(OptionalInt.of(1), SessionConfig.builder().port(1).build().port());
        assertEquals(OptionalInt.of(65535), SessionConfig.builder().tlsPort(65535).build().tlsPort());
    }

    @Test
    void passwordsAreLimitedTo60BytesOfUtf8() {
        String ascii60 = "a".repeat(60);
        String twoByte30 = "é".repeat(30);
        assertEquals(Optional.of(ascii60), SessionConfig.builder().password(ascii60).build().password());
        assertEquals(Optional.of(twoByte30), SessionConfig.builder().password(twoByte30).build().password());
        for (String tooLong : new String[] {ascii60 + "b", twoByte30 + "é", "é".repeat(29) + "abc"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SessionConfig.builder().password(tooLong).build());
            assertTrue(e.getMessage().contains("60 bytes"), e.getMessage());
            assertFalse(e.getMessage().contains(tooLong.substring(0, 10)), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.builder().password(SECRET + "\0").build());
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    @SuppressWarnings("deprecation")
    void rangesAreChecked() {
        assertRejected(b -> b.protocol(0), "protocol");
        assertRejected(b -> b.protocol(3), "protocol");
        assertRejected(b -> b.colorDepth(-1), "color-depth");
        assertRejected(b -> b.colorDepth(33), "color-depth");
        assertRejected(b -> b.cacheSize(-1), "cache-size");
        assertRejected(b -> b.glzWindowSize(-1), "glz-window-size");
        assertRejected(b -> b.glzWindowSize(128 * 1024 * 1024 + 1), "glz-window-size");
        assertRejected(b -> b.maxMessageSize(4095), "max-message-size");
        assertRejected(b -> b.maxMessageSize(1024 * 1024 * 1024 + 1), "max-message-size");
        assertRejected(b -> b.surfaceMemoryBudget((1 << 20) - 1), "surface-memory-budget");
        assertRejected(b -> b.decodeThreads(-1), "decode-threads");
        assertRejected(b -> b.decodeThreads(17), "decode-threads");
        assertRejected(b -> b.connectTimeout(Duration.ZERO), "connect timeout");
        assertRejected(b -> b.connectTimeout(Duration.ofSeconds(-1)), "connect timeout");
        assertRejected(b -> b.host(""), "host");
        assertRejected(b -> b.unixPath(""), "unix-path");
        assertRejected(b -> b.disableEffects(Set.of("wallpaper", "sparkles")), "'sparkles'");

        SessionConfig edges = SessionConfig.builder().protocol(1).colorDepth(32).cacheSize(Integer.MAX_VALUE)
                .glzWindowSize(128 * 1024 * 1024).maxMessageSize(4096).connectTimeout(Duration.ofNanos(1))
                .disableEffects(Set.of("wallpaper", "font-smooth", "animation", "all")).build();
        assertEquals(128 * 1024 * 1024, edges.glzWindowSize());
        assertEquals(1024 * 1024 * 1024,
                SessionConfig.builder().maxMessageSize(1024 * 1024 * 1024).build().maxMessageSize());
    }

    @Test
    void decodeThreadsAreOnWithTwoProcessorsOffWithOneAndKeptAsGiven() {
        assertEquals(0, SessionConfig.defaultDecodeThreads(1));
        assertEquals(2, SessionConfig.defaultDecodeThreads(2));
        assertEquals(2, SessionConfig.defaultDecodeThreads(64));
        assertEquals(SessionConfig.defaultDecodeThreads(Runtime.getRuntime().availableProcessors()),
                SessionConfig.builder().build().decodeThreads());
        SessionConfig none = SessionConfig.builder().decodeThreads(0).build();
        assertEquals(0, none.decodeThreads());
        assertEquals(none, none.toBuilder().build());
        assertTrue(SessionConfig.builder().decodeThreads(3).build().toString().contains("decode-threads=3"));
        assertNotEquals(none, SessionConfig.builder().decodeThreads(1).build());
    }

    private static void assertRejected(UnaryOperator<SessionConfig.Builder> change, String mention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(SessionConfig.builder()).build());
        assertTrue(e.getMessage().contains(mention), () -> "expected '" + mention + "' in: " + e.getMessage());
    }

    @Test
    void secureChannelNamesAcceptSpiceGtksNamesAndAll() {
        assertEquals(EnumSet.allOf(ChannelType.class),
                SessionConfig.builder().secureChannelNames(List.of("all")).build().secureChannels());
        assertEquals(EnumSet.of(ChannelType.MAIN, ChannelType.USBREDIR),
                SessionConfig.builder().secureChannelNames(List.of("main", "usbredir")).build().secureChannels());
        assertEquals(Set.of(), SessionConfig.builder().secureChannels(EnumSet.of(ChannelType.MAIN))
                .secureChannelNames(List.of()).build().secureChannels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.builder().secureChannelNames(List.of("main", "tunnel")));
        assertTrue(e.getMessage().contains("'tunnel'"), e.getMessage());
    }

    @Test
    void configuredProxyWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("SPICE_PROXY", "http://env-proxy:1111");
        SessionConfig configured = SessionConfig.builder().proxy("https://bob:pw@conf-proxy").build();
        HttpProxy proxy = configured.effectiveProxy(env).orElseThrow();
        assertEquals("conf-proxy", proxy.host());
        assertEquals(3129, proxy.port());
        assertEquals(Optional.of("bob"), proxy.username());
        assertEquals(Optional.of("pw"), proxy.password());

        assertEquals(Optional.empty(), SessionConfig.builder().proxy("").build().effectiveProxy(env));
    }

    @Test
    void unsetProxyFallsBackToSpiceProxy() {
        SessionConfig c = SessionConfig.builder().build();
        HttpProxy fromEnv = c.effectiveProxy(Map.of("SPICE_PROXY", "env-proxy:1111")).orElseThrow();
        assertEquals("env-proxy", fromEnv.host());
        assertEquals(1111, fromEnv.port());
        assertEquals(Optional.empty(), c.effectiveProxy(Map.of()));
        assertEquals(Optional.empty(), c.effectiveProxy(Map.of("SPICE_PROXY", "")));
        // spice-gtk warns about an unusable SPICE_PROXY and connects directly (update_proxy, line 256).
        assertEquals(Optional.empty(), c.effectiveProxy(Map.of("SPICE_PROXY", "socks5://p:1")));
    }

    @Test
    void anUnusableConfiguredProxyIsRejectedWithoutItsCredentials() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.builder().proxy("http://bob:" + SECRET + "@proxy:99999").build());
        assertTrue(e.getMessage().startsWith("proxy: "), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void explicitGlScanoutOverridesTheEnvironment() {
        Map<String, String> disabling = Map.of("SPICE_DISABLE_GL_SCANOUT", "1");
        assertTrue(SessionConfig.builder().glScanout(true).build().effectiveGlScanout(disabling));
        assertFalse(SessionConfig.builder().glScanout(false).build().effectiveGlScanout(Map.of()));
        assertFalse(SessionConfig.builder().build().effectiveGlScanout(disabling));
    }

    @Test
    void toStringRedactsThePasswordAndProxyCredentials() {
        SessionConfig c = SessionConfig.builder().port(5900).username("alice").password(SECRET)
                .proxy("http://proxyuser:proxypass@proxy:8080").build();
        String text = c.toString();
        assertFalse(text.contains(SECRET), text);
        assertFalse(text.contains("proxypass"), text);
        assertFalse(text.contains("proxyuser"), text);
        assertTrue(text.contains("password=<redacted>"), text);
        assertTrue(text.contains("proxy=http://<redacted>@proxy:8080"), text);
        assertTrue(text.contains("username=alice"), text);
        assertTrue(text.contains("port=5900"), text);
    }

    @Test
    void imageCompressionHasSpiceProtocolsWireValuesAndSpiceGtksNames() {
        // spice-protocol enums.h SpiceImageCompression; names from spice-option.c parse_preferred_compression.
        Map<String, Integer> expected = Map.of("off", 1, "auto-glz", 2, "auto-lz", 3, "quic", 4, "glz", 5,
                "lz", 6, "lz4", 7);
        assertEquals(expected.size(), ImageCompression.values().length);
        expected.forEach((name, wire) -> {
            ImageCompression byName = ImageCompression.fromSpiceName(name).orElseThrow();
            assertEquals(wire, byName.wireValue(), name);
            assertEquals(name, byName.spiceName());
            assertEquals(Optional.of(byName), ImageCompression.fromWire(wire));
        });
        assertEquals(Optional.of(ImageCompression.AUTO_GLZ), ImageCompression.fromSpiceName("Auto-GLZ"));
        assertEquals(Optional.empty(), ImageCompression.fromSpiceName("invalid"));
        assertEquals(Optional.empty(), ImageCompression.fromSpiceName("auto_glz"));
        assertEquals(Optional.empty(), ImageCompression.fromWire(0));
        assertEquals(Optional.empty(), ImageCompression.fromWire(8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
