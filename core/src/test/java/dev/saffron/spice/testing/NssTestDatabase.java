package dev.saffron.spice.testing;

import dev.saffron.spice.testing.TestCertificates.Issued;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An NSS certificate database as a user makes one for spice-gtk's {@code smartcard-db}: {@code certutil}
 * creates it (no password) and {@code pk12util} imports each certificate with its private key from a PKCS#12
 * file, under a nickname, which is what {@code smartcard-certificates} names.
 */
public final class NssTestDatabase {
    private static final long TOOL_LIMIT_SECONDS = 30;
    private static final char[] TRANSFER_PASSWORD = "transfer".toCharArray();

    private final Path directory;

    private NssTestDatabase(Path directory) {
        this.directory = directory;
    }

    /** Creates an empty database in {@code directory}, which must exist and be empty. */
    public static NssTestDatabase create(Path directory) throws IOException, InterruptedException {
        run(Tool.CERTUTIL, "-N", "-d", "sql:" + directory, "--empty-password");
        return new NssTestDatabase(directory);
    }

    /** @return the database's folder, as {@code smartcard-db} names it */
    public Path directory() {
        return directory;
    }

    /** Imports a certificate and its private key under {@code nickname}. */
    public void add(String nickname, Issued credential) throws IOException, InterruptedException {
        Path transfer = directory.resolve(nickname + ".p12");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(nickname, credential.privateKey(), TRANSFER_PASSWORD,
                    new Certificate[]{credential.certificate()});
            try (OutputStream out = Files.newOutputStream(transfer)) {
                store.store(out, TRANSFER_PASSWORD);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the PKCS#12 file for " + nickname, e);
        }
        try {
            // pk12util names the certificate after the PKCS#12 entry's friendly name, the alias above.
            run(Tool.PK12UTIL, "-i", transfer.toString(), "-d", "sql:" + directory, "-W",
                    new String(TRANSFER_PASSWORD));
        } finally {
            Files.deleteIfExists(transfer);
        }
    }

    /** @return {@code certutil -L}'s listing of the database */
    public String list() throws IOException, InterruptedException {
        return run(Tool.CERTUTIL, "-L", "-d", "sql:" + directory);
    }

    private static String run(Tool tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool.require().toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TOOL_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
        return output;
    }
}
