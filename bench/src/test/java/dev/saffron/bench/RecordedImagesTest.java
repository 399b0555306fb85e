package dev.saffron.bench;

import dev.saffron.spice.internal.channel.MessageRecorder;
import dev.saffron.spice.internal.codec.TestEncoders;
import dev.saffron.spice.internal.display.PixelBuffer;
import dev.saffron.spice.internal.protocol.DisplayProtocol;
import dev.saffron.spice.internal.wire.MessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The extractor finds the images a hand-made display recording carries, byte for byte. */
class RecordedImagesTest {
    private static final int DISPLAY = 2;
    private static final int TYPE_LZ_RGB = 101;
    private static final int TYPE_FROM_CACHE = 103;
    /** DRAW_COPY's fixed part with no clip: base 21, source pointer 4, area 16, rop 2, scale 1, mask 13. */
    private static final int DRAW_COPY_BYTES = 57;

    @Test
    void drawCopySourcesAndStreamFramesComeOutInOrder(@TempDir Path dir) throws Exception {
        int[] rgb = {0x102030, 0x405060, 0x708090, 0xA0B0C0, 0x000000, 0xFFFFFF, 0x102030, 0x405060,
            0x708090, 0xA0B0C0, 0x000000, 0xFFFFFF};
        byte[] lz = TestEncoders.lz(4, 3, rgb);
        int[] frame = new int[16 * 8];
        Arrays.fill(frame, 0x336699);
        byte[] jpeg = TestEncoders.jpeg(16, 8, frame, 0.9f);
        Path file = dir.resolve("display.rec");
        write(file, List.of(
                message(DisplayProtocol.MSG_MARK, new byte[0]),
                message(DisplayProtocol.MSG_DRAW_COPY,
                        drawCopy(new MessageBuilder(64).u64(1).u8(TYPE_LZ_RGB).u8(0).u32(4).u32(3)
                        .u32(lz.length).bytes(lz).build())),
                message(DisplayProtocol.MSG_DRAW_COPY,
                        drawCopy(new MessageBuilder(18).u64(1).u8(TYPE_FROM_CACHE).u8(0).u32(4).u32(3)
                        .build())),
                message(DisplayProtocol.MSG_STREAM_DATA, bytes(new MessageBuilder(16).u32(7).u32(1000).u32(jpeg.length)
                        .bytes(jpeg).build()))));

        try (Arena arena = Arena.ofConfined()) {
            RecordedImages recorded = RecordedImages.extract(file, arena);

            assertEquals(2, recorded.images().size());
            ImagePayload.Lz image = assertInstanceOf(ImagePayload.Lz.class, recorded.images().get(0));
            assertEquals(4, image.width());
            assertEquals(3, image.height());
            assertArrayEquals(lz, image.data().toArray(ValueLayout.JAVA_BYTE));
            ImagePayload.Jpeg video = assertInstanceOf(ImagePayload.Jpeg.class, recorded.images().get(1));
            assertEquals(16, video.width());
            assertEquals(8, video.height());
            assertArrayEquals(jpeg, video.data().toArray(ValueLayout.JAVA_BYTE));
            assertEquals(Map.of("image from the cache", 1), recorded.skipped());
            assertEquals(Map.of(Codec.LZ, 1, Codec.JPEG, 1), recorded.counts());

            PixelBuffer decoded = PixelBuffer.allocateHeap(4, 3, false);
            try (PayloadDecoder decoder = new PayloadDecoder()) {
                decoder.decode(image, decoded);
            }
            for (int i = 0; i < rgb.length; i++) {
                assertEquals(rgb[i], decoded.get(i % 4, i / 4) & 0xFFFFFF, "pixel " + i);
            }
        }
    }

    /** A DRAW_COPY to surface 0 whose source image follows the fixed part. */
    private static byte[] drawCopy(ByteBuffer image) {
        ByteBuffer body = ByteBuffer.allocate(DRAW_COPY_BYTES + image.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(0).putInt(0).putInt(0).putInt(3).putInt(4).put((byte) 0);
        body.putInt(DRAW_COPY_BYTES).putInt(0).putInt(0).putInt(3).putInt(4).putShort((short) 8).put((byte) 0);
        body.put(new byte[13]);
        body.put(image);
        return body.array();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A message with a mini header: u16 type, u32 size, little-endian. */
    private static byte[] message(int type, byte[] body) {
        return ByteBuffer.allocate(6 + body.length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) type)
                .putInt(body.length).put(body).array();
    }

    /** The recording layout MessageRecorder documents. */
    private static void write(Path file, List<byte[]> messages) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.write(MessageRecorder.MAGIC);
            out.writeByte(DISPLAY);
            out.writeByte(0);
            out.writeByte(1);
            for (byte[] message : messages) {
                out.writeLong(0);
                out.writeInt(0);
                out.writeInt(message.length);
                out.write(message);
            }
        }
    }
}
