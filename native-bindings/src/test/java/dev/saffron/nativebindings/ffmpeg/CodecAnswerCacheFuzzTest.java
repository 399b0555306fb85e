package dev.saffron.nativebindings.ffmpeg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.saffron.spice.spi.VideoCodec;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever the file holds (another program's, a truncated write, a user's edit), reading it gives an answer made
 * of known codecs under this key, or none; nothing is thrown.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CodecAnswerCacheFuzzTest {
    private static final Path FILE = createFile();

    private static Path createFile() {
        try {
            Path file = Files.createTempFile("saffron-codec-answer-", ".fuzz");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void fileContents(byte[] input) throws IOException {
        Files.write(FILE, input);
        Optional<Set<VideoCodec>> answer = new CodecAnswerCache(FILE, "the key").read();
        answer.ifPresent(codecs -> assertTrue(EnumSet.allOf(VideoCodec.class).containsAll(codecs)));
        assertTrue(answer.isEmpty() || new String(input, StandardCharsets.UTF_8)
                .startsWith("saffron ffmpeg video codecs 1\nthe key\n"), "an answer only under this key");
    }
}
