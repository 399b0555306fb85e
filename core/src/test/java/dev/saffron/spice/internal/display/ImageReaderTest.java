package dev.saffron.spice.internal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saffron.spice.internal.Bytes;
import dev.saffron.spice.internal.codec.GlzWindow;
import dev.saffron.spice.internal.codec.ImageLimits;
import dev.saffron.spice.internal.wire.WireReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageReaderTest {
    private static final ImageLimits LIMITS = new ImageLimits(64, 64, 4096);

    private static ImageReader reader() {
        SharedDisplayState shared = new SharedDisplayState(new ImageCache(4096), new GlzWindow(4096), 4096, 4096);
        return new ImageReader(shared, id -> null, LIMITS, Duration.ZERO);
    }

    /** Found by ImageReaderFuzzTest: JPEG_ALPHA went into a buffer without alpha, which the decoder refused. */
    @Test
    void jpegAlphaImageGetsItsAlphaPlane() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg));
        byte[] alpha = ByteBuffer.allocate(30)
                .putInt(0x20205A4C).putInt(0x00010001).putInt(10).putInt(1).putInt(1).putInt(4).putInt(1)
                .put((byte) 0).put((byte) 0x80).array();
        byte[] data = new Bytes().raw(jpeg.toByteArray()).raw(alpha).bytes();
        byte[] body = new Bytes().u8(0)
                .u64(1).u8(ImageReader.TYPE_JPEG_ALPHA).u8(0).u32(1).u32(1)
                .u8(1).u32(jpeg.size()).u32(data.length).raw(data).bytes();
        try (ImageReader reader = reader()) {
            ImageReader.Image image = reader.read(new WireReader(MemorySegment.ofArray(body), "test"), 1,
                    ImageReader.Role.SOURCE);
            assertTrue(image.lossy());
            assertTrue(image.pixels().hasAlpha());
            assertEquals(0x80, image.pixels().get(0, 0) >>> 24);
        }
    }
}
