package dev.saffron.spice.testing;

import dev.saffron.spice.spi.VideoCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A video stream made by the GStreamer encoders spice-server streams with (vp8enc; x264enc with spice-server's
 * zero-latency tuning) from a moving test pattern, split into the packets a display channel would carry: one
 * frame each, the first a key frame. Needs gst-launch-1.0 with gstreamer1.0-plugins-good, -ugly and -libav.
 *
 * @param frames   the compressed frames, in stream order
 * @param pictures the BGRx pictures the encoder was given, {@code width * height * 4} bytes each, when asked
 *                 for with {@link #encodeWithPictures}; else empty
 */
public record EncodedVideo(VideoCodec codec, int width, int height, List<byte[]> frames, List<byte[]> pictures) {
    /** H.264 access unit delimiter: a start code, then NAL unit type 9. */
    private static final byte[] AUD = {0, 0, 0, 1, 9};

    /** @return {@code frames} frames of the codec, without their source pictures */
    public static EncodedVideo encode(VideoCodec codec, int width, int height, int frames)
            throws IOException, InterruptedException {
        return encode(codec, width, height, frames, false);
    }

    /** @return {@code frames} frames of the codec with the pictures they were made from, to compare against */
    public static EncodedVideo encodeWithPictures(VideoCodec codec, int width, int height, int frames)
            throws IOException, InterruptedException {
        return encode(codec, width, height, frames, true);
    }

    private static EncodedVideo encode(VideoCodec codec, int width, int height, int frames, boolean withPictures)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("saffron-video");
        try {
            Path encoded = dir.resolve("video.bin");
            Path raw = dir.resolve("source.bgrx");
            List<String> command = new ArrayList<>(List.of(Tool.GST_LAUNCH.require().toString(), "-q", "videotestsrc",
                    "num-buffers=" + frames, "pattern=smpte", "horizontal-speed=4", "!",
                    "video/x-raw,format=I420,framerate=25/1,width=" + width + ",height=" + height, "!",
                    "tee", "name=t", "!", "queue", "!"));
            command.addAll(switch (codec) {
                // IVF keeps VP8's frame boundaries; H.264's access unit delimiters keep its own.
                case VP8 -> List.of("vp8enc", "deadline=1", "!", "avmux_ivf");
                case H264 -> List.of("x264enc", "tune=zerolatency", "speed-preset=ultrafast", "byte-stream=true",
                        "aud=true");
                default -> throw new IllegalArgumentException("no encoder here for " + codec);
            });
            command.addAll(List.of("!", "filesink", "location=" + encoded));
            if (withPictures) {
                command.addAll(List.of("t.", "!", "queue", "!", "videoconvert", "!", "video/x-raw,format=BGRx", "!",
                        "filesink", "location=" + raw));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("gst.log").toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("gst-launch-1.0 did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IOException("gst-launch-1.0 failed: " + Files.readString(dir.resolve("gst.log")));
            }
            byte[] bytes = Files.readAllBytes(encoded);
            List<byte[]> packets = codec == VideoCodec.VP8 ? ivfFrames(bytes) : accessUnits(bytes);
            List<byte[]> pictures = withPictures ? pictures(Files.readAllBytes(raw), width * height * 4) : List.of();
            return new EncodedVideo(codec, width, height, packets, pictures);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static List<byte[]> pictures(byte[] raw, int pictureBytes) {
        List<byte[]> pictures = new ArrayList<>();
        for (int offset = 0; offset + pictureBytes <= raw.length; offset += pictureBytes) {
            pictures.add(Arrays.copyOfRange(raw, offset, offset + pictureBytes));
        }
        return pictures;
    }

    /** IVF: a file header (its own length at offset 6), then per frame a 32-bit size and a 64-bit time. */
    private static List<byte[]> ivfFrames(byte[] file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 32 || in.getInt(0) != 0x46494B44) {
            throw new IOException("not an IVF file");
        }
        in.position(in.getShort(6));
        List<byte[]> frames = new ArrayList<>();
        while (in.remaining() >= 12) {
            int size = in.getInt();
            in.getLong();
            if (size < 0 || size > in.remaining()) {
                throw new IOException("IVF frame of " + size + " bytes with " + in.remaining() + " left");
            }
            byte[] frame = new byte[size];
            in.get(frame);
            frames.add(frame);
        }
        return frames;
    }

    /** Splits an Annex B stream at its access unit delimiters. */
    private static List<byte[]> accessUnits(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + AUD.length <= stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1
                    && (stream[i + 4] & 0x1F) == AUD[4]) {
                starts.add(i);
            }
        }
        starts.add(stream.length);
        List<byte[]> units = new ArrayList<>();
        for (int i = 0; i + 1 < starts.size(); i++) {
            units.add(Arrays.copyOfRange(stream, starts.get(i), starts.get(i + 1)));
        }
        return units;
    }
}
