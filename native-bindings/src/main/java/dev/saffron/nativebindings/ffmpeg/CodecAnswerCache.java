package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.spice.spi.VideoCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * FFmpeg's answer to "which video decoders are there", kept in a file between runs. Asking means loading
 * libavcodec, and with it the hundred libraries Debian's libavcodec links: 45 to 100 ms while a session's main
 * channel links, slowing the link on two cores, and 17 MiB resident in a session that may never see a video
 * stream (README, Performance). spice-gtk answers the same question from GStreamer's registry, a cache of the
 * same kind. With an answer on file, a session starts without loading FFmpeg; its first video stream loads it.
 *
 * <p>The answer is kept with a key made of what would change it: the dynamic loader's cache
 * ({@code /etc/ld.so.cache}, which ldconfig rewrites whenever a library package is installed, upgraded or
 * removed), {@code LD_LIBRARY_PATH}, and the size and modification time of the file each library would most
 * likely be loaded from. A key that differs, or a file that is missing, unreadable, larger than a key could be
 * or not in this format, is no answer; the caller then asks FFmpeg and writes the file again. Writing goes
 * through a temporary file and a rename, so a concurrent reader sees the old answer or the new one.
 */
final class CodecAnswerCache {
    private static final System.Logger LOG = System.getLogger(CodecAnswerCache.class.getName());

    private static final String FORMAT = "saffron ffmpeg video codecs 1";
    /** Far more than a key with long library paths; a bigger file is not ours. */
    static final int MAX_BYTES = 8192;
    private static final Path LOADER_CACHE = Path.of("/etc/ld.so.cache");

    private final Path file;
    private final String key;

    CodecAnswerCache(Path file, String key) {
        this.file = file;
        this.key = key;
    }

    /**
     * @param env       the environment ({@code XDG_CACHE_HOME}, {@code HOME}, {@code LD_LIBRARY_PATH})
     * @param libraries the libraries' file names, as the loader is asked for them
     * @return the cache in this user's cache folder, or empty when the environment names none
     */
    static Optional<CodecAnswerCache> forUser(Map<String, String> env, List<String> libraries) {
        return folder(env).map(folder -> new CodecAnswerCache(folder.resolve("saffron").resolve("ffmpeg-video-codecs"),
                key(env, libraries)));
    }

    /** The XDG base directory rules: {@code XDG_CACHE_HOME} if it is absolute, else {@code HOME/.cache}. */
    static Optional<Path> folder(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg));
        }
        String home = env.get("HOME");
        if (home != null && home.startsWith("/")) {
            return Optional.of(Path.of(home, ".cache"));
        }
        return Optional.empty();
    }

    /** What the answer depends on, as one line. */
    static String key(Map<String, String> env, List<String> libraries) {
        String libraryPath = env.getOrDefault("LD_LIBRARY_PATH", "");
        StringBuilder key = new StringBuilder("loader-cache=").append(stamp(LOADER_CACHE))
                .append(" LD_LIBRARY_PATH=").append(libraryPath);
        List<Path> folders = new ArrayList<>();
        for (String folder : libraryPath.split(":")) {
            if (folder.startsWith("/")) {
                folders.add(Path.of(folder));
            }
        }
        String multiarch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> System.getProperty("os.arch", "") + "-linux-gnu";
        };
        for (String folder : List.of("/usr/local/lib", "/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib64",
                "/usr/lib64", "/lib", "/usr/lib")) {
            folders.add(Path.of(folder));
        }
        for (String library : libraries) {
            key.append(' ').append(library).append('=').append(firstFound(folders, library));
        }
        return key.toString().replace('\n', ' ');
    }

    private static String firstFound(List<Path> folders, String library) {
        for (Path folder : folders) {
            Path candidate = folder.resolve(library);
            String stamp = stamp(candidate);
            if (!stamp.equals("absent")) {
                return candidate + ":" + stamp;
            }
        }
        return "absent";
    }

    /** Size and modification time of the file a path leads to, links followed, or "absent". */
    private static String stamp(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.size() + ":" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (IOException | SecurityException e) {
            return "absent";
        }
    }

    /** @return the file the answer is kept in */
    Path file() {
        return file;
    }

    /** @return the codecs on file for this key; empty when there is no usable answer */
    Optional<Set<VideoCodec>> read() {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "the video codecs on file in {0} are unreadable: {1}", file, e);
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 4 || !lines[0].equals(FORMAT) || !lines[1].equals(key) || !lines[3].isEmpty()) {
            return Optional.empty();
        }
        Set<VideoCodec> codecs = EnumSet.noneOf(VideoCodec.class);
        if (!lines[2].equals("-")) {
            for (String name : lines[2].split(",")) {
                try {
                    codecs.add(VideoCodec.valueOf(name));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(Set.copyOf(codecs));
    }

    /** Keeps the answer for this key; a cache that cannot be written costs the next run the question, no more. */
    void write(Set<VideoCodec> codecs) {
        List<String> names = codecs.stream().sorted().map(Enum::name).toList();
        String text = FORMAT + "\n" + key + "\n" + (names.isEmpty() ? "-" : String.join(",", names)) + "\n";
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException | SecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "the video codecs could not be kept in {0}: {1}", file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "left {0} behind: {1}", temporary, e);
                }
            }
        }
    }

    /** Drops the answer on file, which turned out wrong: the next run asks FFmpeg again. */
    void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | SecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "the video codecs on file in {0} could not be dropped: {1}", file, e);
        }
    }
}
