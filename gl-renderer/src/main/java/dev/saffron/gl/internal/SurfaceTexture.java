package dev.saffron.gl.internal;

import dev.saffron.spice.DisplaySurface;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;

import static org.lwjgl.opengl.GL33C.*;

/**
 * The guest surface as a texture, kept current by uploading only the rectangles that changed. Each upload
 * copies those rectangles' rows from the surface's off-heap pixels into a mapped pixel buffer object, then
 * lets the driver copy from that buffer into the texture (BGRA bytes, as the surface holds them) without the
 * CPU waiting. Two buffers alternate and each is orphaned before it is refilled, so a frame never waits for
 * the previous one's transfer. Needs a current OpenGL 3.3 core context.
 */
public final class SurfaceTexture implements AutoCloseable {
    private static final int BYTES_PER_PIXEL = 4;

    private final int texture;
    private final int[] pixelBuffers = new int[2];
    private int nextBuffer;
    private int width;
    private int height;

    /** Creates an empty texture. */
    public SurfaceTexture() {
        texture = glGenTextures();
        glGenBuffers(pixelBuffers);
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        setFiltering(true);
    }

    /** Sizes the texture for a surface; its contents are undefined until the whole surface is uploaded. */
    public void resize(int newWidth, int newHeight) {
        width = newWidth;
        height = newHeight;
        glBindTexture(GL_TEXTURE_2D, texture);
        // RGB: the surface's fourth byte is padding in the guests' x8r8g8b8 format, so the picture is opaque.
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, width, height, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, 0L);
    }

    /** @return the texture's width; 0 before {@link #resize} */
    public int width() {
        return width;
    }

    /** @return the texture's height; 0 before {@link #resize} */
    public int height() {
        return height;
    }

    /**
     * Picks how the texture is sampled: exactly per pixel when each guest pixel is a whole square of the screen's
     * (the picture at its size, or 2×, 3×...), smoothed at other scales.
     */
    public void setFiltering(boolean nearest) {
        glBindTexture(GL_TEXTURE_2D, texture);
        int filter = nearest ? GL_NEAREST : GL_LINEAR;
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    }

    /**
     * Uploads the given rectangles of the surface, which must have the texture's size.
     *
     * @throws IllegalStateException if the surface was destroyed meanwhile
     */
    public void upload(DisplaySurface surface, List<DirtyRegion.Rectangle> rectangles) {
        if (rectangles.isEmpty()) {
            return;
        }
        long total = 0;
        for (DirtyRegion.Rectangle rectangle : rectangles) {
            total += (long) rectangle.width() * rectangle.height() * BYTES_PER_PIXEL;
        }
        long size = total;
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, pixelBuffers[nextBuffer]);
        nextBuffer = (nextBuffer + 1) % pixelBuffers.length;
        glBufferData(GL_PIXEL_UNPACK_BUFFER, size, GL_STREAM_DRAW);
        ByteBuffer mapped = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, size,
                GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT);
        if (mapped == null) {
            glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
            throw new IllegalStateException("the OpenGL driver cannot map a pixel buffer of " + size + " bytes");
        }
        try {
            MemorySegment target = MemorySegment.ofBuffer(mapped);
            surface.read((pixels, surfaceWidth, surfaceHeight, stride) -> {
                long offset = 0;
                for (DirtyRegion.Rectangle rectangle : rectangles) {
                    long rowBytes = (long) rectangle.width() * BYTES_PER_PIXEL;
                    for (int row = 0; row < rectangle.height(); row++) {
                        long source = (long) (rectangle.y() + row) * stride
                                + (long) rectangle.x() * BYTES_PER_PIXEL;
                        MemorySegment.copy(pixels, source, target, offset, rowBytes);
                        offset += rowBytes;
                    }
                }
                return null;
            });
        } finally {
            glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
        }
        glBindTexture(GL_TEXTURE_2D, texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, BYTES_PER_PIXEL);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        long offset = 0;
        for (DirtyRegion.Rectangle rectangle : rectangles) {
            glTexSubImage2D(GL_TEXTURE_2D, 0, rectangle.x(), rectangle.y(), rectangle.width(), rectangle.height(),
                    GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, offset);
            offset += (long) rectangle.width() * rectangle.height() * BYTES_PER_PIXEL;
        }
        glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    }

    /** Binds the texture to unit 0 for drawing. */
    public void bind() {
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, texture);
    }

    @Override
    public void close() {
        glDeleteBuffers(pixelBuffers);
        glDeleteTextures(texture);
    }
}
