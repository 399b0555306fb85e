package dev.saffron.spice.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File chores shared by the fixture classes and the tests. */
public final class TestFiles {
    private TestFiles() {
    }

    /** @return the last {@code maxBytes} of a log file as text, or a note saying why it could not be read */
    static String tail(Path file, int maxBytes) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.max(0, length - maxBytes);
            byte[] tail = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + file.getFileName() + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Deletes a directory tree, or nothing if it does not exist. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * @return the checkout's root: the nearest directory at or above the working one holding {@code marker}
     *         (Maven runs tests in a module's directory or the repository's)
     */
    public static Path repositoryRoot(String marker) throws IOException {
        Path working = Path.of("").toAbsolutePath();
        for (Path candidate = working; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve(marker))) {
                return candidate;
            }
        }
        throw new IOException("no " + marker + " in " + working + " or any directory above it");
    }
}
