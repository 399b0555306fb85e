package dev.saffron.viewer;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.VerifyMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session options' settings, without a server. */
class SessionOptionsTest {
    private static SessionConfig parse(Path home, String... words) throws UsageException {
        SessionOptions options = new SessionOptions(home);
        Arguments args = new Arguments(List.of(words));
        while (args.hasNext()) {
            String word = args.next().orElseThrow();
            if (!options.accept(word, args)) {
                options.uri(word);
            }
        }
        return options.build();
    }

    @Test
    void theDefaultTruststoreIsUsedWhenPresentAndNoCaFileIsGiven(@TempDir Path home) throws Exception {
        Path truststore = home.resolve(".spicec/spice_truststore.pem");
        Files.createDirectories(truststore.getParent());
        Files.writeString(truststore, "");

        assertEquals(Optional.of(truststore), parse(home, "spice+tls://h:5901").caFile());
        Path explicit = home.resolve("other.pem");
        assertEquals(Optional.of(explicit), parse(home, "spice+tls://h:5901", "--spice-ca-file", explicit.toString())
                .caFile());
    }

    @Test
    void withoutTheDefaultTruststoreThereIsNoCaFile(@TempDir Path home) throws Exception {
        assertEquals(Optional.empty(), parse(home, "spice+tls://h:5901").caFile());
        Files.createDirectories(home.resolve(".spicec/spice_truststore.pem"));
        assertEquals(Optional.empty(), parse(home, "spice+tls://h:5901").caFile(), "a directory is not a truststore");
    }

    @Test
    void aTlsUriWithHostSubjectSetsTheTlsPortAndTheSubjectCheck(@TempDir Path home) throws Exception {
        SessionConfig config = parse(home, "spice+tls://h:5901", "--spice-host-subject", "C=XX,CN=h");

        assertEquals(OptionalInt.empty(), config.port());
        assertEquals(OptionalInt.of(5901), config.tlsPort());
        assertEquals(Optional.of("C=XX,CN=h"), config.certSubject());
        assertEquals(Set.of(VerifyMode.HOSTNAME, VerifyMode.SUBJECT), config.verify());
    }

    @Test
    void folderSharingOptionsSetTheSessionsSharedFolder(@TempDir Path home) throws Exception {
        SessionConfig config = parse(home, "spice://h:5900", "--spice-shared-dir", home.toString(),
                "--spice-share-dir-ro");
        assertEquals(Optional.of(home), config.sharedDir());
        assertTrue(config.shareDirReadOnly());
        SessionOptions readOnlyAlone = new SessionOptions(home);
        Arguments args = new Arguments(List.of("--spice-share-dir-ro"));
        assertTrue(readOnlyAlone.accept(args.next().orElseThrow(), args));
        assertEquals(List.of("--spice-share-dir-ro changes nothing without --spice-shared-dir"),
                readOnlyAlone.warnings());
    }

    @Test
    void smartcardOptionsSetTheSessionsSmartcardProperties(@TempDir Path home) throws Exception {
        SessionConfig config = parse(home, "spice://h:5900", "--spice-smartcard",
                "--spice-smartcard-certificates", "auth, sign,enc", "--spice-smartcard-db", "sql:/home/u/nssdb");
        assertTrue(config.smartcardEnabled());
        assertEquals(List.of("auth", "sign", "enc"), config.smartcardCertificates());
        assertEquals(Optional.of("sql:/home/u/nssdb"), config.smartcardDb());
    }

    @Test
    void smartcardCertificatesWithoutSmartcardsOnSayTheyChangeNothing(@TempDir Path home) throws Exception {
        SessionOptions options = new SessionOptions(home);
        Arguments args = new Arguments(List.of("--spice-smartcard-certificates", "auth"));
        while (args.hasNext()) {
            assertTrue(options.accept(args.next().orElseThrow(), args));
        }
        options.uri("spice://h:5900");
        assertFalse(options.build().smartcardEnabled());
        assertTrue(options.warnings().stream().anyMatch(w -> w.contains("without --spice-smartcard")),
                options.warnings().toString());
    }

    @Test
    void optionsThatChangeNothingSaySo(@TempDir Path home) throws Exception {
        SessionOptions options = new SessionOptions(home);
        Arguments args = new Arguments(List.of("--spice-disable-audio", "--spice-color-depth", "16"));
        while (args.hasNext()) {
            assertTrue(options.accept(args.next().orElseThrow(), args));
        }
        options.uri("spice://h:5900");
        assertFalse(options.build().audioEnabled());
        String warnings = String.join("\n", options.warnings());
        assertFalse(warnings.contains("audio"), "audio works now: turning it off is no warning: " + warnings);
        assertTrue(warnings.contains("--spice-color-depth is deprecated and ignored"), warnings);

        SessionOptions quiet = new SessionOptions(home);
        quiet.uri("spice://h:5900");
        assertEquals(List.of(), quiet.warnings());
    }

    @Test
    void aCommandThatSharesNoFolderRefusesTheSharedFolderOptionsInWords(@TempDir Path home) throws Exception {
        SessionOptions options = new SessionOptions(home);
        Arguments args = new Arguments(List.of("--spice-shared-dir", home.toString()));
        assertTrue(options.accept(args.next().orElseThrow(), args));
        UsageException refused = assertThrows(UsageException.class, () -> options.refuseSharedFolder("screenshot"));
        assertTrue(refused.getMessage().contains("'saffron screenshot' shares no folder"), refused.getMessage());
        new SessionOptions(home).refuseSharedFolder("screenshot");
    }
}
