package dev.saffron.bench;

import dev.saffron.spice.ImageCompression;
import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuOptions.StreamingVideo;
import dev.saffron.spice.testing.QemuOptions.WanCompression;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The display recordings the benchmarks read, and how {@link CorpusRecorder} makes each from a local QEMU.
 * The firmware screens (SeaBIOS's text mode, 720x400, then a 640x480 graphics mode) feed the lossless codecs;
 * {@link dev.saffron.spice.testing.AnimatedGuest}'s colour ramp (VGA mode 13h, 320x200 shown as 640x400),
 * repainted 18 times a second, feeds JPEG and video. Without a guest display driver QEMU sends changes as
 * columns 32 pixels wide, so most recorded images are small. Streaming is off except for {@link #VIDEO}, so
 * every other change arrives as an image.
 */
enum CorpusRecording {
    /** {@code image-compression=quic}. */
    QUIC("quic", QemuOptions.ImageCompression.QUIC, null, false, false),
    /** {@code image-compression=glz}. */
    GLZ("glz", QemuOptions.ImageCompression.GLZ, null, false, false),
    /** {@code image-compression=lz}. */
    LZ("lz", QemuOptions.ImageCompression.LZ, null, false, false),
    /** {@code image-compression=auto_glz}: GLZ or QUIC by image content. */
    AUTO_GLZ("auto_glz", QemuOptions.ImageCompression.AUTO_GLZ, null, false, false),
    /** {@code image-compression=auto_lz}: LZ or QUIC by image content. */
    AUTO_LZ("auto_lz", QemuOptions.ImageCompression.AUTO_LZ, null, false, false),
    /** {@code image-compression=off}: plain bitmaps. */
    OFF("off", QemuOptions.ImageCompression.OFF, null, false, false),
    /** The client's preferred compression LZ4, which the server follows for every image. */
    LZ4("lz4", null, ImageCompression.LZ4, false, false),
    /**
     * {@code image-compression=quic} and {@code jpeg-wan-compression=always} on the animated guest: what
     * would be QUIC goes out as JPEG (with auto_glz the server finds the guest's palette ramp not smooth
     * enough for JPEG, and sends GLZ).
     */
    JPEG("jpeg", QemuOptions.ImageCompression.QUIC, null, true, false),
    /** {@code streaming-video=all} on the animated guest: MJPEG video streams. */
    VIDEO("video", QemuOptions.ImageCompression.AUTO_GLZ, null, false, true);

    /** The system property naming the corpus directory; the bench script sets it. */
    static final String DIRECTORY_PROPERTY = "saffron.bench.corpus";

    private final String fileStem;
    private final QemuOptions.ImageCompression serverCompression;
    private final ImageCompression clientPreference;
    private final boolean jpeg;
    private final boolean video;

    CorpusRecording(String fileStem, QemuOptions.ImageCompression serverCompression,
                    ImageCompression clientPreference, boolean jpeg, boolean video) {
        this.fileStem = fileStem;
        this.serverCompression = serverCompression;
        this.clientPreference = clientPreference;
        this.jpeg = jpeg;
        this.video = video;
    }

    /** @return the directory named by {@value #DIRECTORY_PROPERTY}, by default {@code bench/target/corpus} */
    static Path directory() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, "bench/target/corpus"));
    }

    /** @return the recording's file in {@link #directory()} */
    Path file() {
        return directory().resolve(fileStem + ".rec");
    }

    /** @return the name benchmarks and the table use, the file name without {@code .rec} */
    String stem() {
        return fileStem;
    }

    /** @return the recording with that {@linkplain #stem() stem} */
    static CorpusRecording byStem(String stem) {
        for (CorpusRecording recording : values()) {
            if (recording.fileStem.equals(stem)) {
                return recording;
            }
        }
        throw new IllegalArgumentException("no corpus recording named " + stem);
    }

    /** @return whether the guest is the animated one rather than the firmware alone */
    boolean animatedGuest() {
        return jpeg || video;
    }

    /** @return whether it records video streams */
    boolean video() {
        return video;
    }

    /** @return what the client asks the server to prefer */
    Optional<ImageCompression> clientPreference() {
        return Optional.ofNullable(clientPreference);
    }

    /** @return the server's settings, without the guest's arguments */
    QemuOptions.Builder serverOptions() {
        QemuOptions.Builder options = QemuOptions.builder()
                .streamingVideo(video ? StreamingVideo.ALL : StreamingVideo.OFF);
        if (serverCompression != null) {
            options.imageCompression(serverCompression);
        }
        if (jpeg) {
            options.jpegWanCompression(WanCompression.ALWAYS);
        }
        return options;
    }

    /** @return the recording that holds the recorded inputs of a codec */
    static CorpusRecording homeOf(Codec codec) {
        return switch (codec) {
            case QUIC -> QUIC;
            case LZ -> LZ;
            case GLZ -> GLZ;
            case LZ4 -> LZ4;
            case BITMAP -> OFF;
            case JPEG, JPEG_IMAGEIO -> JPEG;
        };
    }
}
