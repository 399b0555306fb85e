package dev.saffron.bench;

import dev.saffron.spice.testing.QemuOptions;
import dev.saffron.spice.testing.QemuOptions.ImageCompression;
import dev.saffron.spice.testing.QemuOptions.StreamingVideo;
import dev.saffron.spice.testing.QemuOptions.WanCompression;

/**
 * The servers of the live benchmark: QEMU running {@link dev.saffron.spice.testing.AnimatedGuest}, whose
 * screen changes 18 times a second, under one of spice-server's image settings.
 */
enum LiveWorkload {
    /** QEMU's default {@code image-compression=auto_glz}, streaming off: every change is a GLZ image. */
    GLZ("glz", "image-compression=auto_glz,streaming-video=off"),
    /** {@code image-compression=quic}, streaming off. */
    QUIC("quic", "image-compression=quic,streaming-video=off"),
    /** {@code image-compression=off}, streaming off: plain bitmaps. */
    OFF("off", "image-compression=off,streaming-video=off"),
    /** What would be QUIC goes out as JPEG ({@code jpeg-wan-compression=always}), streaming off. */
    JPEG("jpeg", "image-compression=quic,jpeg-wan-compression=always,streaming-video=off"),
    /** {@code streaming-video=all}: the animation becomes an MJPEG video stream. */
    VIDEO("video", "streaming-video=all"),
    /**
     * QEMU's own settings ({@code auto_glz}, {@code streaming-video=filter}): GLZ images until spice-server takes
     * the animation for a video and streams it as MJPEG. What the AOT cache is trained on ({@code scripts/aot-cache}).
     */
    DEFAULT("default", "QEMU's defaults: image-compression=auto_glz,streaming-video=filter");

    private final String label;
    private final String settings;

    LiveWorkload(String label, String settings) {
        this.label = label;
        this.settings = settings;
    }

    /** @return the name on the command line and in the table */
    String label() {
        return label;
    }

    /** @return the {@code -spice} settings, as the table shows them */
    String settings() {
        return settings;
    }

    /** @return the server's options, without the guest's arguments */
    QemuOptions.Builder serverOptions() {
        QemuOptions.Builder options = QemuOptions.builder();
        switch (this) {
            case GLZ -> options.imageCompression(ImageCompression.AUTO_GLZ).streamingVideo(StreamingVideo.OFF);
            case QUIC -> options.imageCompression(ImageCompression.QUIC).streamingVideo(StreamingVideo.OFF);
            case OFF -> options.imageCompression(ImageCompression.OFF).streamingVideo(StreamingVideo.OFF);
            case JPEG -> options.imageCompression(ImageCompression.QUIC).jpegWanCompression(WanCompression.ALWAYS)
                    .streamingVideo(StreamingVideo.OFF);
            case VIDEO -> options.streamingVideo(StreamingVideo.ALL);
            case DEFAULT -> {
            }
        }
        return options;
    }

    /** @return the workload with that {@linkplain #label() label} */
    static LiveWorkload byLabel(String label) {
        for (LiveWorkload workload : values()) {
            if (workload.label.equals(label)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("no live workload named " + label + "; there are glz, quic, off, jpeg, "
                + "video and default");
    }
}
