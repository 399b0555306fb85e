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

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The session options' TLS settings, without a server. */
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
}
