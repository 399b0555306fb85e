package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.spice.spi.VideoCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecAnswerCacheTest {
    private static final List<String> LIBRARIES = List.of("libavcodec.so.59", "libavutil.so.57");

    @TempDir
    Path folder;

    @Test
    void anAnswerKeptIsReadBackUnderTheSameKeyOnly() {
        Path file = folder.resolve("saffron").resolve("codecs");
        new CodecAnswerCache(file, "key one").write(EnumSet.of(VideoCodec.VP8, VideoCodec.H265));
        assertEquals(Optional.of(Set.of(VideoCodec.VP8, VideoCodec.H265)), new CodecAnswerCache(file, "key one").read());
        assertEquals(Optional.empty(), new CodecAnswerCache(file, "key two").read());
        new CodecAnswerCache(file, "key two").write(Set.of());
        assertEquals(Optional.of(Set.of()), new CodecAnswerCache(file, "key two").read(), "no codecs is an answer");
        new CodecAnswerCache(file, "key two").forget();
        assertEquals(Optional.empty(), new CodecAnswerCache(file, "key two").read());
        assertFalse(Files.exists(file));
    }

    @Test
    void aFileNotInTheFormatIsNoAnswer() throws IOException {
        Path file = folder.resolve("codecs");
        CodecAnswerCache cache = new CodecAnswerCache(file, "k");
        for (String text : List.of("", "\n\n\n", "saffron ffmpeg video codecs 1\nk\nVP8\n\n",
                "saffron ffmpeg video codecs 1\nk\nVP8", "saffron ffmpeg video codecs 2\nk\nVP8\n",
                "saffron ffmpeg video codecs 1\nk\nVP8,AV1\n", "saffron ffmpeg video codecs 1\nk\n\n",
                "saffron ffmpeg video codecs 1\nk\nVP8,,H264\n")) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            assertEquals(Optional.empty(), cache.read(), text);
        }
        Files.write(file, new byte[] {(byte) 0xFF, 0, (byte) 0xC3, '\n'});
        assertEquals(Optional.empty(), cache.read());
        Files.writeString(file, "saffron ffmpeg video codecs 1\nk\nVP8\n" + "#".repeat(CodecAnswerCache.MAX_BYTES),
                StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), cache.read(), "a file larger than any answer is not read");
        Files.writeString(file, "saffron ffmpeg video codecs 1\nk\nH264,VP8\n", StandardCharsets.UTF_8);
        assertEquals(Optional.of(Set.of(VideoCodec.VP8, VideoCodec.H264)), cache.read());
    }

    @Test
    void aPlaceThatCannotBeWrittenLosesOnlyTheAnswer() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("plain file"), "x");
        CodecAnswerCache cache = new CodecAnswerCache(notAFolder.resolve("codecs"), "k");
        cache.write(EnumSet.of(VideoCodec.VP8));
        assertEquals(Optional.empty(), cache.read());
        cache.forget();
    }

    @Test
    void theKeyFollowsTheLibraryFileTheLoaderWouldFindFirst() throws IOException {
        Path libraries = Files.createDirectory(folder.resolve("lib"));
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", libraries.toString());
        String without = CodecAnswerCache.key(env, LIBRARIES);
        assertTrue(without.contains("libavutil.so.57="), without);
        Path avcodec = Files.writeString(libraries.resolve("libavcodec.so.59"), "one build");
        String with = CodecAnswerCache.key(env, LIBRARIES);
        assertNotEquals(without, with);
        assertTrue(with.contains("libavcodec.so.59=" + avcodec + ":"), with);
        Files.writeString(avcodec, "another build, longer");
        assertNotEquals(with, CodecAnswerCache.key(env, LIBRARIES), "an upgraded library changes the key");
        assertNotEquals(with, CodecAnswerCache.key(Map.of("LD_LIBRARY_PATH", libraries + ":/opt"), LIBRARIES));
    }

    @Test
    void theFileIsInTheUsersCacheFolder() {
        assertEquals(Optional.of(Path.of("/x/cache")), CodecAnswerCache.folder(Map.of("XDG_CACHE_HOME", "/x/cache",
                "HOME", "/home/u")));
        assertEquals(Optional.of(Path.of("/home/u/.cache")), CodecAnswerCache.folder(Map.of("XDG_CACHE_HOME",
                "relative", "HOME", "/home/u")), "a relative XDG_CACHE_HOME is ignored, as the spec says");
        assertEquals(Optional.empty(), CodecAnswerCache.folder(Map.of()));
        assertEquals(Optional.of(Path.of("/home/u/.cache/saffron/ffmpeg-video-codecs")), CodecAnswerCache.forUser(
                Map.of("HOME", "/home/u"), LIBRARIES).map(cache -> cache.file()));
    }
}
