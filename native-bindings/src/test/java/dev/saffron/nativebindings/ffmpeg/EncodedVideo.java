package dev.saffron.nativebindings.ffmpeg;

import dev.saffron.spice.testing.Tool;
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
 * Video encoded by GStreamer's encoders (gst-launch-1.0; vp8enc from gstreamer1.0-plugins-good, x264enc from
 * -ugly, the IVF muxer from gstreamer1.0-libav): the same encoders spice-server streams with. Each comes with
 * the raw BGRx pictures the encoder was given, for comparing decoded pictures against.
 *
 * @param frames   the compressed frames, one packet each
 * @param pictures the source pictures, BGRx, {@code width * height * 4} bytes each
 */
record EncodedVideo(List<byte[]> frames, List<byte[]> pictures, int width, int height) {
    /** @param encoder a gst-launch element chain that turns I420 into the codec's packets */
    private static EncodedVideo encode(Path dir, String encoder, boolean ivf, int frames, int width, int height)
            throws IOException, InterruptedException {
        Path encoded = dir.resolve("video.bin");
        Path raw = dir.resolve("source.bgrx");
        List<String> command = new ArrayList<>(List.of(Tool.GST_LAUNCH.require().toString(), "-q", "videotestsrc",
                "num-buffers=" + frames, "pattern=smpte", "horizontal-speed=3", "!",
                "video/x-raw,format=I420,framerate=10/1,width=" + width + ",height=" + height, "!", "tee", "name=t",
                "!", "queue", "!"));
        command.addAll(List.of(encoder.split(" ")));
        if (ivf) {
            command.addAll(List.of("!", "avmux_ivf"));
        }
        command.addAll(List.of("!", "filesink", "location=" + encoded, "t.", "!", "queue", "!", "videoconvert", "!",
                "video/x-raw,format=BGRx", "!", "filesink", "location=" + raw));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gst.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("gst-launch-1.0 did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException("gst-launch-1.0 failed: " + Files.readString(dir.resolve("gst.log")));
        }
        byte[] bytes = Files.readAllBytes(encoded);
        List<byte[]> packets = ivf ? ivfFrames(bytes) : List.of(bytes);
        byte[] source = Files.readAllBytes(raw);
        int pictureBytes = width * height * 4;
        List<byte[]> pictures = new ArrayList<>();
        for (int offset = 0; offset + pictureBytes <= source.length; offset += pictureBytes) {
            pictures.add(Arrays.copyOfRange(source, offset, offset + pictureBytes));
        }
        return new EncodedVideo(packets, pictures, width, height);
    }

    /** @return VP8 frames from vp8enc, in an IVF file so that frame boundaries survive */
    static EncodedVideo vp8(Path dir, int frames, int width, int height) throws IOException, InterruptedException {
        return encode(dir, "vp8enc deadline=1", true, frames, width, height);
    }

    /** @return one H.264 access unit (parameter sets and an IDR picture) as spice-server's x264enc makes it */
    static EncodedVideo h264KeyFrame(Path dir, int width, int height) throws IOException, InterruptedException {
        return encode(dir, "x264enc tune=zerolatency speed-preset=ultrafast byte-stream=true", false, 1, width,
                height);
    }

    /** IVF: a 32-byte file header (its own length at offset 6), then per frame a 32-bit size, a 64-bit time. */
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
}
