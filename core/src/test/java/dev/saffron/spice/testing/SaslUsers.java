package dev.saffron.spice.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Cyrus SASL setup of a test's own: a user database written with {@code saslpasswd2} and the
 * {@code qemu.conf} that points QEMU at it (see {@link QemuOptions.Builder#sasl(Path)}).
 */
public final class SaslUsers {
    private SaslUsers() {
    }

    /**
     * Writes {@code qemu.conf} and {@code users.db} into {@code directory}, with one user.
     *
     * @param mechanisms the Cyrus mechanism names the server offers, such as {@code digest-md5}
     * @return {@code directory}, ready for {@link QemuOptions.Builder#sasl(Path)}
     */
    public static Path write(Path directory, String user, String password, List<String> mechanisms)
            throws IOException {
        Path database = directory.resolve("users.db");
        Process process = new ProcessBuilder(Tool.SASLPASSWD2.require().toString(),
                "-f", database.toString(), "-a", "qemu", "-c", "-p", user)
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("saslpasswd2 did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while writing the SASL database", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("saslpasswd2 failed with status " + process.exitValue() + ": " + output);
        }
        Files.writeString(directory.resolve("qemu.conf"), "mech_list: " + String.join(" ", mechanisms)
                + "\nsasldb_path: " + database + "\n");
        return directory;
    }
}
