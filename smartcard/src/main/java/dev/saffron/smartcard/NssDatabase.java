package dev.saffron.smartcard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.List;

/**
 * The NSS database this process reads keys from, through the JDK's SunPKCS11 provider and the system's NSS
 * softoken. NSS initialises once per process with one database, so the first directory opened is the only
 * one: opening it again gives the same provider, opening another fails.
 */
final class NssDatabase {
    /** Overrides the search for NSS's libraries, for NSS installed elsewhere. */
    static final String LIBRARY_PROPERTY = "saffron.nss.library.dir";

    private static Path openDirectory;
    private static Provider openProvider;

    private NssDatabase() {
    }

    /** @return the PKCS#11 provider of the SQL database ({@code cert9.db}, {@code key4.db}) in {@code directory} */
    static synchronized Provider open(Path directory) throws IOException {
        // NSS names a database by its format and directory ("sql:/etc/pki/nssdb"), and so do spice-gtk's users.
        String name = directory.toString();
        if (name.startsWith("dbm:")) {
            throw new IOException(name + ": the legacy dbm format (cert8.db) is not read; convert it with"
                    + " certutil --upgrade-merge or certutil -N -d sql:DIR and pk12util");
        }
        Path absolute = (name.startsWith("sql:") ? Path.of(name.substring(4)) : directory).toAbsolutePath().normalize();
        if (openProvider != null) {
            if (!openDirectory.equals(absolute)) {
                throw new IOException("NSS already has " + openDirectory + " open in this process; it opens one"
                        + " database per process, so " + absolute + " cannot be read");
            }
            return openProvider;
        }
        if (!Files.isRegularFile(absolute.resolve("cert9.db")) || !Files.isRegularFile(absolute.resolve("key4.db"))) {
            throw new IOException(absolute + ": no NSS SQL database (cert9.db and key4.db)");
        }
        Provider pkcs11 = Security.getProvider("SunPKCS11");
        if (pkcs11 == null) {
            throw new IOException("this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        String config = "--name=saffron-nss\n"
                + "nssLibraryDirectory=" + libraryDirectory() + "\n"
                + "nssSecmodDirectory=\"sql:" + absolute + "\"\n"
                + "nssModule=keystore\n"
                + "nssDbMode=readOnly\n";
        try {
            openProvider = pkcs11.configure(config);
        } catch (RuntimeException e) {
            throw new IOException(absolute + ": NSS cannot open it: " + e.getMessage(), e);
        }
        openDirectory = absolute;
        return openProvider;
    }

    /** @return a directory holding {@code libsoftokn3.so} */
    private static Path libraryDirectory() throws IOException {
        String configured = System.getProperty(LIBRARY_PROPERTY);
        String arch = System.getProperty("os.arch");
        String multiarch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("/usr/lib", multiarch), Path.of("/usr/lib", multiarch, "nss"), Path.of("/usr/lib64"),
                        Path.of("/usr/lib"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("libsoftokn3.so"))) {
                return candidate;
            }
        }
        throw new IOException("NSS's libsoftokn3.so is in none of " + candidates
                + " (install libnss3, or set -D" + LIBRARY_PROPERTY + "=DIR)");
    }
}
